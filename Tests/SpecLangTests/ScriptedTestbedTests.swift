import Foundation
import Testing
import SpecGAN
import SpecSpectrum
import SpecSyntax
import SpecTensor
@testable import SpecLang

/// The testbeds whose steps are spec code: the shipped steps do what the reference does, a script's own model and
/// step train and resume bit for bit.
@Suite("Testbeds with spec steps")
struct ScriptedTestbedTests {
    /// A discriminator testbed on `batch` random images from `imageSeed`, its models initialised from `seed`. The
    /// interpreter is returned too: the testbed holds it weakly.
    static func discriminatorBed(_ mode: DownsamplingMode = .avg, count: Int = 4, batch: Int? = nil, seed: UInt64 = 1, imageSeed: UInt64? = nil,
                                 spectral: Bool = false) throws -> (ScriptedTestbed, Interpreter) {
        let interpreter = Interpreter(seed: seed)
        var imageRNG = RandomGenerator(seed: imageSeed ?? seed)
        let images = Tensor.rand([count, 3, 8, 8], using: &imageRNG, low: -1, high: 1)
        var rng = RandomGenerator(seed: seed)
        let d = ModelObject(try PGGANDiscriminator(resolution: 8, divide: 64, downsampling: mode, labelSize: count - 1, rng: &rng))
        let s = spectral ? ModelObject(try SpectralDiscriminator(.init(resolution: 8, classes: count), rng: &rng)) : nil
        let bed = try TestbedSetup.discriminatorTestbed(discriminator: d, spectral: s, images: images, settings: .init(batch: batch ?? count),
                                                        custom: .none, rng: &rng, interpreter: interpreter, span: nil)
        return (bed, interpreter)
    }

    static func model(_ bed: ScriptedTestbed, _ key: String) throws -> Module {
        guard case .object(let m as ModelObject)? = bed.state[key] else { throw GANError.invalidInput("no model \(key)") }
        return m.module
    }

    @Test("the shipped discriminator step trains D and the images, and leaves the EMA copy trailing", arguments: TestbedBenchmarks.discriminatorModes)
    func discriminatorStep(mode: DownsamplingMode) throws {
        let (bed, interpreter) = try Self.discriminatorBed(mode)
        defer { withExtendedLifetime(interpreter) {} }
        let d = try Self.model(bed, "d"), g = try Self.model(bed, "g"), ema = try Self.model(bed, "g_ema")
        let d0 = d.parameters.map(\.value.scalars), g0 = g.parameters[0].value.scalars
        let losses = try bed.trainStep()
        #expect(bed.lossNames == ["d_loss", "r1", "g_loss"] && losses.allSatisfy(\.isFinite) && losses[1] > 0)
        #expect(d.parameters.map(\.value.scalars) != d0 && g.parameters[0].value.scalars != g0)
        for (e, (start, now)) in zip(ema.parameters[0].value.scalars, zip(g0, g.parameters[0].value.scalars)) {
            #expect(Swift.abs(e - (0.999 * start + 0.001 * now)) <= 1e-6 * Swift.max(1, Swift.abs(e)))
        }
    }

    @Test("the shipped step's losses equal the reference's formulas on the first batch")
    func discriminatorLossesAreTheReferences() throws {
        let (bed, interpreter) = try Self.discriminatorBed(count: 3, seed: 4)
        defer { withExtendedLifetime(interpreter) {} }
        guard let d = try Self.model(bed, "d") as? PGGANDiscriminator, let g = try Self.model(bed, "g") as? DirectGenerator else { return }
        let classes = [0, 1, 2]  // batch 3 of 3 images: every batch is the whole data set, in some order
        let x = bed.images.requiringGrad()
        let out = try d(x, classes: classes)
        let real = try Losses.bceWithLogits(out, target: 1).item!, r1 = try (Losses.r1Penalty(output: out, input: x) * 10).item!
        let fake = try Losses.bceWithLogits(try d(try g.images(at: classes), classes: classes), target: 0).item!
        let losses = try bed.trainStep()
        // The batch is a permutation of the images: the mean losses do not depend on the order (up to rounding).
        #expect(Swift.abs(losses[0] - (real + fake)) <= 1e-5 * Swift.abs(real + fake))
        #expect(Swift.abs(losses[1] - r1) <= 1e-4 * Swift.abs(r1))
    }

