import Foundation
import SpecTensor

/// An 8-bit RGB image prepared as the reference's data loader prepares it (PIL and torchvision): centre-cropped to
/// a square, resized with PIL's Lanczos filter in its 8-bit fixed-point arithmetic (so the resized levels are the
/// ones PIL computes), then mapped to [−1, 1] as `ToTensor` and `Normalize(0.5, 0.5)` do.
public struct RGBImage8: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// `height × width × 3` levels, row-major with channels innermost.
    public let levels: [UInt8]

    public init(width: Int, height: Int, levels: [UInt8]) throws {
        guard width > 0, height > 0, levels.count == width * height * 3 else {
            throw GANError.invalidInput("an RGB image of \(width)×\(height) needs \(max(width, 0) * max(height, 0) * 3) levels, got \(levels.count)")
        }
        self.width = width
        self.height = height
        self.levels = levels
    }

    /// The centred square of side min(width, height), placed as torchvision's `center_crop`
    /// (offsets ⌊(size − side)/2⌉ with Python's round-half-to-even).
    public func centerCroppedToSquare() throws -> RGBImage8 {
        let side = min(width, height)
        let top = Int((Double(height - side) / 2).rounded(.toNearestOrEven)), left = Int((Double(width - side) / 2).rounded(.toNearestOrEven))
        var out = [UInt8]()
        out.reserveCapacity(side * side * 3)
        for y in top..<(top + side) { out += levels[((y * width + left) * 3)..<((y * width + left + side) * 3)] }
        return try RGBImage8(width: side, height: side, levels: out)
    }

    /// PIL's `resize((size, size), LANCZOS)`: horizontal pass, then vertical, each with 8-bit rounding and
    /// clipping. The filter is a 3-lobe Lanczos window stretched by the scale when shrinking (antialiasing).
    public func resizedLanczos(to size: Int) throws -> RGBImage8 {
        guard size > 0 else { throw GANError.invalidConfiguration("resize: the size must be positive, got \(size)") }
        var image = self
        if size != width {
            let coefficients = Self.coefficients(input: width, output: size)
            var out = [UInt8](repeating: 0, count: height * size * 3)
            for y in 0..<height {
                for x in 0..<size {
                    let (start, weights) = coefficients[x]
                    for c in 0..<3 {
                        var sum = 1 << (Self.precisionBits - 1)
                        for (k, w) in weights.enumerated() { sum += Int(levels[(y * width + start + k) * 3 + c]) * w }
                        out[(y * size + x) * 3 + c] = Self.clip8(sum)
                    }
                }
            }
            image = try RGBImage8(width: size, height: height, levels: out)
        }
        if size != height {
            let coefficients = Self.coefficients(input: height, output: size)
            let w = image.width
            var out = [UInt8](repeating: 0, count: size * w * 3)
            for y in 0..<size {
                let (start, weights) = coefficients[y]
                for x in 0..<w {
                    for c in 0..<3 {
                        var sum = 1 << (Self.precisionBits - 1)
                        for (k, weight) in weights.enumerated() { sum += Int(image.levels[((start + k) * w + x) * 3 + c]) * weight }
                        out[(y * w + x) * 3 + c] = Self.clip8(sum)
                    }
                }
            }
            image = try RGBImage8(width: w, height: size, levels: out)
        }
        return image
    }

    /// (3, H, W) in [−1, 1]: (level / 255 − 0.5) / 0.5 in float32, as `ToTensor` then `Normalize`.
    public func tensor() throws -> Tensor {
        let plane = width * height
        var out = [Float](repeating: 0, count: plane * 3)
        for p in 0..<plane {
            for c in 0..<3 { out[c * plane + p] = (Float(levels[p * 3 + c]) / 255 - 0.5) / 0.5 }
        }
        return try Tensor(shape: [3, height, width], scalars: out)
    }

    // MARK: PIL's resampling arithmetic (Resample.c)

    static let precisionBits = 32 - 8 - 2

    static func clip8(_ value: Int) -> UInt8 {
        if value >= (1 << precisionBits) << 8 { return 255 }
        if value <= 0 { return 0 }
        return UInt8(value >> precisionBits)
    }

    static func lanczos(_ x: Double) -> Double {
        func sinc(_ x: Double) -> Double { x == 0 ? 1 : Foundation.sin(x * .pi) / (x * .pi) }
        return -3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0
    }

    /// For every output position: the first input index and the fixed-point weights (`precompute_coeffs` and
    /// `normalize_coeffs_8bpc`).
    static func coefficients(input: Int, output: Int) -> [(start: Int, weights: [Int])] {
        let scale = Double(input) / Double(output), filterScale = max(scale, 1), support = 3 * filterScale
        return (0..<output).map { xx in
            let center = (Double(xx) + 0.5) * scale
            let xmin = max(Int(center - support + 0.5), 0), xmax = min(Int(center + support + 0.5), input)
            let ss = 1 / filterScale
            let raw = (xmin..<max(xmax, xmin)).map { lanczos((Double($0) - center + 0.5) * ss) }
            let total = raw.reduce(0, +)
            let weights = raw.map { w -> Int in
                let normalised = total != 0 ? w / total : w
                let scaled = normalised * Double(1 << precisionBits)
                return Int(normalised < 0 ? scaled - 0.5 : scaled + 0.5)
            }
            return (xmin, weights)
        }
    }
}
