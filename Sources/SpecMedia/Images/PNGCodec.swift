import CPNG
import Foundation

/// PNG decoding and encoding through libpng's simplified `png_image` API (no setjmp needed).
///
/// Reading keeps the stored values: 8-bit files (and 1-, 2-, 4-bit gray and palette files, expanded to 8 bits)
/// are read as 8-bit samples unchanged, unless a gAMA chunk declares a gamma far from sRGB's, which libpng
/// converts to sRGB; palette files become RGB, or RGBA when they carry transparency.
/// 16-bit files are read as 16-bit samples. libpng's simplified reader treats 16-bit data as linear light and
/// returns colour premultiplied by alpha; untagged files therefore pass unchanged when opaque, and translucent
/// 16-bit pixels are un-premultiplied here (within one step of 65535 of the stored value).
public enum PNGCodec {
    /// Larger decoded images are refused rather than allocated (a corrupt header can claim any size).
    static let maxDecodedBytes = 1 << 30

    /// Reads a PNG file.
    public static func read(_ path: String) throws -> PixelImage {
        guard FileManager.default.fileExists(atPath: path) else { throw MediaError.fileNotFound(path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw MediaError.corruptPNG(path, "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(data, name: path)
    }

    /// Decodes PNG bytes; `name` is used in error messages.
    public static func decode(_ data: Data, name: String = "PNG data") throws -> PixelImage {
        guard data.count >= 8, data.prefix(8).elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw MediaError.corruptPNG(name, data.isEmpty ? "the file is empty" : "no PNG signature")
        }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let begun = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw MediaError.corruptPNG(name, message(of: &image)) }

        let sixteenBit = image.format & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0
        // Keep the file's gray/colour and alpha layout; drop the colour map (palette files are expanded).
        image.format &= UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA | PNG_FORMAT_FLAG_LINEAR)
        let channels = Int(image.format & UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)) + 1
        let (width, height) = (Int(image.width), Int(image.height))
        let sampleCount = width * height * channels
        guard sampleCount * (sixteenBit ? 2 : 1) <= maxDecodedBytes else {
            throw MediaError.corruptPNG(name, "the header claims a \(width)×\(height) image, too large to decode")
        }

        var samples: [UInt16]
        if sixteenBit {
            samples = [UInt16](repeating: 0, count: sampleCount)
            let ok = samples.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw MediaError.corruptPNG(name, message(of: &image)) }
            if channels == 2 || channels == 4 { unpremultiply(&samples, channels: channels) }
        } else {
            var bytes = [UInt8](repeating: 0, count: sampleCount)
            let ok = bytes.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
            guard ok != 0 else { throw MediaError.corruptPNG(name, message(of: &image)) }
            samples = bytes.map(UInt16.init)
        }
        return try PixelImage(width: width, height: height, channels: channels, bitDepth: sixteenBit ? 16 : 8, samples: samples)
    }

    /// Encodes an image as PNG bytes: 8-bit images as sRGB 8-bit PNG, 16-bit gray or RGB images as 16-bit PNG.
    /// 16-bit images with alpha are refused: the simplified writer would round their colour through premultiplication.
    public static func encode(_ image: PixelImage) throws -> Data {
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        png.format = UInt32(image.channels - 1)
        defer { png_image_free(&png) }
        let buffer: [UInt8]
        if image.bitDepth == 16 {
            guard image.channels == 1 || image.channels == 3 else {
                throw MediaError.invalidArgument("16-bit PNG output supports gray and RGB images, not \(image.channels) channels with alpha")
            }
            png.format |= UInt32(PNG_FORMAT_FLAG_LINEAR)
            buffer = image.samples.withUnsafeBytes { [UInt8]($0) }
        } else {
            buffer = image.samples.map { UInt8(truncatingIfNeeded: $0) }
        }
        var size = 0
        // First call measures, second call writes.
        let measured = buffer.withUnsafeBytes { png_image_write_to_memory(&png, nil, &size, 0, $0.baseAddress, 0, nil) }
        guard measured != 0, size > 0 else { throw MediaError.invalidArgument("libpng cannot encode the image: \(message(of: &png))") }
        var out = [UInt8](repeating: 0, count: size)
        let written = buffer.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { png_image_write_to_memory(&png, $0.baseAddress, &size, 0, src.baseAddress, 0, nil) }
        }
        guard written != 0 else { throw MediaError.invalidArgument("libpng cannot encode the image: \(message(of: &png))") }
        return Data(out.prefix(size))
    }

    /// Encodes and writes a PNG file.
    public static func write(_ image: PixelImage, to path: String) throws {
        try writeFile(try encode(image), to: path)
    }

    /// libpng's error text, held in a fixed C array inside the struct.
    private static func message(of image: inout png_image) -> String {
        let text = withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return text.isEmpty ? "libpng gave no reason" : text
    }

    /// Undoes libpng's alpha premultiplication of 16-bit linear output, in place.
    private static func unpremultiply(_ samples: inout [UInt16], channels: Int) {
        let alpha = channels - 1
        for p in stride(from: 0, to: samples.count, by: channels) {
            let a = Int(samples[p + alpha])
            guard a > 0, a < 65535 else { continue }
            for c in 0..<alpha {
                let v = (Int(samples[p + c]) * 65535 + a / 2) / a
                samples[p + c] = UInt16(min(v, 65535))
            }
        }
    }
}
