import CFFTW
import SpecTensor

/// The differentiable transform primitives. Each is a real-linear map whose transpose is another primitive, so
/// backward rules are transforms too and can be differentiated again (R1 through a spectral discriminator).
///
/// Complex tensors are real tensors with a trailing axis of size 2 (re, im), as `torch.view_as_real`.
extension Tensor {
    /// `scale` times the unnormalised DFT over the two axes before the last of a complex tensor (…, H, W, 2):
    /// exponent sign −1 forward, +1 inverse. The transpose of a DFT is the DFT of the opposite sign with the
    /// same scale.
    func dft2(inverse: Bool, scale: Float) throws -> Tensor {
        let h = shape[rank - 3], w = shape[rank - 2]
        let batch = FFTBatch(kind: .complex(sign: inverse ? FFTW_BACKWARD : FFTW_FORWARD), height: h, width: w)
        let values = try scalars.withUnsafeBufferPointer { try batch($0, count: count / (h * w * 2), scale: scale) }
        return .recorded(op: inverse ? "ifft2" : "fft2", shape: shape, scalars: values, input: self) { g in
            try g.dft2(inverse: !inverse, scale: scale)
        }
    }

    /// `scale` times the half spectrum (…, H, W/2+1, 2) of a real tensor (…, H, W). Its transpose is
    /// `halfSpectrumAdjoint`.
    func realDFT2(scale: Float) throws -> Tensor {
        let h = shape[rank - 2], w = shape[rank - 1]
        let batch = FFTBatch(kind: .realToComplex, height: h, width: w)
        let values = try scalars.withUnsafeBufferPointer { try batch($0, count: count / (h * w), scale: scale) }
        let outShape = Array(shape.dropLast()) + [batch.halfWidth, 2]
        return .recorded(op: "rfft2", shape: outShape, scalars: values, input: self) { g in
            try g.halfSpectrumAdjoint(width: w, scale: scale)
        }
    }

    /// The transpose of `realDFT2` applied to a half spectrum G (…, H, W/2+1, 2): the real image
    /// `scale · Re Σ_k G[k] e^{+iθ}`, summing over the stored frequencies k only.
    ///
    /// Computed by FFTW's complex-to-real transform, which sums over the full grid assuming Hermitian symmetry:
    /// halving the columns that have a mirror image and replacing the self-mirrored columns (0 and, for even W,
    /// W/2) by their Hermitian part turns that full-grid sum into the wanted one.
    func halfSpectrumAdjoint(width w: Int, scale: Float) throws -> Tensor {
        let h = shape[rank - 3], half = shape[rank - 2]
        let batch = FFTBatch(kind: .complexToReal, height: h, width: w)
        let images = count / (h * half * 2)
        var prepared = hermitianPrepared(height: h, halfWidth: half, width: w, images: images)
        let values = try prepared.withUnsafeMutableBufferPointer { try batch(UnsafeBufferPointer($0), count: images, scale: scale) }
        let outShape = Array(shape.dropLast(3)) + [h, w]
        return .recorded(op: "rfft2_adjoint", shape: outShape, scalars: values, input: self) { g in
            try g.realDFT2(scale: scale)
        }
    }

    /// A copy of the half spectra with mirrored columns halved and self-mirrored columns made Hermitian.
    private func hermitianPrepared(height h: Int, halfWidth half: Int, width w: Int, images: Int) -> [Float] {
        var out = scalars
        let rowStride = half * 2, imageStride = h * rowStride
        let edges = w % 2 == 0 ? [0, half - 1] : [0]
        let mirrored = 1..<(w % 2 == 0 ? half - 1 : half)
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for image in 0..<images {
                    let base = image * imageStride
                    for u in 0..<h {
                        for v in mirrored {
                            dst[base + u * rowStride + 2 * v] *= 0.5
                            dst[base + u * rowStride + 2 * v + 1] *= 0.5
                        }
                        let mirror = (h - u) % h
                        for v in edges {
                            let a = base + u * rowStride + 2 * v, b = base + mirror * rowStride + 2 * v
                            dst[a] = 0.5 * (src[a] + src[b])
                            dst[a + 1] = 0.5 * (src[a + 1] - src[b + 1])
                        }
                    }
                }
            }
        }
        return out
    }
}
