import Foundation
import Testing
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

/// The StyleGAN2 generator and discriminator against the reference (NVlabs' networks as the paper's code wraps
/// them), on its golden data: Tests/Fixtures/reference/stylegan (see its README).
@Suite("StyleGAN2 against the reference")
struct ReferenceStyleGAN2Tests {
    static func generator(_ c: ReferenceCase) throws -> StyleGAN2Generator {
        var rng = RandomGenerator(seed: 1)
        let g = try StyleGAN2Generator(.init(resolution: 16, zDim: 64, divide: 8), rng: &rng)
        try g.loadWeights(from: try c.folder("inputs", "params").url)
        return g
    }

    static func discriminator(_ c: ReferenceCase) throws -> StyleGAN2Discriminator {
        var rng = RandomGenerator(seed: 1)
        let d = try StyleGAN2Discriminator(.init(resolution: 16, divide: 8, classes: 1), rng: &rng)
        try d.loadWeights(from: try c.folder("inputs", "params").url)
        return d
    }

    /// Every parameter gradient against its golden file, with the case's per-parameter tolerance (its atol times
    /// `atolScale`).
    static func expectGradients(_ model: Module, _ c: ReferenceCase, _ key: String, atolScale: Double = 1) throws {
        let golden = try c.folder("outputs", key).files
        let named = model.namedParameters
        #expect(Set(named.map(\.name)) == Set(golden.keys), "\(c.name): parameter names")
        for (name, p) in named {
            guard let g = golden[name] else { continue }
            let tolerance = c.parameterTolerance(key, name)
            expectClose(p.grad ?? Tensor.zeros(p.shape), g, (tolerance.rtol, tolerance.atol * atolScale), "\(c.name) \(key) \(name)")
        }
    }

    @Test("names: every state_dict entry of the reference, and nothing else")
    func names() throws {
        let g = try Self.generator(try ReferenceCase("sg2_generator_r16_mapping"))
        let d = try Self.discriminator(try ReferenceCase("sg2_discriminator_r16_forward"))
        let gFiles = try ReferenceCase("sg2_generator_r16_mapping").folder("inputs", "params").files.keys
        let dFiles = try ReferenceCase("sg2_discriminator_r16_forward").folder("inputs", "params").files.keys
        #expect(Set(g.namedState.map(\.name)) == Set(gFiles))
        #expect(Set(d.namedState.map(\.name)) == Set(dFiles))
    }

    @Test("mapping network: normalised z through 8 layers with lr multiplier 0.01, repeated for every w")
    func mapping() throws {
        let c = try ReferenceCase("sg2_generator_r16_mapping")
        let g = try Self.generator(c)
        expectClose(try g.ws(try c.input("z")), try c.output("ws"), c.tolerance("ws"), "ws")
    }

    @Test("image and every block's features with the constant noise")
    func synthesisConst() throws {
        let c = try ReferenceCase("sg2_generator_r16_synthesis_const")
        let g = try Self.generator(c)
        var activations: [Int: (Tensor, Tensor)] = [:]
        let image = try g.synthesize(try g.ws(try c.input("z")), noise: SynthesisNoise(.const)) { activations[$0] = ($1, $2) }
        expectClose(image, try c.output("image"), c.tolerance("image"), "image")
        for res in [4, 8, 16] {
            guard let (x, img) = activations[res] else { Issue.record("no activations at \(res)"); continue }
            expectClose(x, try c.output("activation_b\(res)_x"), c.tolerance("activation_b\(res)_x"), "b\(res) x")
            expectClose(img, try c.output("activation_b\(res)_img"), c.tolerance("activation_b\(res)_img"), "b\(res) img")
        }
    }

