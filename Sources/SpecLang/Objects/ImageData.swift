import Foundation
import SpecGAN
import SpecMedia
import SpecSpectrum
import SpecTensor

/// Image files as data sets, prepared as the reference's loader prepares them: RGB, centre-cropped to a square,
/// resized with PIL's Lanczos filter when the resolution differs, scaled to [−1, 1], optionally high-passed.
enum ImageData {
    /// Guards against a folder that would not fit in memory.
    static let maxValues = 1 << 30

    /// A PNG file as 8-bit RGB: gray is repeated over the three channels, alpha dropped, 16-bit samples keep
    /// their high byte (as PIL opens such files).
    static func rgb(_ image: PixelImage) throws -> RGBImage8 {
        let shift = image.bitDepth == 16 ? 8 : 0
        var levels = [UInt8](repeating: 0, count: image.width * image.height * 3)
        for p in 0..<(image.width * image.height) {
            for c in 0..<3 {
                let source = image.channels >= 3 ? c : 0
                levels[p * 3 + c] = UInt8(truncatingIfNeeded: image.samples[p * image.channels + source] >> UInt16(shift))
            }
        }
        return try RGBImage8(width: image.width, height: image.height, levels: levels)
    }

    /// One prepared image (3, R, R): R is `resolution`, or the shorter side when nil.
    static func prepared(_ url: URL, resolution: Int?) throws -> Tensor {
        let square = try rgb(try PNGCodec.read(url.path)).centerCroppedToSquare()
        guard let resolution, resolution != square.width else { return try square.tensor() }
        return try square.resizedLanczos(to: resolution).tensor()
    }

    /// The PNG files of a folder in sorted file-name order (byte order of the UTF-8 names). Other image formats
    /// are an error naming the file (spec reads PNG only); other files are ignored.
    static func pngFiles(in folder: URL) throws -> [URL] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw MediaError.fileNotFound(folder.path)
        }
        let sorted = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        if let other = sorted.first(where: { ["jpg", "jpeg"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }) {
            throw MediaError.invalidArgument("\(folder.path)/\(other): spec reads PNG images only; convert it (for example with ImageMagick: convert \(other) \(URL(fileURLWithPath: other).deletingPathExtension().lastPathComponent).png)")
        }
        return sorted.filter { URL(fileURLWithPath: $0).pathExtension.lowercased() == "png" }.map { folder.appendingPathComponent($0) }
    }

    /// The images of a folder as one tensor (N, 3, R, R); all must have the same size after cropping unless a
    /// resolution is given.
    /// `permit` is asked for every file before it is opened (the script's file fence).
    static func folder(_ folder: URL, resolution: Int?, subset: Int?, permit: (URL) throws -> Void) throws -> Tensor {
        var files = try pngFiles(in: folder)
        guard !files.isEmpty else { throw MediaError.invalidArgument("\(folder.path) holds no PNG images") }
        if let subset { files = Array(files.prefix(subset)) }
        try files.forEach(permit)
        var images: [Tensor] = []
        var total = 0
        for file in files {
            let image = try prepared(file, resolution: resolution)
            if let first = images.first, first.shape != image.shape {
                throw MediaError.invalidArgument("\(files[0].lastPathComponent) is \(first.shape[1])×\(first.shape[1]) after cropping, \(file.lastPathComponent) \(image.shape[1])×\(image.shape[1]): pass res: to resize them to one size")
            }
            total += image.count
            guard total <= maxValues else { throw MediaError.invalidArgument("the images of \(folder.path) hold more than 2³⁰ values; use subset: or a smaller res:") }
            images.append(image)
        }
        return try Tensor.stack(images, axis: 0)
    }
}
