import SpecTensor

/// Per-bin mean and standard deviation of reduced spectra over a set of images, as the reference's
/// `compute_spectrum_stats_for_dataset` / `_for_generator`: each image's spectrum is the channel mean of its
/// per-channel reduced spectra; `std` is the sample standard deviation (divided by n − 1), zero for one image.
public struct SpectrumStatistics: Sendable, Equatable {
    /// Per-bin mean, shape (L).
    public let mean: Tensor
    /// Per-bin sample standard deviation, shape (L).
    public let std: Tensor
    /// Number of images the statistics summarise.
    public let count: Int

    /// Statistics given directly (for example read back from a cache).
    public init(mean: Tensor, std: Tensor, count: Int) throws {
        guard mean.rank == 1, mean.shape == std.shape, count >= 1 else {
            throw TensorError.message("spectrum statistics need a mean and std of equal length and a count ≥ 1, got shapes \(mean.shape.shapeDescription), \(std.shape.shapeDescription) and count \(count)")
        }
        self.mean = mean.detached()
        self.std = std.detached()
        self.count = count
    }

    /// Statistics of reduced spectra (N, L), one row per image.
    public init(spectra: Tensor) throws {
        guard spectra.rank == 2, spectra.shape[0] >= 1, spectra.shape[1] >= 1 else {
            throw TensorError.message("spectrum_stats needs spectra shaped (N, L) with N ≥ 1, got \(spectra.shape.shapeDescription)")
        }
        let n = spectra.shape[0], length = spectra.shape[1]
        var mean = [Double](repeating: 0, count: length), squares = [Double](repeating: 0, count: length)
        for i in 0..<n {
            for b in 0..<length { mean[b] += Double(spectra.scalars[i * length + b]) }
        }
        for b in 0..<length { mean[b] /= Double(n) }
        for i in 0..<n {
            for b in 0..<length {
                let d = Double(spectra.scalars[i * length + b]) - mean[b]
                squares[b] += d * d
            }
        }
        let std = squares.map { n > 1 ? ($0 / Double(n - 1)).squareRoot() : 0 }
        try self.init(mean: Tensor(mean.map { Float($0) }), std: Tensor(std.map { Float($0) }), count: n)
    }

    /// Statistics of square images (N, H, W) or (N, C, H, W); `normalized` uses the orthonormal FFT.
    public init(images: Tensor, normalized: Bool = false) throws {
        guard images.rank == 3 || images.rank == 4 else {
            throw TensorError.message("spectrum_stats needs images shaped (N, H, W) or (N, C, H, W), got \(images.shape.shapeDescription)")
        }
        try self.init(spectra: try withoutGrad { try images.detached().reducedSpectrum(normalized: normalized) })
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.mean.shape == b.mean.shape && a.mean.scalars == b.mean.scalars && a.std.scalars == b.std.scalars
    }
}
