import SpecSpectrum
import SpecTensor

/// What a testbed's generator produces at one evaluation: for every data-set entry its image, summarised as the
/// spectrum statistics, the spectrum error against the data, PSNR against the data, and the first images as
/// samples (the reference's sample grid holds up to 32).
public struct Evaluation: Sendable {
    public let step: Int
    /// Spectrum statistics of the generated images (one per data-set entry).
    public let statistics: SpectrumStatistics
    /// mean_gen / mean_real − 1 per bin, DC dropped, clamped to [−1, 1]: (L − 1).
    public let error: Tensor
    /// PSNR of every generated image against its target, (N); +∞ where they agree after 8-bit quantisation.
    public let psnr: Tensor
    /// The first min(N, 32) generated images.
    public let samples: Tensor

    public init(step: Int, statistics: SpectrumStatistics, error: Tensor, psnr: Tensor, samples: Tensor) {
        self.step = step
        self.statistics = statistics
        self.error = error
        self.psnr = psnr
        self.samples = samples
    }

    /// The mean PSNR over images (+∞ when any image is reproduced exactly).
    public var meanPSNR: Double { psnr.scalars.isEmpty ? .nan : psnr.scalars.reduce(0) { $0 + Double($1) } / Double(psnr.count) }

    /// The mean error over the lower and the upper half of the bins: where a generator's frequency bias shows.
    public var errorHalves: (low: Double, high: Double) {
        let e = error.scalars.map(Double.init), half = e.count / 2
        func mean(_ s: ArraySlice<Double>) -> Double { s.isEmpty ? .nan : s.reduce(0, +) / Double(s.count) }
        return (mean(e[..<half]), mean(e[half...]))
    }

    /// The mean absolute error over all bins.
    public var meanAbsoluteError: Double {
        error.scalars.isEmpty ? .nan : error.scalars.reduce(0) { $0 + Swift.abs(Double($1)) } / Double(error.count)
    }
}

/// Evaluates a testbed against the spectrum statistics of its data (computed once, by the caller, so they can come
/// from a cache).
public struct Evaluator: Sendable {
    public let real: SpectrumStatistics
    /// Images generated per call to the generator.
    public let chunk: Int
    public static let sampleLimit = 32

    public init(real: SpectrumStatistics, chunk: Int = 32) throws {
        guard chunk > 0 else { throw GANError.invalidConfiguration("evaluation: the chunk size must be positive") }
        self.real = real
        self.chunk = chunk
    }

    public func evaluate(_ testbed: any Testbed) throws -> Evaluation {
        let n = testbed.images.shape[0]
        let parts = try stride(from: 0, to: n, by: chunk).map { start in
            try testbed.generated(Array(start..<Swift.min(start + chunk, n)))
        }
        let generated = parts.count == 1 ? parts[0] : try Tensor.cat(parts, axis: 0)
        do {
            let statistics = try SpectrumStatistics(images: generated)
            return Evaluation(step: testbed.iteration, statistics: statistics,
                              error: try spectrumError(real: real, generated: statistics),
                              psnr: try psnr(generated, testbed.images),
                              samples: try generated.rows(Array(0..<Swift.min(n, Self.sampleLimit))))
        } catch let e as TensorError {
            throw GANError.invalidInput("evaluation at step \(testbed.iteration): \(e.description)")
        }
    }
}
