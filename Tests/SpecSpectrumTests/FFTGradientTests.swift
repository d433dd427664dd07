import Testing
import SpecTensor
import SpecSpectrum
import SpecTestSupport

@Suite("FFT gradients")
struct FFTGradientTests {
    func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, using: &rng, std: 0.5)
    }

    @Test("complex transforms: first and second order through a squared spectrum", arguments: [(4, 4), (3, 5)])
    func complexTransforms(h: Int, w: Int) throws {
        try GradCheck().check([random([2, h, w, 2], seed: 1)], secondOrder: true, "fft2/ifft2 \(h)×\(w)") { xs in
            try xs[0].fft2(norm: .ortho).square().ifft2(norm: .forward)
        }
    }

    @Test("real transforms: first and second order through a squared half spectrum", arguments: [(4, 6), (5, 5), (3, 4)])
    func realTransforms(h: Int, w: Int) throws {
        try GradCheck().check([random([2, h, w], seed: 2)], secondOrder: true, "rfft2/irfft2 \(h)×\(w)") { xs in
            try xs[0].rfft2(norm: .ortho).square().irfft2(width: w, norm: .ortho)
        }
        try GradCheck().check([random([2, h, w / 2 + 1, 2], seed: 3)], secondOrder: true, "irfft2 input \(h)×\(w)") { xs in
            try xs[0].irfft2(width: w).square().rfft2()
        }
    }
}