    @Test("generator-testbed iterations reduce the MSE; a weighted loss is MSE + w · spectrum loss", arguments: TestbedBenchmarks.generatorModes)
    func generatorSteps(mode: UpsamplingMode) throws {
        let interpreter = Interpreter(seed: 2)
        var rng = RandomGenerator(seed: 2)
        let g = ModelObject(try PGGANGenerator(resolution: 8, zDim: 4, divide: 64, upsampling: mode, rng: &rng))
        let images = Tensor.rand([3, 3, 8, 8], using: &rng, low: -1, high: 1), z = Tensor.randn([3, 4], using: &rng)
        let loss = try GeneratorLoss(terms: [.mse, .spectrum], weights: [1, 0.5])
        let bed = try TestbedSetup.generatorTestbed(generator: g, latents: z, images: images, settings: .init(batch: 3, loss: loss),
                                                    custom: .none, rng: &rng, interpreter: interpreter, span: nil)
        defer { withExtendedLifetime(interpreter) {} }
        let prediction = try bed.generated([0, 1, 2])
        let expected = try Losses.mse(prediction, images).item! + 0.5 * (try logSpectrumLoss(prediction, images)).item!
        let first = try bed.trainStep()[0]
        #expect(Swift.abs(first - expected) <= 1e-5 * Swift.abs(expected))
        var last = first
        for _ in 0..<5 { last = try bed.trainStep()[0] }
        #expect(last < first && bed.iteration == 6)
    }

    @Test("a spectral discriminator joins the logits and trains under d_opt; the checkpoint holds the record's models and optimisers")
    func spectralJoins() throws {
        let (bed, interpreter) = try Self.discriminatorBed(count: 3, seed: 6, spectral: true)
        defer { withExtendedLifetime(interpreter) {} }
        let s = try Self.model(bed, "spectral")
        let s0 = s.parameters.map(\.value.scalars)
        #expect(try bed.trainStep().allSatisfy(\.isFinite))
        #expect(s.parameters.map(\.value.scalars) != s0)
        #expect(bed.checkpointComponents.map(\.name) == ["d", "g", "g_ema", "d_opt", "g_opt", "spectral", "schedule", "step_rng"])
    }

    @Test("evaluation reads the EMA images: nearly black at first, zero error and infinite PSNR when perfect")
    func evaluation() throws {
        let (bed, interpreter) = try Self.discriminatorBed(count: 3, seed: 9)
        defer { withExtendedLifetime(interpreter) {} }
        let evaluator = try Evaluator(real: try SpectrumStatistics(images: bed.images), chunk: 2)
        let start = try evaluator.evaluate(bed)
        #expect(start.step == 0 && start.samples.shape == [3, 3, 8, 8] && start.error.count == 5)
        #expect(start.error.scalars.allSatisfy { $0 < -0.9 })
        try Self.model(bed, "g_ema").parameters[0].assign(bed.images)
        let perfect = try evaluator.evaluate(bed)
        #expect(perfect.error.scalars.allSatisfy { $0 == 0 } && perfect.meanPSNR == .infinity)
    }

    @Test("N iterations equal N/2, a checkpoint, a fresh testbed loading it, and N/2 more: bit for bit")
    func resumeIsExact() throws {
        func state(_ bed: ScriptedTestbed) -> [[CheckpointTensor]] { bed.checkpointComponents.map { $0.component.checkpointState().map(\.tensor) } }
        // Batch 3 of 5 images: epochs end mid-batch, so the data order must resume mid-epoch.
        let (straight, keep1) = try Self.discriminatorBed(count: 5, batch: 3, seed: 11, spectral: true)
        let (first, keep2) = try Self.discriminatorBed(count: 5, batch: 3, seed: 11, spectral: true)
        // Models initialised otherwise: everything the run needs must come from the checkpoint.
        let (resumed, keep3) = try Self.discriminatorBed(count: 5, batch: 3, seed: 99, imageSeed: 11, spectral: true)
        defer { withExtendedLifetime((keep1, keep2, keep3)) {} }
        for _ in 0..<6 { _ = try straight.trainStep() }
        for _ in 0..<3 { _ = try first.trainStep() }
        let url = URL(fileURLWithPath: FileManagerHelper.temporaryFolder()).appendingPathComponent("c.safetensors")
        try Checkpoint.save(to: url, components: first.checkpointComponents, info: .init(step: first.iteration))
        #expect(state(resumed) != state(first))
        try resumed.restore(iteration: try Checkpoint.load(from: url, into: resumed.checkpointComponents).step)
        for _ in 0..<3 { _ = try resumed.trainStep() }
        #expect(resumed.iteration == 6)
        #expect(state(resumed) == state(straight))
    }

