import Foundation
import SpecTensor

/// The paper's toy data set: images whose spectrum is a sum of radial Gaussian peaks at random frequencies,
/// made as the reference's `data/toyset.py` makes them (and read back as its data loader reads the PNG files).
///
/// For each image and each peak range (low, high), a frequency f is drawn uniformly from the range, as a fraction
/// of the maximal (diagonal) frequency. At twice the resolution, the half spectrum's magnitude is a Gaussian ridge
/// of radius f·√2 and width about one pixel, scaled so that every peak has the same height; each of three
/// channels gets its own random phase (zero at the DC and Nyquist terms), and an orthonormal inverse real FFT
/// makes the image. The peaks' images are averaged, mapped from [−1, 1] to 8 bits with clamping (truncating),
/// centre-cropped to the resolution and mapped back to v/255·2 − 1. A peak drawn at f lands near bin
/// f·√2·resolution/2 of the reduced spectrum (`bin(ofFrequency:resolution:)`).
///
/// The phase is uniform on (−π/2, π/2), as in the reference: it draws φ on [0, 2π) but builds the coefficient
/// as re = m/√(1 + tan²φ), im = re·tan φ, which folds φ into that half circle. Every coefficient then has a
/// non-negative real part, so part of each synthesised image is a fixed pattern around the origin that the
/// centre crop mostly removes; that is what gives the reference set its pixel spread (std 0.45) and clipping
/// (3 %). Uniform phase on the full circle would give std 0.56 with 10 % of the pixels clipped.
public struct ToySet: Sendable {
    /// The paper's two peaks, at 5–15 % and 75–85 % of the maximal frequency.
    public static let defaultPeaks: [(low: Double, high: Double)] = [(0.05, 0.15), (0.75, 0.85)]

    /// Images (count, 3, resolution, resolution) with 8-bit values mapped to [−1, 1].
    public let images: Tensor
    /// The frequencies drawn for each image, one per peak range, as fractions of the maximal frequency.
    public let frequencies: [[Double]]

    /// Generates `count` images of an even `resolution` from `seed`.
    public init(resolution: Int, count: Int, seed: UInt64,
                peaks: [(low: Double, high: Double)] = ToySet.defaultPeaks) throws {
        guard resolution >= 2, resolution % 2 == 0 else {
            throw TensorError.message("toyset needs an even resolution ≥ 2, got \(resolution)")
        }
        guard count >= 1 else { throw TensorError.message("toyset needs a count ≥ 1, got \(count)") }
        guard !peaks.isEmpty, peaks.allSatisfy({ $0.low.isFinite && $0.high.isFinite && 0 <= $0.low && $0.low <= $0.high && $0.high <= 1 }) else {
            throw TensorError.message("toyset needs at least one peak range (low, high) with 0 ≤ low ≤ high ≤ 1, got \(peaks)")
        }
        let synthesis = PeakSynthesis(resolution: resolution)
        var rng = RandomGenerator(seed: seed)
        var pixels = [Float](), frequencies = [[Double]]()
        pixels.reserveCapacity(count * 3 * resolution * resolution)
        for _ in 0..<count {
            let drawn = peaks.map { $0.low + ($0.high - $0.low) * rng.nextDouble() }
            pixels += try synthesis.image(frequencies: drawn, using: &rng)
            frequencies.append(drawn)
        }
        images = try Tensor(shape: [count, 3, resolution, resolution], scalars: pixels)
        self.frequencies = frequencies
    }

    /// The reduced-spectrum bin (fractional) where a peak drawn at `frequency` (a fraction of the maximal
    /// frequency) lands in images of `resolution`: the ridge radius f·√2 in units of the axis Nyquist frequency,
    /// which is resolution/2 bins.
    public static func bin(ofFrequency frequency: Double, resolution: Int) -> Double {
        frequency * 2.squareRoot() * Double(resolution) / 2
    }
}

