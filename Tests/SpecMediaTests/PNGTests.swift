import Foundation
import Testing
import SpecTensor
@testable import SpecMedia

@Suite("PNG read and write")
struct PNGTests {
    /// Every 8-bit layout survives encode → decode sample for sample, and load_png/save_png keep the values.
    @Test(arguments: [1, 2, 3, 4])
    func eightBitRoundTripIsExact(channels: Int) throws {
        let (w, h) = (7, 5)
        let samples = (0..<(w * h * channels)).map { UInt16(($0 * 37 + 11) % 256) }
        let image = try PixelImage(width: w, height: h, channels: channels, bitDepth: 8, samples: samples)
        #expect(try PNGCodec.decode(try PNGCodec.encode(image)) == image)

        let path = try outputDirectory("png").appendingPathComponent("round-trip-\(channels).png").path
        try savePNG(try image.tensor(), to: path)
        let loaded = try loadPNG(path)
        #expect(loaded.shape == [channels, h, w])
        #expect(try PixelImage(tensor: loaded) == image)
    }

    @Test(arguments: [1, 3])
    func sixteenBitRoundTripIsExact(channels: Int) throws {
        let samples = (0..<(4 * 3 * channels)).map { UInt16(($0 * 5003 + 17) % 65536) }
        let image = try PixelImage(width: 4, height: 3, channels: channels, bitDepth: 16, samples: samples)
        #expect(try PNGCodec.decode(try PNGCodec.encode(image)) == image)
    }

    @Test func sixteenBitWithAlphaIsRefusedOnWrite() throws {
        let image = try PixelImage(width: 1, height: 1, channels: 2, bitDepth: 16, samples: [1, 2])
        #expect(throws: MediaError.self) { try PNGCodec.encode(image) }
    }

    @Test func tensorQuantisationRoundsHalfUpAndClamps() throws {
        // (x + 1) / 2 · 255: −1 → 0, 1 → 255, 0 → 127.5 → 128, out of range clamps.
        let t = try Tensor(shape: [1, 1, 5], scalars: [-1, 0, 1, -3, 2])
        #expect(try PixelImage(tensor: t).samples == [0, 128, 255, 0, 255])
        #expect(try PixelImage(tensor: t, bitDepth: 16).samples == [0, 32768, 65535, 0, 65535])
        // Every 8-bit level survives sample → tensor → sample.
        let levels = try PixelImage(width: 256, height: 1, channels: 1, bitDepth: 8, samples: (0...255).map(UInt16.init))
        #expect(try PixelImage(tensor: try levels.tensor()) == levels)
        #expect(try levels.tensor().scalars[255] == 1)
        #expect(throws: MediaError.self) { try PixelImage(tensor: Tensor([Float.nan]).reshaped([1, 1, 1])) }
        #expect(throws: MediaError.self) { try PixelImage(tensor: Tensor.zeros([2, 1, 2, 2])) }
        #expect(throws: MediaError.self) { try PixelImage(tensor: Tensor.zeros([5, 2, 2])) }
    }

