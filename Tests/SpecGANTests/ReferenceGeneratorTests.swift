import Testing
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

@Suite("Reference: PGGAN generator")
struct ReferenceGeneratorTests {
    static let modes: [(UpsamplingMode, PaddingMode)] = [
        (.nearest, .zeros), (.nearest, .reflect), (.bilinear, .zeros), (.bilinear, .reflect), (.zeros, .zeros), (.zeros, .reflect),
    ]

    @Test("G(z) matches the reference for every upsampling and padding mode", arguments: 0..<6)
    func forward(index: Int) throws {
        let (up, padding) = Self.modes[index]
        let c = try ReferenceCase("pggan_generator_r16_\(up.rawValue)_\(padding.rawValue)_forward")
        let g = try Fixtures.generator(up, padding)
        let tol = c.tolerance("image")
        expectClose(try g(c.input("z")), try c.output("image"), tol.rtol == 0 ? c.tolerance() : tol, c.name)
    }

    @Test("bilinear/reflect: every block's activation, the MSE loss and every parameter gradient match the reference")
    func mseGradients() throws {
        let c = try ReferenceCase("pggan_generator_r16_bilinear_reflect_forward")
        let g = try Fixtures.generator(.bilinear, .reflect)
        let z = try c.input("z")
        var x = try pixelNorm(z).reshaped([8, 8, 1, 1])
        for (k, block) in g.blocks.enumerated() {
            x = try block(x)
            expectClose(x, try c.output("activation_layer\(k)"), c.tolerance("image"), "activation_layer\(k)")
        }
        expectClose(try g.toRGB[2](x), try c.output("activation_output2"), c.tolerance("image"), "activation_output2")
        let loss = try Losses.mse(g(z), c.input("mse_target"))
        expectClose(loss, try c.output("mse_loss"), c.tolerance("image"), "mse_loss")
        try loss.backward()
        for (name, p) in g.namedParameters {
            let golden = try Fixtures.golden("pggan_gen_r16/bilinear_reflect/mse_grad_params/\(name).npy")
            expectClose(p.grad ?? Tensor.zeros(p.shape), golden, c.tolerance("mse_grad_params"), "grad \(name)")
        }
    }
}