    @Test("a model and a step of the script's own: trains, resumes bit for bit with resume: true, and resume(dir) says how")
    func userModelAndStepResume() throws {
        let script = """
            seed(3)
            let steps = 6
            let data = toyset(res: 8, count: 3)
            let d = model({
              body: sequential([conv(3, 8, 3, padding: 1, init: "equalized"), leaky_relu, downsample_layer("avg"), flatten_layer()]),
              head: linear(8 * 16, 3, init: "equalized", gain: 1),
              forward: fn (self, x, c = nil) {
                let logits = self.head(self.body(x))
                if c == nil { return logits }
                return select_logits(logits, c)
              }
            })
            # A step of one's own: the shipped loss plus a noise-perturbed real batch (random draws in the step).
            let my_step = fn (tb, batch) {
              let x = requires_grad(batch.x + 0.01 * randn(batch.x.shape))
              let d_real = tb.d(x, batch.c)
              let loss_d = bce_with_logits(d_real, 1) + tb.r1 * r1_penalty(d_real, x) + bce_with_logits(tb.d(detach(tb.g(batch.c)), batch.c), 0)
              step(tb.d_opt, loss_d)
              let loss_g = bce_with_logits(tb.d(tb.g(batch.c), batch.c), 1) + tb.extra_weight * mean(tb.g(batch.c) ** 2)
              step(tb.g_opt, loss_g)
              ema(tb.g_ema, tb.g, beta: tb.ema)
              return {d: loss_d, g: loss_g}
            }
            let run = discriminator_testbed(d, data, steps: steps, batch: 2, eval_every: 2, save_every: 2, step: my_step,
                                            extra: {extra_weight: 0.1}, out: "mine", resume: true)
            """
        let straight = Session(), split = Session()
        try straight.run(script)
        try split.run(script.replacingOccurrences(of: "let steps = 6", with: "let steps = 3"))
        let again = Session()
        try FileManager.default.copyItem(at: split.folder.appendingPathComponent("mine"), to: again.folder.appendingPathComponent("mine"))
        try again.run(script)
        #expect(try again.number("run.step") == 6)
        for file in ["checkpoint.safetensors", "losses.jsonl"] {
            let a = try Data(contentsOf: straight.folder.appendingPathComponent("mine/\(file)"))
            let b = try Data(contentsOf: again.folder.appendingPathComponent("mine/\(file)"))
            #expect(a == b, "\(file) differs")
        }
        #expect(try again.run("keys(run.losses)").map(Printer.plain) == "[\"step\", \"d\", \"g\"]")
        do {
            try again.run("resume(\"mine\")")
            Issue.record("resume(dir) of a script's own run should refuse")
        } catch let e as SpecError {
            #expect(e.message.contains("discriminator, step, extra.extra_weight") && e.message.contains("resume: true"), "\(e.message)")
        }
    }

    @Test("source() shows the shipped steps; a step returning no record, or changing its losses, is a clear error")
    func sourceAndStepErrors() throws {
        let s = Session()
        #expect(try s.run("source(\"discriminator_step\")").map(Printer.plain)?.contains("fn discriminator_step(tb, batch)") == true)
        try s.run("""
            let data = toyset(res: 8, count: 2)
            let g = pggan_generator(res: 8, z_dim: 4, divide: 64)
            """)
        for (step, message) in [("fn (tb, batch) { return 1 }", "must return a record of losses"),
                                ("fn (tb, batch) { return {loss: [1, 2]} }", "must be a number or a one-element tensor")] {
            do {
                try s.run("generator_testbed(g, data, steps: 1, batch: 2, step: \(step))")
                Issue.record("no error for \(step)")
            } catch let e as SpecError {
                #expect(e.message.contains(message), "\(e.message)")
            }
        }
    }
}
