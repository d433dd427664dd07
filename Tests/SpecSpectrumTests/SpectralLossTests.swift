import Foundation
import Testing
import SpecTensor
import SpecSpectrum
import SpecTestSupport

@Suite("Spectral losses, high-pass filter, PSNR")
struct SpectralLossTests {
    @Test("log-spectrum loss is the MSE of the reference's log spectra")
    func logSpectrumLoss() throws {
        let c = try ReferenceCase("get_log_spectrum_4x3x16x16")
        let x = try c.input("input")
        // The spectrum of x/2 is a quarter of x's, so the target's log spectrum follows from the golden one.
        let golden = try c.output("log_spectrum").values
        let expected = golden.map { g in
            let halved = Foundation.log1p(0.25 * Foundation.expm1(g))
            return (g - halved) * (g - halved)
        }.reduce(0, +) / Double(golden.count)
        let loss = try SpecSpectrum.logSpectrumLoss(x, x * 0.5)
        #expect(Swift.abs(Double(try #require(loss.item)) - expected) <= 1e-5 * expected)
        #expect(throws: TensorError.self) { try SpecSpectrum.logSpectrumLoss(x, x.slice(axis: 0, start: 0, end: 2)) }
        var rng = RandomGenerator(seed: 2)
        let target = Tensor.randn([2, 2, 5, 5], using: &rng)
        try GradCheck().check([Tensor.randn([2, 2, 5, 5], using: &rng)], "log spectrum loss") { xs in
            try SpecSpectrum.logSpectrumLoss(xs[0], target)
        }
    }

    @Test("spectral discriminator input: log(1 + reduced spectrum of the orthonormal FFT)")
    func discriminatorInput() throws {
        let c = try ReferenceCase("get_spectrum_H16_norm1")
        let golden = try c.output("spectrum").values.map { Foundation.log1p($0) }
        let input = try c.input("data").reshaped([4, 1, 16, 16]).logSpectrum(normalized: true)
        expectValues(input, golden, tolerance: 1e-6, "log spectrum, orthonormal")
    }

    @Test("high-pass filter matches the reference", arguments: ["highpass_3x16x16", "highpass_3x12x20"])
    func highpass(name: String) throws {
        let c = try ReferenceCase(name)
        expectClose(try c.input("x").highpassed(), try c.output("y"), c.tolerance(), c.name)
    }

    @Test("high-pass filter: batches, gradients, bad shapes")
    func highpassShapes() throws {
        var rng = RandomGenerator(seed: 4)
        let x = Tensor.randn([2, 3, 6, 5], using: &rng)
        let perImage = try Tensor.cat([x.slice(axis: 0, start: 0, end: 1).squeezed(0).highpassed().unsqueezed(0),
                                       x.slice(axis: 0, start: 1, end: 2).squeezed(0).highpassed().unsqueezed(0)], axis: 0)
        #expect(try x.highpassed().scalars == perImage.scalars)
        try GradCheck().check([x], "highpass") { xs in try xs[0].highpassed() }
        #expect(throws: TensorError.self) { try Tensor.zeros([3, 1, 8]).highpassed() }
        #expect(throws: TensorError.self) { try Tensor.zeros([8]).highpassed() }
    }

    @Test("PSNR matches the reference, quantising to 8 bits by truncation first")
    func psnrReference() throws {
        let c = try ReferenceCase("psnr_batch")
        expectClose(try SpecSpectrum.psnr(c.input("pred"), c.input("target")), try c.output("psnr"), c.tolerance(), c.name)
        let same = try ReferenceCase("psnr_identical")
        let identical = try SpecSpectrum.psnr(same.input("pred"), same.input("target"))
        #expect(identical.shape == [4] && identical.scalars.allSatisfy { $0 == .infinity })
        #expect(try same.output("psnr").values.allSatisfy { $0 == .infinity })
    }

    @Test("PSNR: values within one 8-bit level are identical; bad shapes are errors")
    func psnrEdges() throws {
        // 0.001 and 0.002 both quantise to 127.
        let a = Tensor.full([1, 2, 2], 0.001), b = Tensor.full([1, 2, 2], 0.002)
        #expect(try SpecSpectrum.psnr(a, b).scalars == [.infinity])
        #expect(throws: TensorError.self) { try SpecSpectrum.psnr(Tensor.zeros([2, 4]), Tensor.zeros([2, 5])) }
        #expect(throws: TensorError.self) { try SpecSpectrum.psnr(Tensor.zeros([4]), Tensor.zeros([4])) }
        #expect(throws: TensorError.self) { try SpecSpectrum.psnr(Tensor.zeros([0, 4]), Tensor.zeros([0, 4])) }
    }
}
