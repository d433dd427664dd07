import Testing
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

@Suite("Reference: PGGAN layers")
struct ReferenceLayerTests {
    @Test("pixel norm matches the reference on 4-D and 2-D inputs", arguments: ["pixelnorm_4x16x4x4", "pixelnorm_4x8"])
    func pixelNormMatches(name: String) throws {
        let c = try ReferenceCase(name)
        expectClose(try pixelNorm(c.input("x")), try c.output("y"), c.tolerance(), name)
    }

    @Test("minibatch std matches the reference's strided grouping")
    func minibatchStdMatches() throws {
        let c = try ReferenceCase("minibatch_std_N8_C5_H4_G4")
        expectClose(try minibatchStd(c.input("x"), groupSize: 4), try c.output("y"), c.tolerance(), c.name)
    }

    @Test("minibatch std rejects a batch that does not split into groups")
    func minibatchStdRejectsUnevenBatch() throws {
        #expect(throws: GANError.self) { try minibatchStd(Tensor.zeros([20, 2, 4, 4]), groupSize: 16) }
        #expect(throws: GANError.self) { try minibatchStd(Tensor.zeros([4, 4]), groupSize: 4) }
    }

    @Test("pixel norm and minibatch std have correct first and second derivatives")
    func layerGradients() throws {
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.randn([4, 3, 2, 2], using: &rng)
        try GradCheck(eps: 1e-2, rtol: 3e-2, atol: 3e-3).check([x], secondOrder: true, "pixel norm") { xs in try pixelNorm(xs[0]) }
        try GradCheck(eps: 1e-2, rtol: 3e-2, atol: 3e-3).check([x], secondOrder: true, "minibatch std") { xs in
            try minibatchStd(xs[0], groupSize: 2)
        }
    }

    @Test("an equalised conv scales its stored weight by gain/sqrt(fan_in) and its gradient reaches the stored weight")
    func equalisedConvScalesWeight() throws {
        var rng = RandomGenerator(seed: 4)
        let conv = try Conv2d(inChannels: 2, outChannels: 3, kernel: 3, padding: 1, paddingMode: .reflect, initialisation: .equalized(), rng: &rng)
        #expect(conv.weightScale == Float(2.0.squareRoot() / 18.0.squareRoot()))
        let x = Tensor.randn([2, 2, 5, 5], using: &rng)
        let scaled = try Tensor.conv2d(x.padded([1, 1, 1, 1], mode: .reflect), conv.weight.value.detached() * conv.weightScale)
        let y = try conv(x)
        #expect(y.scalars == scaled.scalars)
        try y.sum().backward()
        let weightLeaf = conv.weight.value.detached().requiringGrad()
        try Tensor.conv2d(x.padded([1, 1, 1, 1], mode: .reflect), weightLeaf * conv.weightScale).sum().backward()
        #expect(try #require(conv.weight.grad).scalars == (try #require(weightLeaf.grad)).scalars)
        #expect(try #require(conv.bias?.grad).scalars == [Float](repeating: 50, count: 3))
    }
}
