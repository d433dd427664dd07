import Foundation
import SpecTensor
@testable import SpecMedia

/// Spectra and histories shaped like a toy-set run at 64 × 64 (46 bins): a power law with two peaks.
enum SampleData {
    static let bins = 46

    static func realSpectrum() -> SpectrumSeries {
        let mean = (0..<bins).map { i -> Double in
            let f = Double(i)
            return 2e5 / pow(1 + f, 2.2) * (1 + 6 * exp(-pow(f - 20, 2) / 3) + 4 * exp(-pow(f - 35, 2) / 2))
        }
        return SpectrumSeries(label: "ground truth", mean: mean, std: mean.map { $0 * 0.35 })
    }

    /// The real spectrum with missing high frequencies, as an early generator has.
    static func generatedSpectrum(label: String, falloff: Double) -> SpectrumSeries {
        let real = realSpectrum()
        let mean = real.mean.enumerated().map { i, m in m * exp(-pow(Double(i) / falloff, 3)) * 1.15 }
        return SpectrumSeries(label: label, mean: mean, std: mean.map { $0 * 0.25 })
    }

    /// 11 evaluations (every 1000 steps) × 45 bins: high frequencies start too weak and converge.
    static func errorMatrix() throws -> ErrorMatrix {
        let steps = Array(stride(from: 0, through: 10_000, by: 1000))
        var values: [Float] = []
        for (r, _) in steps.enumerated() {
            for b in 1..<bins {
                let reach = 8 + Double(r) * 3.5
                values.append(Float(max(-1, min(1, -1.2 * (1 - exp(-pow(Double(b) / reach, 4))) + 0.25 * sin(Double(b) / 3)))))
            }
        }
        return try ErrorMatrix(steps: steps, values: Tensor(shape: [steps.count, bins - 1], scalars: values))
    }

    static func losses() -> [CurveSeries] {
        let steps = (0...200).map { Double($0 * 50) }
        let d = steps.map { 1.4 * exp(-$0 / 3000) + 0.25 + 0.08 * sin($0 / 170) }
        let g = steps.map { 0.7 + 1.6 * (1 - exp(-$0 / 2500)) + 0.1 * cos($0 / 230) }
        return [CurveSeries(label: "loss_D", y: d, x: steps), CurveSeries(label: "loss_G", y: g, x: steps)]
    }

    /// A batch of smooth colour images in [−1, 1].
    static func images(_ n: Int, size: Int = 16) throws -> Tensor {
        var values: [Float] = []
        for k in 0..<n {
            for c in 0..<3 {
                for y in 0..<size {
                    for x in 0..<size {
                        values.append(Float(sin(Double(x * (k + 1) + c * 5) / 4) * cos(Double(y * (c + 1) + k) / 5)))
                    }
                }
            }
        }
        return try Tensor(shape: [n, 3, size, size], scalars: values)
    }
}
