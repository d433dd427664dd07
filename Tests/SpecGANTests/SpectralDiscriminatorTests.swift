import Foundation
import Testing
import SpecSpectrum
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

@Suite("Spectral discriminator and model architectures")
struct SpectralDiscriminatorTests {
    @Test("Linear(L, L) → LeakyReLU(0.2) → Linear(L, classes) on log(1 + orthonormal reduced spectrum), reference names")
    func structure() throws {
        var rng = RandomGenerator(seed: 3)
        let s = try SpectralDiscriminator(.init(resolution: 16, classes: 4), rng: &rng)
        #expect(s.spectrumLength == 12)
        #expect(s.namedParameters.map(\.name) == ["main.0.weight", "main.0.bias", "main.2.weight", "main.2.bias"])
        #expect(s.parameters.map(\.shape) == [[12, 12], [12], [4, 12], [4]])
        #expect(s.layerTable.map(\.name) == ["spectrum", "main.0", "main.1", "main.2"])

        let x = Tensor.randn([3, 3, 16, 16], using: &rng)
        let features = try x.logSpectrum(normalized: true)
        let w0 = s.parameters[0].value, b0 = s.parameters[1].value, w1 = s.parameters[2].value, b1 = s.parameters[3].value
        let hidden = try (Tensor.matmul(features, w0, transposeB: true) + b0).leakyRelu(0.2)
        let expected = try Tensor.matmul(hidden, w1, transposeB: true) + b1
        let logits = try s(x)
        #expect(logits.shape == [3, 4])
        for (a, b) in zip(logits.scalars, expected.scalars) { #expect(Swift.abs(a - b) <= 1e-5 * Swift.max(1, Swift.abs(b))) }
        let picked = try s(x, classes: [3, 0, 2])
        #expect(picked.scalars == [expected.scalars[3], expected.scalars[4], expected.scalars[10]])
        #expect(throws: GANError.self) { try s(Tensor.zeros([2, 3, 8, 8])) }
        #expect(throws: GANError.self) { try s(x, classes: [0, 1, 4]) }
        #expect(throws: GANError.self) { try SpectralDiscriminator(.init(resolution: 16, classes: 0), rng: &rng) }
    }

    @Test("gradients in the images and in the weights agree with finite differences, to second order")
    func secondOrderGradients() throws {
        var rng = RandomGenerator(seed: 4)
        let s = try SpectralDiscriminator(.init(resolution: 8, classes: 3), rng: &rng)
        let x = Tensor.rand([2, 3, 8, 8], using: &rng, low: -1, high: 1)
        let weights = s.parameters.map(\.value)
        // The network written with its weights as inputs, so both they and the images are checked.
        func forward(_ inputs: [Tensor]) throws -> Tensor {
            let features = try inputs[0].logSpectrum(normalized: true)
            let hidden = try (Tensor.matmul(features, inputs[1], transposeB: true) + inputs[2]).leakyRelu(0.2)
            return try selectLogits(Tensor.matmul(hidden, inputs[3], transposeB: true) + inputs[4], classes: [2, 0])
        }
        #expect(try forward([x] + weights).scalars == (try s(x, classes: [2, 0])).scalars)
        try GradCheck(eps: 1e-2, rtol: 3e-2, atol: 3e-3).check([x] + weights, secondOrder: true, "spectral discriminator", forward)
    }

    @Test("R1 through the spectral discriminator reaches both weight matrices (double backward)")
    func r1ReachesParameters() throws {
        var rng = RandomGenerator(seed: 5)
        let s = try SpectralDiscriminator(.init(resolution: 8, classes: 2), rng: &rng)
        let r1 = try Losses.r1Penalty(s, Tensor.rand([2, 3, 8, 8], using: &rng, low: -1, high: 1), classes: [0, 1])
        #expect(r1.item.map { $0 > 0 && $0.isFinite } == true)
        try r1.backward()
        // ∂D/∂x = W₁·diag(lrelu′(h))·W₀·∂F/∂x: the output bias does not enter it, and the hidden bias only moves h
        // within the pieces where lrelu′ is constant, so (as in PyTorch) neither bias gets a gradient.
        let reached = s.parameters.map { $0.grad.map { g in g.scalars.contains { $0 != 0 } } == true }
        #expect(reached == [true, false, true, false])
    }

    @Test("every architecture survives a JSON round trip and builds the same model")
    func architectureRoundTrip() throws {
        let architectures: [Architecture] = [
            .pgganGenerator(.init(resolution: 16, zDim: 8, divide: 8, upsampling: .bilinear, padding: .reflect, finalTanh: true)),
            .pgganDiscriminator(.init(resolution: 16, divide: 8, downsampling: .blurpool, padding: .circular, labelSize: 3)),
            .mlp(.init(inputSize: 5, outputSize: 2, hiddenWidths: [4, 3], activation: .leakyRelu(0.1), bias: false)),
            .directGenerator(.init(count: 3, resolution: 8, imageChannels: 1)),
            .spectralDiscriminator(.init(resolution: 16, classes: 10)),
        ]
        for a in architectures {
            let decoded = try JSONDecoder().decode(Architecture.self, from: try JSONEncoder().encode(a))
            #expect(decoded == a)
            var r1 = RandomGenerator(seed: 9), r2 = RandomGenerator(seed: 9)
            let m1 = try a.build(rng: &r1), m2 = try decoded.build(rng: &r2)
            #expect(try Architecture(of: m1) == a)
            #expect(m1.namedState.map(\.parameter.value.scalars) == m2.namedState.map(\.parameter.value.scalars))
        }
        let bad = Data(#"{"kind": "resnet"}"#.utf8)
        #expect(throws: GANError.self) { try JSONDecoder().decode(Architecture.self, from: bad) }
    }

    @Test("an MLP flattens image batches per sample")
    func mlpFlattensImages() throws {
        var rng = RandomGenerator(seed: 6)
        let m = try MLP(.init(inputSize: 12, outputSize: 2, hiddenCount: 1, width: 4), rng: &rng)
        let x = Tensor.randn([3, 3, 2, 2], using: &rng)
        #expect(try m(x).scalars == (try m(x.reshaped([3, 12]))).scalars)
    }
}
