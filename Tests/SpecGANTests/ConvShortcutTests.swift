import Testing
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

/// A conv block computes two resampling steps inside its convolution: zero-insertion upsampling as a transposed conv at
/// stride 2, stride downsampling as the conv at stride 2. Each must give what the separate steps give, to rounding.
@Suite("Conv blocks: resampling inside the convolution")
struct ConvShortcutTests {
    /// Values and the gradients of input, weight and bias of `shortcut` against `reference`, one random output
    /// gradient for both.
    func expectSame(_ conv: Conv2d, input: Tensor, _ label: String,
                    shortcut: (Tensor) throws -> Tensor, reference: (Tensor) throws -> Tensor) throws {
        func run(_ f: (Tensor) throws -> Tensor) throws -> (y: Tensor, grads: [Tensor]) {
            conv.zeroGrad()
            let x = input.detached().requiringGrad()
            let y = try f(x)
            var rng = RandomGenerator(seed: 11)
            try (y * Tensor.randn(y.shape, using: &rng)).sum().backward()
            return (y, [try #require(x.grad), try #require(conv.weight.grad), try #require(conv.bias?.grad)])
        }
        let fast = try run(shortcut), slow = try run(reference)
        #expect(fast.y.shape == slow.y.shape, "\(label): shape")
        expectClose(fast.y, slow.y, rtol: 1e-5, atol: 1e-5, "\(label): values")
        for (name, (a, b)) in zip(["input", "weight", "bias"], zip(fast.grads, slow.grads)) {
            expectClose(a, b, rtol: 1e-4, atol: 1e-5, "\(label): \(name) gradient")
        }
    }

    @Test("a conv of a zero-inserted image is the transposed conv of the image", arguments: [(3, 1), (3, 0), (3, 2), (1, 0), (4, 3), (5, 2)])
    func zeroInsertion(kernel: Int, padding: Int) throws {
        var rng = RandomGenerator(seed: UInt64(10 * kernel + padding))
        let conv = try Conv2d(inChannels: 3, outChannels: 4, kernel: kernel, padding: padding, initialisation: .equalized(), rng: &rng)
        #expect(conv.convolvesZeroInsertion)
        try expectSame(conv, input: Tensor.randn([2, 3, 5, 6], using: &rng), "kernel \(kernel), padding \(padding)",
                       shortcut: { try conv.forward(zeroInserted: $0) }, reference: { try conv($0.upsampleZeros()) })
    }

    @Test("zero insertion stays a separate step where the transposed conv does not apply")
    func zeroInsertionFallsBack() throws {
        var rng = RandomGenerator(seed: 5)
        let reflect = try Conv2d(inChannels: 2, outChannels: 2, kernel: 3, padding: 1, paddingMode: .reflect, rng: &rng)
        let wide = try Conv2d(inChannels: 2, outChannels: 2, kernel: 1, padding: 1, rng: &rng)
        let strided = try Conv2d(inChannels: 2, outChannels: 2, kernel: 3, stride: 2, padding: 1, rng: &rng)
        #expect(!reflect.convolvesZeroInsertion && !wide.convolvesZeroInsertion && !strided.convolvesZeroInsertion)
        let block = ConvBlock(conv: reflect, pixelNorm: true, upsample: .zeros)
        let x = Tensor.randn([1, 2, 3, 3], using: &rng)
        #expect(try block(x).scalars == (try reflect(pixelNorm(x).upsampleZeros()).leakyRelu(0.2)).scalars)
    }

    @Test("a conv block upsampling by zero insertion gives the reference's conv of the upsampled image")
    func blockWithZeroInsertion() throws {
        var rng = RandomGenerator(seed: 6)
        let conv = try Conv2d(inChannels: 4, outChannels: 3, kernel: 3, padding: 1, initialisation: .equalized(), rng: &rng)
        let block = ConvBlock(conv: conv, pixelNorm: true, upsample: .zeros)
        try expectSame(conv, input: Tensor.randn([2, 4, 4, 4], using: &rng), "block",
                       shortcut: { try block($0) }, reference: { try conv(pixelNorm($0).upsampleZeros()).leakyRelu(0.2) })
    }

    @Test("a conv block downsampling by stride gives the reference's subsampled activation", arguments: [(3, 1), (1, 0)])
    func blockWithStride(kernel: Int, padding: Int) throws {
        var rng = RandomGenerator(seed: 7)
        let conv = try Conv2d(inChannels: 3, outChannels: 2, kernel: kernel, padding: padding, initialisation: .equalized(), rng: &rng)
        let block = ConvBlock(conv: conv, downsample: .stride)
        try expectSame(conv, input: Tensor.randn([2, 3, 6, 7], using: &rng), "kernel \(kernel)",
                       shortcut: { try block($0) }, reference: { try conv($0).leakyRelu(0.2).subsample() })
    }
}