    @Test("the testbed's call: random noise, with the reference's recorded draws injected")
    func randomNoiseDraws() throws {
        let c = try ReferenceCase("sg2_generator_r16_testbed_call_random_noise")
        let g = try Self.generator(c)
        let draws = try c.folder("inputs", "noise_draws").files
        let order = ["synthesis.b4.conv1", "synthesis.b8.conv0", "synthesis.b8.conv1", "synthesis.b16.conv0", "synthesis.b16.conv1"]
        let noise = SynthesisNoise(given: try order.map { try #require(draws[$0]).tensor })
        expectClose(try g.forward(try c.input("z"), noise: noise), try c.output("image"), c.tolerance("image"), "image")
    }

    @Test("MSE against a target and the gradient of every parameter")
    func mseGradients() throws {
        let c = try ReferenceCase("sg2_generator_r16_mse_grads")
        let g = try Self.generator(c)
        let loss = try Losses.mse(try g.forward(try c.input("z"), noise: SynthesisNoise(.const)), try c.input("mse_target"))
        expectClose(loss, try c.output("mse_loss"), c.tolerance("mse_loss"), "mse_loss")
        try loss.backward()
        try Self.expectGradients(g, c, "grad_params")
    }

    @Test("one synthesis block step by step: styles, demodulation, noise, modulated conv, outputs")
    func blockSteps() throws {
        let c = try ReferenceCase("sg2_synthesis_block_b8_r16_steps")
        let g = try Self.generator(try ReferenceCase("sg2_generator_r16_mapping"))
        let block = g.blocks[1]
        let x = try c.input("x"), ws = try c.input("ws")
        let noise = SynthesisNoise(.const)
        func w(_ i: Int) throws -> Tensor { try ws.select(axis: 1, index: i) }
        func tol(_ k: String) -> (rtol: Double, atol: Double) { c.tolerance(k) }
        var h = x
        for (name, layer, i) in [("conv0", block.conv0!, 0), ("conv1", block.conv1, 1)] {
            let styles = try layer.affine(try w(i))
            expectClose(styles, try c.output("\(name)_styles"), tol("\(name)_styles"), "\(name) styles")
            let modulated = try layer.weight.value.unsqueezed(0) * styles.reshaped([styles.shape[0], 1, styles.shape[1], 1, 1])
            expectClose(try StyleGANOps.demodulation(modulated), try c.output("\(name)_dcoefs"), tol("\(name)_dcoefs"), "\(name) dcoefs")
            expectClose(try layer.noiseConst.value * layer.noiseStrength.value, try c.output("\(name)_noise"), tol("\(name)_noise"), "\(name) noise")
            expectClose(try layer.modulated(h, styles: styles, noise: noise), try c.output("\(name)_modconv"), tol("\(name)_modconv"), "\(name) modconv")
            h = try layer.forward(h, w: try w(i), noise: SynthesisNoise(.const))
            expectClose(h, try c.output("\(name)_out"), tol("\(name)_out"), "\(name) out")
        }
        // The toRGB styles include its weight gain 1/√C_in.
        expectClose(try block.toRGB.affine(try w(2)) * Float(1 / 8.0), try c.output("torgb_styles"), tol("torgb_styles"), "torgb styles")
        expectClose(try block.toRGB.forward(h, w: try w(2)), try c.output("torgb_out"), tol("torgb_out"), "torgb out")
        let img = try c.input("img")
        expectClose(try img.upfirdn2d(filter: StyleGANOps.filter, up: 2, padding: (2, 1, 2, 1), gain: 4), try c.output("img_upsampled"),
                    tol("img_upsampled"), "img upsampled")
        let out = try block.forward(x: x, image: img, ws: ws, noise: SynthesisNoise(.const))
        expectClose(out.x, try c.output("x_out"), tol("x_out"), "x out")
        expectClose(out.image, try c.output("img_out"), tol("img_out"), "img out")
    }

    @Test("discriminator logits: class 0, integer classes, a batch of one; block outputs and the class map")
    func discriminatorForward() throws {
        let c = try ReferenceCase("sg2_discriminator_r16_forward")
        let d = try Self.discriminator(c)
        let classes = try indices(from: try c.input("c")), integers = try indices(from: try c.input("c_int"))
        expectClose(try d(try c.input("x"), classes: classes), try c.output("logits"), c.tolerance("logits"), "logits")
        expectClose(try d(try c.input("x"), classes: integers), try c.output("logits_c_int"), c.tolerance("logits_c_int"), "logits c_int")
        expectClose(try d(try c.input("x_N1"), classes: try indices(from: try c.input("c_N1"))), try c.output("logits_N1"),
                    c.tolerance("logits_N1"), "logits N1")
        var h = try c.input("x")
        for block in d.blocks {
            h = try block(h)
            expectClose(h, try c.output("activation_b\(block.resolution)"), c.tolerance("activation_b\(block.resolution)"), "b\(block.resolution)")
        }
        expectClose(try d.mapping.forward(z: nil, c: try d.classInput(classes)), try c.output("activation_cmap"), c.tolerance("activation_cmap"), "cmap")
    }

    @Test("R1: value, input gradient and every parameter gradient by double backward; the testbed's real-image step")
    func discriminatorR1() throws {
        let c = try ReferenceCase("sg2_discriminator_r16_r1")
        let d = try Self.discriminator(c)
        let x = try c.input("x").requiringGrad(), classes = try indices(from: try c.input("c"))
        let out = try d(x, classes: classes)
        expectClose(out, try c.output("d_out"), c.tolerance("d_out"), "d_out")
        expectClose(try gradients(of: out.sum(), withRespectTo: [x])[0], try c.output("grad_x_of_dout_sum"), c.tolerance("grad_x_of_dout_sum"), "grad x")
        let perSample = try Losses.r1PerSample(output: out, input: x)
        expectClose(perSample, try c.output("reg_per_sample"), c.tolerance("reg_per_sample"), "reg per sample")
        let reg = try perSample.mean()
        expectClose(reg, try c.output("reg_mean"), c.tolerance("reg_mean"), "reg mean")
        try reg.backward()
        try Self.expectGradients(d, c, "grad_params")
        // The testbed's real half: BCE to 1 and 10 · R1, back-propagated one after the other.
        d.zeroGrad()
        let x2 = try c.input("x").requiringGrad()
        let real = try d(x2, classes: classes)
        let loss = try Losses.bceWithLogits(real, target: 1)
        expectClose(loss, try c.output("dloss_real"), c.tolerance("dloss_real"), "dloss_real")
        let reg10 = try Losses.r1Penalty(output: real, input: x2) * 10
        expectClose(reg10, try c.output("reg_times_reg_param"), c.tolerance("reg_times_reg_param"), "reg × 10")
        try loss.backward()
        try reg10.backward()
        try Self.expectGradients(d, c, "grad_params_testbed_real_step")
    }
}
