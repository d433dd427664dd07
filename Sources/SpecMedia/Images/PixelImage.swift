import SpecTensor

/// An image as integer samples, the way a PNG file stores it: interleaved channels, rows top to bottom.
///
/// Channels are 1 (gray), 2 (gray, alpha), 3 (RGB) or 4 (RGBA); `bitDepth` is 8 (samples 0...255) or 16
/// (samples 0...65535). Samples are held as `UInt16` for both depths.
public struct PixelImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public let bitDepth: Int
    /// `height × width × channels` samples, row-major with channels innermost.
    public let samples: [UInt16]

    /// Checks the size, channel count, bit depth, sample count and 8-bit sample range.
    public init(width: Int, height: Int, channels: Int, bitDepth: Int, samples: [UInt16]) throws {
        guard width > 0, height > 0 else { throw MediaError.invalidArgument("an image needs a positive size, got \(width)×\(height)") }
        guard (1...4).contains(channels) else { throw MediaError.invalidArgument("an image has 1 to 4 channels, got \(channels)") }
        guard bitDepth == 8 || bitDepth == 16 else { throw MediaError.invalidArgument("bit depth must be 8 or 16, got \(bitDepth)") }
        guard samples.count == width * height * channels else {
            throw MediaError.invalidArgument("\(samples.count) samples do not fill a \(width)×\(height) image with \(channels) channels")
        }
        let maxValue = UInt16(bitDepth == 8 ? 255 : 65535)
        guard bitDepth == 16 || samples.allSatisfy({ $0 <= maxValue }) else {
            throw MediaError.invalidArgument("8-bit samples must be at most 255")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// The largest sample value at this bit depth.
    public var maxSample: Int { bitDepth == 8 ? 255 : 65535 }

    /// The image as a (C, H, W) tensor in [−1, 1]: a sample s becomes s / max · 2 − 1 (alpha too).
    public func tensor() throws -> Tensor {
        let plane = width * height
        let scale = 2 / Double(maxSample)
        var out = [Float](repeating: 0, count: plane * channels)
        for p in 0..<plane {
            for c in 0..<channels {
                out[c * plane + p] = Float(Double(samples[p * channels + c]) * scale - 1)
            }
        }
        return try Tensor(shape: [channels, height, width], scalars: out)
    }

    /// Quantises a (C, H, W) tensor in [−1, 1] (or an (H, W) gray image) to samples.
    ///
    /// Rounding: a value x is clamped to [−1, 1], mapped to t = (x + 1) / 2 and stored as ⌊t · max + ½⌋, i.e.
    /// rounded half up, as torchvision's `save_image` does. So `PixelImage(tensor: image.tensor())` gives back the
    /// same samples. (The reference's PSNR truncates instead; that conversion lives with the metric.)
    /// NaN or infinite values are an error: they have no honest pixel value.
    public init(tensor: Tensor, bitDepth: Int = 8) throws {
        let shape: [Int]
        switch tensor.rank {
        case 2: shape = [1] + tensor.shape
        case 3: shape = tensor.shape
        default:
            throw MediaError.invalidArgument("an image tensor has shape (C, H, W) or (H, W), got \(tensor.shape.shapeDescription)"
                + (tensor.rank == 4 ? "; use image_grid for a batch" : ""))
        }
        let (channels, height, width) = (shape[0], shape[1], shape[2])
        guard (1...4).contains(channels) else {
            throw MediaError.invalidArgument("an image tensor has 1 to 4 channels, got \(channels) in shape \(tensor.shape.shapeDescription)")
        }
        guard bitDepth == 8 || bitDepth == 16 else { throw MediaError.invalidArgument("bit depth must be 8 or 16, got \(bitDepth)") }
        let bad = tensor.scalars.lazy.filter { !$0.isFinite }.count
        guard bad == 0 else { throw MediaError.invalidArgument("the image has \(bad) NaN or infinite values") }
        let maxValue = Double(bitDepth == 8 ? 255 : 65535)
        let plane = width * height
        var samples = [UInt16](repeating: 0, count: plane * channels)
        tensor.scalars.withUnsafeBufferPointer { x in
            for c in 0..<channels {
                for p in 0..<plane {
                    let t = min(max((Double(x[c * plane + p]) + 1) / 2, 0), 1)
                    samples[p * channels + c] = UInt16((t * maxValue + 0.5).rounded(.down))
                }
            }
        }
        try self.init(width: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples)
    }
}
