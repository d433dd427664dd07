import CFFTW
import SpecTensor

/// The reduced (azimuthally averaged) power spectrum, as the reference's `get_spectrum`.
extension Tensor {
    /// The reduced spectrum of square images: for each image the power |DFT|² averaged over rings of integer
    /// radius around DC (see `SpectrumBins`), with per-bin sums in float64.
    ///
    /// Shapes: (H, W) → (L); (N, H, W) → (N, L); (N, C, H, W) → (N, L), the mean over channels of the
    /// per-channel spectra. `normalized` uses the orthonormal FFT (power divided by H·W). L is
    /// `spectrumLength(resolution: H)`.
    public func reducedSpectrum(normalized: Bool = false) throws -> Tensor {
        let n = try squareImageSize("reduced_spectrum")
        let images = try reshaped([-1, n, n])
        let spectra = try images.reducedSpectrumOfImages(scale: normalized ? Float(1 / Double(n)) : 1)
        switch rank {
        case 2: return try spectra.reshaped([-1])
        case 3: return spectra
        default: return try spectra.reshaped([shape[0], shape[1], -1]).mean(axes: [1])
        }
    }

    /// log(1 + reduced spectrum), channel-averaged before the logarithm: the reference's `get_log_spectrum`
    /// (unnormalised) and the input of a spectral discriminator (normalized, i.e. orthonormal FFT).
    public func logSpectrum(normalized: Bool = false) throws -> Tensor {
        try reducedSpectrum(normalized: normalized).log1p()
    }

    /// The power spectrum |DFT|² of real images (…, H, W), same shape, DC at index (0, 0) unless `centered`
    /// (then DC sits at (⌊H/2⌋, ⌊W/2⌋), as `fftshift`). `normalized` uses the orthonormal FFT.
    public func powerSpectrum(normalized: Bool = false, centered: Bool = false) throws -> Tensor {
        guard rank >= 2, shape[rank - 2] > 0, shape[rank - 1] > 0 else {
            throw TensorError.message("power_spectrum needs images (…, H, W) with H, W ≥ 1, got shape \(shape.shapeDescription)")
        }
        let power = try asComplex().fft2(norm: normalized ? .ortho : .backward).square().sum(axes: [-1])
        guard centered else { return power }
        return try power.rolled(shape[rank - 2] / 2, axis: -2).rolled(shape[rank - 1] / 2, axis: -1)
    }

    /// The side of the square images this tensor holds ((H, W), (N, H, W) or (N, C, H, W)), or an error naming `op`.
    func squareImageSize(_ op: String) throws -> Int {
        guard (2...4).contains(rank) else {
            throw TensorError.message("\(op) needs images shaped (H, W), (N, H, W) or (N, C, H, W), got rank \(rank), shape \(shape.shapeDescription)")
        }
        let h = shape[rank - 2], w = shape[rank - 1]
        guard h == w else { throw TensorError.message("\(op) needs square images, got \(h)×\(w) in shape \(shape.shapeDescription)") }
        guard h >= 1, count > 0 else { throw TensorError.message("\(op) needs at least one non-empty image, got shape \(shape.shapeDescription)") }
        return h
    }

    /// Reduced spectra (B, L) of images (B, n, n), the FFT scaled by `scale`. The values come from one fused
    /// pass per image (transform, power, bin sums) without materialising the spectra; the backward rule is the
    /// composition it stands for, M·|scale·F x|², written with differentiable ops:
    /// x̄ = Fᵀ(2 · scale·F x ⊙ Mᵀ ḡ).
    private func reducedSpectrumOfImages(scale: Float) throws -> Tensor {
        let n = shape[1], count = shape[0]
        let bins = SpectrumBins.forSize(n)
        let values = try fusedReducedSpectra(bins: bins, images: count, powerScale: Double(scale) * Double(scale))
        let x = self
        return .recorded(op: "reduced_spectrum", shape: [count, bins.length], scalars: values, input: self) { g in
            let weights = try g.applying(bins.averaging.transposed, op: "reduced_spectrum_adjoint")
                .reshaped([count, n, bins.halfWidth, 1])
            let spectrum = try x.realDFT2(scale: scale)
            return try (spectrum * weights * 2).halfSpectrumAdjoint(width: n, scale: scale)
        }
    }

    /// Per image: real FFT into a scratch half spectrum, then power × multiplicity summed per bin in float64.
    private func fusedReducedSpectra(bins: SpectrumBins, images: Int, powerScale: Double) throws -> [Float] {
        let n = bins.size, length = bins.length, ends = bins.binEnds, cells = bins.cellCount
        let batch = FFTBatch(kind: .realToComplex, height: n, width: n)
        var out = [Float](repeating: 0, count: images * length)
        try scalars.withUnsafeBufferPointer { src in
            guard let base = src.baseAddress else { return }
            let input = UnsafeMutablePointer(mutating: base)
            // One scratch half spectrum per piece, each starting on a 64-byte boundary like fftwf_malloc's
            // memory, so the plan depends only on the input images' alignment.
            let pieces = Parallel.pieces(images)
            let scratchStride = (batch.outputStride + 15) / 16 * 16
            guard let scratch = fftwf_alloc_real(pieces * scratchStride) else { throw TensorError.message("reduced_spectrum: out of memory") }
            defer { fftwf_free(scratch) }
            let plan = try batch.plan(input: input, output: scratch, count: images)
            out.withUnsafeMutableBufferPointer { dst in
                ImageParallel.chunks(images, work: images * n * n) { piece, range in
                    let spectrum = scratch + piece * scratchStride
                    bins.indicesByBin.withUnsafeBufferPointer { order in
                        bins.multiplicityByBin.withUnsafeBufferPointer { multiplicity in
                            for image in range {
                                batch.execute(plan, input + image * n * n, spectrum)
                                var start = 0
                                for b in 0..<length {
                                    var sum = 0.0
                                    for j in start..<ends[b] {
                                        let k = 2 &* Int(order[j])
                                        let re = spectrum[k], im = spectrum[k &+ 1]
                                        sum += Double(multiplicity[j] * (re * re + im * im))
                                    }
                                    start = ends[b]
                                    dst[image &* length &+ b] = Float(sum / cells[b] * powerScale)
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}
