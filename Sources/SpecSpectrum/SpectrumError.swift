import SpecTensor

/// The relative spectrum error of generated images per frequency bin, as the reference's error plots:
/// mean_gen / mean_real − 1, without the DC bin, clamped to [−1, 1]. Shape (L − 1) for means of length L.
/// A bin where the real mean is zero has error 0 if the generated mean is zero too, else +1.
public func spectrumError(real: Tensor, generated: Tensor) throws -> Tensor {
    guard real.rank == 1, real.shape == generated.shape, real.count >= 2 else {
        throw TensorError.message("spectrum_error needs two mean spectra of the same length ≥ 2, got shapes \(real.shape.shapeDescription) and \(generated.shape.shapeDescription)")
    }
    let errors = (1..<real.count).map { b -> Float in
        let r = Double(real.scalars[b]), g = Double(generated.scalars[b])
        guard r != 0 else { return g == 0 ? 0 : 1 }
        return Float(Swift.min(Swift.max(g / r - 1, -1), 1))
    }
    return Tensor(errors)
}

/// The spectrum error of statistics of generated images relative to those of the real images.
public func spectrumError(real: SpectrumStatistics, generated: SpectrumStatistics) throws -> Tensor {
    try spectrumError(real: real.mean, generated: generated.mean)
}

/// The spectrum error over a training run: one row per evaluation step, ordered by step, as the reference's
/// error-evolution image (steps × bins without DC).
public struct SpectrumErrorEvolution: Sendable {
    /// Mean spectrum of the real images, shape (L).
    public let realMean: Tensor
    /// The evaluation steps recorded, ascending.
    public private(set) var steps: [Int] = []
    private var rows: [Tensor] = []

    public init(realMean: Tensor) throws {
        guard realMean.rank == 1, realMean.count >= 2 else {
            throw TensorError.message("spectrum error evolution needs a real mean spectrum of length ≥ 2, got shape \(realMean.shape.shapeDescription)")
        }
        self.realMean = realMean.detached()
    }

    /// Adds the error of the generated mean spectrum at `step`; a step recorded before is replaced.
    public mutating func record(step: Int, generatedMean: Tensor) throws {
        let row = try spectrumError(real: realMean, generated: generatedMean)
        if let i = steps.firstIndex(of: step) {
            rows[i] = row
            return
        }
        let i = steps.firstIndex { $0 > step } ?? steps.count
        steps.insert(step, at: i)
        rows.insert(row, at: i)
    }

    /// The errors as a matrix (steps × (L − 1)), rows in the order of `steps`.
    public func matrix() throws -> Tensor {
        try Tensor(shape: [rows.count, realMean.count - 1], scalars: rows.flatMap(\.scalars))
    }
}
