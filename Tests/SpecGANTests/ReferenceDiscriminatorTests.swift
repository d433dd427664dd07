import Testing
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

@Suite("Reference: PGGAN discriminator and the R1 regulariser")
struct ReferenceDiscriminatorTests {
    @Test("forward logits match the reference, with and without classes", arguments: DownsamplingMode.allCases)
    func forward(mode: DownsamplingMode) throws {
        let c = try ReferenceCase("pggan_discriminator_r16_\(mode.rawValue)_forward")
        let d = try Fixtures.discriminator(mode)
        let x = try c.input("x"), classes = try indices(from: c.input("c"))
        expectClose(try d(x), try c.output("logits_all"), c.tolerance(), "\(c.name) logits_all")
        expectClose(try d(x, classes: classes), try c.output("logits_c"), c.tolerance(), "\(c.name) logits_c")
    }

    @Test("a batch of 32 (two minibatch-std statistic groups) matches the reference")
    func forwardN32() throws {
        let c = try ReferenceCase("pggan_discriminator_r16_avg_forward")
        let d = try Fixtures.discriminator(.avg)
        expectClose(try d(c.input("x_N32")), try c.output("logits_all_N32"), c.tolerance(), "logits_all_N32")
    }

    @Test("every block's activation matches the reference")
    func activations() throws {
        let c = try ReferenceCase("pggan_discriminator_r16_avg_forward")
        let d = try Fixtures.discriminator(.avg)
        var y = try d.fromRGB[0](c.input("x"))
        for (k, block) in d.convBlocks.enumerated() {
            y = try block(y)
            expectClose(y, try c.output("activation_layer\(k)"), c.tolerance(), "activation_layer\(k)")
        }
        for (k, block) in d.denseBlocks.enumerated() {
            y = try block(y)
            expectClose(y, try c.output("activation_layer\(d.convBlocks.count + k)"), c.tolerance(), "activation_layer\(d.convBlocks.count + k)")
        }
    }

    @Test("R1 value, input gradient and every parameter gradient (double backward) match the reference",
          arguments: DownsamplingMode.allCases)
    func r1(mode: DownsamplingMode) throws {
        let c = try ReferenceCase("r1_compute_grad2_r16_\(mode.rawValue)")
        let d = try Fixtures.discriminator(mode)
        let x = try c.input("x").requiringGrad(), classes = try indices(from: c.input("c"))
        let forwardTol = c.tolerance("forward_and_reg"), gradTol = c.tolerance("grad_params")
        let out = try d(x, classes: classes)
        expectClose(out, try c.output("d_out"), forwardTol, "d_out")
        let gradX = try gradients(of: out.sum(), withRespectTo: [x])[0]
        expectClose(gradX, try c.output("grad_x_of_dout_sum"), forwardTol, "grad_x_of_dout_sum")
        let perSample = try Losses.r1PerSample(output: out, input: x)
        expectClose(perSample, try c.output("reg_per_sample"), forwardTol, "reg_per_sample")
        let reg = try perSample.mean()
        expectClose(reg, try c.output("reg_mean"), forwardTol, "reg_mean")
        d.zeroGrad()
        try reg.backward()
        var worst = -Double.infinity
        for (name, p) in d.namedParameters {
            let golden = try Fixtures.golden("pggan_disc_r16/\(mode.rawValue)/r1/grad_params/\(name).npy")
            let grad = p.grad ?? Tensor.zeros(p.shape)  // torch's None (unused inputs, last bias) is stored as zeros
            expectClose(grad, golden, gradTol, "\(c.name) grad \(name)")
            worst = Swift.max(worst, worstExcess(grad, golden, gradTol).excess)
        }
        #expect(worst <= 0)
    }

    @Test("the R1 convenience form equals the explicit computation")
    func r1Convenience() throws {
        let c = try ReferenceCase("r1_compute_grad2_r16_stride")
        let d = try Fixtures.discriminator(.stride)
        let classes = try indices(from: c.input("c"))
        let reg = try Losses.r1Penalty(d, c.input("x"), classes: classes)
        expectClose(reg, try c.output("reg_mean"), c.tolerance("forward_and_reg"), "r1_penalty")
    }
}