/// The spectral synthesis of toy images of one resolution, at twice that resolution before cropping.
private struct PeakSynthesis {
    let resolution: Int
    /// Side of the synthesised image.
    let size: Int
    /// Rows of one quadrant of the half spectrum (the other half is its mirror image).
    let quadrant: Int
    /// Radius of every element of the quadrant (quadrant × (quadrant + 1)), 1 at the axis Nyquist frequency.
    let radius: [Double]
    /// Ridge width, about one pixel.
    let sigma: Double
    /// Divides the peaks so that the magnitudes of one sum to about size² / 3 (a Gaussian ridge at the middle
    /// radius 1/√2, summed over the four quadrants), which gives every peak the same height.
    let normaliser: Double

    init(resolution: Int) {
        self.resolution = resolution
        size = 2 * resolution
        quadrant = resolution
        let q = quadrant
        radius = (0..<q).flatMap { i in
            (0...q).map { j in
                let y = q > 1 ? Double(i) / Double(q - 1) : 0, x = Double(j) / Double(q)
                return (y * y + x * x).squareRoot()
            }
        }
        sigma = 1 / Double(q + 1)
        let s = sigma
        normaliser = 4 * radius.reduce(0) { $0 + Self.gaussian($1, mean: 1 / 2.squareRoot(), sigma: s) }
    }

    static func gaussian(_ x: Double, mean: Double, sigma: Double) -> Double {
        Foundation.exp(-(x - mean) * (x - mean) / (2 * sigma * sigma)) / ((2 * Double.pi).squareRoot() * sigma)
    }

    /// One image (3, resolution, resolution), flattened, with one peak per frequency.
    func image(frequencies: [Double], using rng: inout RandomGenerator) throws -> [Float] {
        let rows = size, columns = quadrant + 1
        var spectra = [Float]()
        spectra.reserveCapacity(frequencies.count * 3 * rows * columns * 2)
        for f in frequencies {
            let magnitude = self.magnitude(radius: f * 2.squareRoot())
            for _ in 0..<3 {
                for u in 0..<rows {
                    // The lower half of the rows mirrors the upper half.
                    let source = u < quadrant ? u : rows - 1 - u
                    for v in 0..<columns {
                        let isRealTerm = (u == 0 || u == quadrant) && (v == 0 || v == columns - 1)
                        let phase = Double.pi * (rng.nextDouble() - 0.5)
                        let m = magnitude[source * columns + v]
                        spectra.append(Float(m * (isRealTerm ? 1 : Foundation.cos(phase))))
                        spectra.append(Float(isRealTerm ? 0 : m * Foundation.sin(phase)))
                    }
                }
            }
        }
        let half = try Tensor(shape: [frequencies.count, 3, rows, columns, 2], scalars: spectra)
        let synthesised = try withoutGrad { try half.irfft2(width: size, norm: .ortho).mean(axes: [0]) }
        return quantisedCentre(of: synthesised)
    }

    /// The Gaussian ridge of radius `center` over the quadrant, scaled.
    private func magnitude(radius center: Double) -> [Double] {
        let scale = Double(size * size) / 3 / normaliser
        return radius.map { Self.gaussian($0, mean: center, sigma: sigma) * scale }
    }

    /// 8-bit quantisation of the synthesised channels (3, size, size) and the centre crop, mapped back to [−1, 1].
    private func quantisedCentre(of image: Tensor) -> [Float] {
        let top = (size - resolution) / 2
        var out = [Float]()
        out.reserveCapacity(3 * resolution * resolution)
        for c in 0..<3 {
            for y in top..<(top + resolution) {
                for x in top..<(top + resolution) {
                    let value = image.scalars[(c * size + y) * size + x]
                    let level = Swift.min(Swift.max((value + 1) * 127.5, 0), 255).rounded(.towardZero)
                    out.append(level / 255 * 2 - 1)
                }
            }
        }
        return out
    }
}