    @Test func readsPaletteWithTransparency() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let png = HandMadePNG.make(width: 3, height: 1, bitDepth: 8, colorType: .palette, scanlines: [[2, 0, 1]],
                                   palette: palette, transparency: [255, 128, 0])
        let image = try PNGCodec.decode(png)
        #expect(image.channels == 4 && image.bitDepth == 8)
        #expect(image.samples == [0, 0, 255, 0, 255, 0, 0, 255, 0, 255, 0, 128])
    }

    @Test func readsOpaquePaletteAsRGB() throws {
        let png = HandMadePNG.make(width: 2, height: 1, bitDepth: 8, colorType: .palette, scanlines: [[1, 0]],
                                   palette: [10, 20, 30, 40, 50, 60])
        let image = try PNGCodec.decode(png)
        #expect(image.channels == 3)
        #expect(image.samples == [40, 50, 60, 10, 20, 30])
    }

    @Test func readsSixteenBitGrayUnchanged() throws {
        let values: [UInt16] = [0, 1, 12345, 65535]
        let png = HandMadePNG.make(width: 4, height: 1, bitDepth: 16, colorType: .gray, scanlines: [values.flatMap(HandMadePNG.bigEndian16)])
        let image = try PNGCodec.decode(png)
        #expect(image.bitDepth == 16 && image.channels == 1)
        #expect(image.samples == values)
        #expect(try image.tensor().scalars == [-1, Float(2.0 / 65535 - 1), Float(24690.0 / 65535 - 1), 1])
    }

    @Test func readsSixteenBitGrayAlpha() throws {
        // Opaque pixels are exact; translucent ones come back within one step (libpng premultiplies).
        let pixels: [(UInt16, UInt16)] = [(40000, 65535), (40000, 32768), (1000, 65535), (65535, 0)]
        let png = HandMadePNG.make(width: 4, height: 1, bitDepth: 16, colorType: .grayAlpha,
                                   scanlines: [pixels.flatMap { HandMadePNG.bigEndian16($0.0) + HandMadePNG.bigEndian16($0.1) }])
        let image = try PNGCodec.decode(png)
        #expect(image.bitDepth == 16 && image.channels == 2)
        #expect(image.samples[0] == 40000 && image.samples[1] == 65535)
        #expect(abs(Int(image.samples[2]) - 40000) <= 1 && image.samples[3] == 32768)
        #expect(image.samples[4] == 1000 && image.samples[5] == 65535)
        #expect(image.samples[7] == 0)
    }

    @Test func readsEightBitGrayAlphaAndSubByteGray() throws {
        let ga = HandMadePNG.make(width: 2, height: 1, bitDepth: 8, colorType: .grayAlpha, scanlines: [[200, 100, 7, 255]])
        #expect(try PNGCodec.decode(ga).samples == [200, 100, 7, 255])
        // 1-bit gray 0b1010_0000 over 3 pixels: 1, 0, 1 expand to 255, 0, 255.
        let bits = HandMadePNG.make(width: 3, height: 2, bitDepth: 1, colorType: .gray, scanlines: [[0b1010_0000], [0b0100_0000]])
        let image = try PNGCodec.decode(bits)
        #expect(image.channels == 1 && image.bitDepth == 8)
        #expect(image.samples == [255, 0, 255, 0, 255, 0])
    }

    @Test func readsSixteenBitRGB() throws {
        let values: [UInt16] = [1, 2, 3, 65535, 30000, 0]
        let png = HandMadePNG.make(width: 2, height: 1, bitDepth: 16, colorType: .rgb, scanlines: [values.flatMap(HandMadePNG.bigEndian16)])
        #expect(try PNGCodec.decode(png).samples == values)
    }

    @Test func brokenFilesAreClearErrors() throws {
        let image = try PixelImage(width: 16, height: 16, channels: 3, bitDepth: 8, samples: (0..<768).map { UInt16($0 % 256) })
        let good = try PNGCodec.encode(image)
        let cases: [(String, Data)] = [
            ("empty", Data()),
            ("garbage", Data("this is not an image at all".utf8)),
            ("signature only", good.prefix(8)),
            ("truncated header", good.prefix(20)),
            ("truncated data", good.prefix(good.count / 2)),
            ("corrupt data", Data(good.enumerated().map { $0.offset > 60 && $0.offset < good.count - 20 ? 0xAA : $0.element })),
        ]
        for (name, bytes) in cases {
            do {
                _ = try PNGCodec.decode(bytes, name: name)
                Issue.record("\(name): decoded without error")
            } catch let error as MediaError {
                guard case .corruptPNG(let file, let why) = error else { Issue.record("\(name): \(error)"); continue }
                #expect(file == name && !why.isEmpty)
            }
        }
    }

    @Test func missingFileIsNamed() throws {
        let path = "/nonexistent/dir/none.png"
        #expect(throws: MediaError.fileNotFound(path)) { try loadPNG(path) }
    }

    @Test func batchesAreSavedAsAGrid() throws {
        let path = try outputDirectory("png").appendingPathComponent("batch.png").path
        try savePNG(try SampleData.images(10, size: 8), to: path)
        // torchvision's save_image: 8 per row, padding 2 → 2 rows.
        #expect(try loadPNG(path).shape == [3, 2 * 10 + 2, 8 * 10 + 2])
    }

    @Test func unwritablePathIsAnError() throws {
        #expect(throws: MediaError.self) { try savePNG(Tensor.zeros([1, 2, 2]), to: "/nonexistent/dir/out.png") }
    }
}
