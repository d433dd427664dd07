import SpecTensor

/// Which direction of a transform pair is scaled, as in `torch.fft`: `backward` leaves the forward transform
/// unscaled and divides the inverse by n = H·W; `ortho` divides both by √n; `forward` divides the forward by n.
public enum FFTNormalization: String, Sendable, CaseIterable {
    case backward, ortho, forward

    /// The factor applied to a transform over `n` points.
    func scale(points n: Int, inverse: Bool) -> Float {
        switch (self, inverse) {
        case (.ortho, _): return Float(1 / Double(n).squareRoot())
        case (.backward, false), (.forward, true): return 1
        case (.backward, true), (.forward, false): return Float(1 / Double(n))
        }
    }
}

/// Batched 2-D FFTs on FFTW (single precision) over the last two image axes, differentiable to any order.
/// Complex tensors carry a trailing axis of size 2 holding (re, im).
extension Tensor {
    /// The 2-D DFT of a complex tensor (…, H, W, 2); same shape out.
    public func fft2(norm: FFTNormalization = .backward) throws -> Tensor {
        let (h, w) = try complexImageSize("fft2")
        return try dft2(inverse: false, scale: norm.scale(points: h * w, inverse: false))
    }

    /// The inverse 2-D DFT of a complex tensor (…, H, W, 2); same shape out.
    public func ifft2(norm: FFTNormalization = .backward) throws -> Tensor {
        let (h, w) = try complexImageSize("ifft2")
        return try dft2(inverse: true, scale: norm.scale(points: h * w, inverse: true))
    }

    /// The half spectrum (…, H, W/2+1, 2) of a real tensor (…, H, W): the non-redundant columns of its DFT.
    public func rfft2(norm: FFTNormalization = .backward) throws -> Tensor {
        guard rank >= 2, shape[rank - 2] > 0, shape[rank - 1] > 0 else {
            throw TensorError.message("rfft2 needs a real tensor (…, H, W) with H, W ≥ 1, got shape \(shape.shapeDescription)")
        }
        return try realDFT2(scale: norm.scale(points: shape[rank - 2] * shape[rank - 1], inverse: false))
    }

    /// The real image (…, H, W) whose half spectrum is this tensor (…, H, W/2+1, 2), as `torch.fft.irfft2`:
    /// the missing columns are the mirror images of the stored ones, and of the columns that are their own
    /// mirror image (0 and, for even W, W/2) only the Hermitian part counts. `width` defaults to 2·(W/2+1 − 1).
    public func irfft2(width: Int? = nil, norm: FFTNormalization = .backward) throws -> Tensor {
        let (h, half) = try complexImageSize("irfft2")
        let w = width ?? 2 * (half - 1)
        guard w >= 1, w / 2 + 1 == half else {
            throw TensorError.message("irfft2: a half spectrum with \(half) columns cannot make an image \(width.map { "of width \($0)" } ?? "(give the width)")")
        }
        // Columns with a mirror image stand for two columns of the full spectrum.
        let doubling = Tensor((0..<half).map { v in v == 0 || (w % 2 == 0 && v == half - 1) ? Float(1) : 2 })
        let weighted = try self * doubling.reshaped([half, 1])
        return try weighted.halfSpectrumAdjoint(width: w, scale: norm.scale(points: h * w, inverse: true))
    }

    /// This real tensor as a complex one (…, 2) with zero imaginary part, ready for `fft2`.
    public func asComplex() throws -> Tensor {
        try Tensor.stack([self, Tensor.zeros(shape)], axis: rank)
    }

    /// (H, W) of a complex tensor (…, H, W, 2), or an error naming `op`.
    private func complexImageSize(_ op: String) throws -> (Int, Int) {
        guard rank >= 3, shape[rank - 1] == 2, shape[rank - 3] > 0, shape[rank - 2] > 0 else {
            throw TensorError.message("\(op) needs a complex tensor (…, H, W, 2) with H, W ≥ 1, got shape \(shape.shapeDescription)")
        }
        return (shape[rank - 3], shape[rank - 2])
    }
}
