import Foundation

/// StyleGAN3's low-pass filters: a Kaiser-windowed sinc designed as scipy.signal.firwin(numtaps, cutoff, width,
/// fs) designs it (the window's β from the transition width by Kaiser's formulas, unit gain at DC), in float64.
public enum LowpassFilter {
    /// The filter taps, or nil for a single tap (the identity).
    public static func design(taps: Int, cutoff: Double, width: Double, samplingRate fs: Double) throws -> [Double]? {
        guard taps != 1 else { return nil }
        guard taps > 1, cutoff > 0, width > 0, fs > 0, cutoff < fs / 2 else {
            throw GANError.invalidConfiguration("low-pass filter: needs taps ≥ 1 and 0 < cutoff < fs/2, got \(taps) taps, cutoff \(cutoff), fs \(fs)")
        }
        let nyquist = fs / 2
        let attenuation = 2.285 * Double(taps - 1) * Double.pi * (width / nyquist) + 7.95
        let beta = attenuation > 50 ? 0.1102 * (attenuation - 8.7)
            : attenuation > 21 ? 0.5842 * pow(attenuation - 21, 0.4) + 0.07886 * (attenuation - 21) : 0
        let c = cutoff / nyquist
        let alpha = 0.5 * Double(taps - 1)
        var h = (0..<taps).map { i -> Double in
            let m = Double(i) - alpha
            let window = besselI0(beta * (1 - pow(2 * Double(i) / Double(taps - 1) - 1, 2)).squareRoot()) / besselI0(beta)
            return c * sinc(c * m) * window
        }
        let total = h.reduce(0, +)  // scaled to unit gain at frequency 0
        h = h.map { $0 / total }
        return h
    }

    static func sinc(_ x: Double) -> Double { x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x) }

    /// The modified Bessel function of the first kind, order 0, by its power series.
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0, k = 1.0
        let q = x * x / 4
        while term > sum * 1e-17 {
            term *= q / (k * k)
            sum += term
            k += 1
        }
        return sum
    }
}
