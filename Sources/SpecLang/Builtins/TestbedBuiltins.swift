import Foundation
import SpecGAN
import SpecSpectrum
import SpecTensor

/// Image data sets and the paper's two testbeds.
enum TestbedBuiltins {
    static func register(_ r: BuiltinRegistry) {
        data(r)
        testbeds(r)
    }

    // MARK: Data sets

    static func data(_ r: BuiltinRegistry) {
        let res = Builtin.Parameter("res", .integer, default: .nil, keywordOnly: true,
                                    "resize to res×res with PIL's Lanczos filter; nil keeps the cropped size")
        r.add(Builtin("image_folder", topic: .data, [
            .init("path", .string, "a folder of PNG images"), res,
            .init("highpass", .bool, default: .bool(false), keywordOnly: true, "apply the paper's high-pass filter after scaling"),
            .init("subset", .integer, default: .nil, keywordOnly: true, "use only the first n images (in file-name order)"),
        ], summary: "A data set from a folder of PNG images, prepared as the reference's loader: sorted by name, centre-cropped, resized, in [−1, 1].",
           help: "Images are read as RGB (gray is repeated, alpha dropped), centre-cropped to a square as torchvision's center_crop, resized with PIL's Lanczos filter (the same 8-bit arithmetic, so the same pixel values) when res differs, then scaled to [−1, 1] as ToTensor and Normalize(0.5, 0.5). Image i is class i in the discriminator testbed.",
           example: "save_png(rand([3, 8, 12], low: -1), \"imgs/a.png\"); let data = image_folder(\"imgs\", res: 4)") { args in
            let path = try args.string("path")
            let folder = try args.interpreter.files.readURL(path, at: args.spanOf("path"))
            let resolution = try imageResolution(args)
            let subset = try args.isNil("subset") ? nil : args.count("subset")
            let files = args.interpreter.files, span = args.spanOf("path")
            var images = try args.checked("path") {
                try ImageData.folder(folder, resolution: resolution, subset: subset) { try files.checkRead($0, at: span) }
            }
            let highpass = try args.bool("highpass")
            if highpass { images = try args.checked { try images.highpassed() } }
            return .object(Dataset(images: images, source: args.callText()))
        })
        r.add(Builtin("load_image", topic: .data, [.init("path", .string, "a PNG image"), res],
                      summary: "A data set of one PNG image (for example the paper's baboon), prepared as image_folder prepares its images.",
                      example: "save_png(rand([3, 8, 12], low: -1), \"one.png\"); let data = load_image(\"one.png\", res: 16)") { args in
            let path = try args.string("path")
            let url = try args.interpreter.files.readURL(path, at: args.spanOf("path"))
            let resolution = try imageResolution(args)
            let image = try args.checked("path") { try ImageData.prepared(url, resolution: resolution) }
            return .object(Dataset(images: try args.checked { try image.unsqueezed(0) }, source: args.callText()))
        })
    }

    /// The resize target of an image loader: one image of it must fit in memory.
    static func imageResolution(_ args: Arguments) throws -> Int? {
        guard !args.isNil("res") else { return nil }
        let res = try args.count("res")
        do { try AllocationLimit.checkedCount([3, res, res], op: args.builtin.name) } catch let e as TensorError { throw args.error("res", e.description) }
        return res
    }

    // MARK: Testbeds

    static let common: [Builtin.Parameter] = [
        .init("steps", .integer, default: .number(10000), keywordOnly: true, "training iterations (the reference's default runs 10000)"),
        .init("eval_every", .integer, default: .number(100), keywordOnly: true, "evaluate every this many iterations (and at 0 and the end)"),
        .init("batch", .integer, default: .number(10), keywordOnly: true, "images per batch; the data are reshuffled every epoch"),
        .init("out", .string, default: .nil, keywordOnly: true, "the run folder (relative to the output folder); default the builtin's name, numbered from a session's second run on"),
        .init("save_every", .integer, default: .number(1000), keywordOnly: true, "checkpoint every this many iterations (and at the end)"),
        .init("print_every", .integer, default: .number(100), keywordOnly: true, "progress lines every this many iterations when not on a terminal"),
        .init("step", .function, default: .nil, keywordOnly: true, "your own training step fn (tb, batch) returning a record of losses; default the shipped one (source(\"…_step\") shows it)"),
        .init("extra", .record, default: .nil, keywordOnly: true, "more entries for the testbed record tb (models, optimisers, settings your step uses); their models and optimisers are checkpointed"),
        .init("resume", .bool, default: .bool(false), keywordOnly: true, "continue the run in the out folder from its checkpoint when the same script made it (else start it)"),
        .init("overwrite", .bool, default: .bool(false), keywordOnly: true, "replace an earlier run in the out folder; by default a new run never does: it writes to out_2, out_3, … and says so"),
    ]

    static func custom(_ args: Arguments) throws -> TestbedSetup.Custom {
        TestbedSetup.Custom(step: args.isNil("step") ? nil : args.value("step"), extra: args.isNil("extra") ? nil : try args.record("extra"))
    }

    static func schedule(_ args: Arguments) throws -> TestbedSetup.Schedule {
        TestbedSetup.Schedule(steps: try args.count("steps", minimum: 0), evalEvery: try args.count("eval_every"),
                              saveEvery: try args.count("save_every"), printEvery: try args.count("print_every"))
    }

    static func dataset(_ args: Arguments) throws -> Dataset {
        if case .object(let o) = args.value("data"), let d = o as? Dataset { return d }
        let images = try args.tensor("data")
        guard images.rank == 4 else { throw args.error("data", "data must be a data set or images (N, C, H, W), got \(images.shape.shapeDescription)", kind: .type) }
        return Dataset(images: images, source: "a tensor of shape \(images.shape.shapeDescription)")
    }

    static func destination(_ args: Arguments, default name: String) throws -> TestbedSetup.Destination {
        // Runs without an explicit folder get the builtin's name, numbered from the second run of a session on, so
        // runs in a loop do not overwrite each other and a rerun of the script writes the same folders again.
        let path = try args.isNil("out") ? args.interpreter.sessionName(name) : args.string("out")
        let marker = try args.interpreter.files.writeURL(path + "/config.json", at: args.spanOf("out"))
        return TestbedSetup.Destination(folder: marker.deletingLastPathComponent(), resume: args.isGiven("resume") ? try args.bool("resume") : args.interpreter.resumesRuns,
                                        overwrite: try args.bool("overwrite"))
    }

    /// Trains a run to `steps` and returns it.
    static func train(_ run: TestbedRun, to steps: Int, _ args: Arguments) throws -> Value {
        try args.checked { try run.train(to: steps, interpreter: args.interpreter, span: args.span) }
        return .object(run)
    }

    static func testbeds(_ r: BuiltinRegistry) {
        let data = Builtin.Parameter("data", .any, "a data set (toyset, image_folder, load_image) or images (N, C, H, W)")
        r.add(Builtin("generator_testbed", topic: .data, [
            .init("g", .object, "a generator: pggan_generator or a model of your own, called as g(z)"), data,
            .init("z_dim", .integer, default: .nil, keywordOnly: true, "size of the latent codes; a pggan_generator's own by default"),
            .init("loss", .any, default: .string("mse"), keywordOnly: true, "\"mse\", \"spectrum\", or weights such as {mse: 1, spectrum: 0.1}"),
            .init("lr", .number, default: .number(1e-3), keywordOnly: true, "Adam learning rate (betas (0, 0.99), eps 1e-8)"),
        ] + common, summary: "The paper's generator testbed: regress the images from fixed latent codes; returns the run.",
           help: "Each image gets a latent code z ~ N(0, I) from the session's seed. Iteration 0 only evaluates; then each iteration takes the next batch and calls the step: the shipped generator_step (source(\"generator_step\")) computes the loss of g(z) against the images and takes an Adam step. The testbed record tb holds g, opt (its Adam) and loss (the weights), and the batch z, x and i (indices). Evaluations record the generated spectra, the spectrum error, PSNR and samples; the run folder holds the configuration, manifest, logs, spectra, sample grids, plots and checkpoints. Ctrl-C stops at the next iteration with everything saved; resume(run.dir) continues bit for bit (or, for a run with a model or step of the script's own, the same call with resume: true).",
           example: "let run = generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 2), steps: 2, eval_every: 1, batch: 2)") { args in
            let g = try args.model("g"), data = try dataset(args)
            let settings = GeneratorSettings(learningRate: try args.number("lr"), batch: try args.count("batch"), loss: try loss(args))
            let schedule = try schedule(args), custom = try custom(args), destination = try destination(args, default: "generator_testbed")
            let zDim: Int
            switch (g.architecture, try args.isNil("z_dim") ? nil : args.count("z_dim")) {
            case (_, let z?): zDim = z
            case (.pgganGenerator(let c)?, nil): zDim = c.zDim
            case (.stylegan2Generator(let c)?, nil): zDim = c.zDim
            case (.stylegan3Generator(let c)?, nil): zDim = c.zDim
            case (nil, nil): throw args.error("z_dim", "give z_dim: the size of the latent codes this model takes")
            default: throw args.error("g", "the generator must map latent codes to images (pggan_generator, stylegan2_generator, stylegan3_generator, or a model of your own with z_dim:), got a \(g.kind)")
            }
            let run = try args.checked("data") {
                let images = try TestbedSetup.images(of: data)
                let latents = Tensor.randn([images.shape[0], zDim], using: &args.interpreter.rng)
                let testbed = try TestbedSetup.generatorTestbed(generator: g, latents: latents, images: images, settings: settings, custom: custom,
                                                                rng: &args.interpreter.rng, interpreter: args.interpreter, span: args.span)
                return try TestbedSetup.run(testbed, kind: .generator, data: data, models: ["generator": g], settings: (settings, nil),
                                            custom: custom, schedule: schedule, destination: destination, interpreter: args.interpreter)
            }
            return try train(run, to: schedule.steps, args)
        })
        r.add(Builtin("discriminator_testbed", topic: .data, [
            .init("d", .object, "a discriminator with one logit per image (pggan_discriminator(…, classes: N) or an mlp)"), data,
            .init("spectral", .any, default: .bool(false), keywordOnly: true, "true (or a spectral_discriminator) to add the spectral discriminator's logits"),
            .init("lr_g", .number, default: .number(1e-2), keywordOnly: true, "Adam learning rate of the images"),
            .init("lr_d", .number, default: .number(1e-3), keywordOnly: true, "Adam learning rate of the discriminator(s)"),
            .init("r1", .number, default: .number(10), keywordOnly: true, "weight of the R1 penalty on real images"),
            .init("ema", .number, default: .number(0.999), keywordOnly: true, "decay of the evaluated EMA copy of the images"),
        ] + common, summary: "The paper's discriminator testbed: trainable images against a class-conditional discriminator; returns the run.",
           help: "The generator is one trainable image per data-set image (direct_generator, from the session's seed), image i being class i. Each iteration calls the step with the testbed record tb (d, g, g_ema, d_opt, g_opt, spectral, r1, ema, and extra: entries) and the batch (x: real images, c: their classes); the shipped discriminator_step (source(\"discriminator_step\")) takes a discriminator step on real images (BCE to 1 plus r1 · R1) and on the generator's images (BCE to 0), a generator step (BCE to 1 through the discriminator), and the EMA update; Adam betas (0, 0.99). Evaluations use the EMA images. A discriminator of your own is called d(x) and d(x, classes).",
           example: "let run = discriminator_testbed(pggan_discriminator(res: 8, divide: 64, classes: 2), toyset(res: 8, count: 2), steps: 2, eval_every: 1, batch: 2)") { args in
            let d = try args.model("d"), data = try dataset(args)
            let spectral: ModelObject?
            switch args.value("spectral") {
            case .bool(false): spectral = nil
            case .bool(true):
                let images = data.images
                guard images.rank == 4 else { throw args.error("data", "data must be images (N, C, H, W)") }
                spectral = ModelObject(try args.checked { try SpectralDiscriminator(.init(resolution: images.shape[3], classes: images.shape[0]), rng: &args.interpreter.rng) })
            default: spectral = try args.object("spectral", as: ModelObject.self, described: "true, false or a spectral_discriminator")
            }
            let settings = DiscriminatorSettings(generatorLearningRate: try args.number("lr_g"), discriminatorLearningRate: try args.number("lr_d"),
                                                 r1Weight: try args.float("r1"), emaBeta: try args.float("ema"), batch: try args.count("batch"))
            guard (0...1).contains(settings.emaBeta) else { throw args.error("ema", "ema must be in [0, 1]") }
            let schedule = try schedule(args), custom = try custom(args), destination = try destination(args, default: "discriminator_testbed")
            let run = try args.checked("data") {
                let testbed = try TestbedSetup.discriminatorTestbed(discriminator: d, spectral: spectral, images: try TestbedSetup.images(of: data),
                                                                    settings: settings, custom: custom, rng: &args.interpreter.rng,
                                                                    interpreter: args.interpreter, span: args.span)
                return try TestbedSetup.run(testbed, kind: .discriminator, data: data, models: TestbedSetup.roles(of: testbed, spectral: spectral != nil),
                                            settings: (nil, settings), custom: custom, schedule: schedule, destination: destination,
                                            interpreter: args.interpreter)
            }
            return try train(run, to: schedule.steps, args)
        })
        r.add(Builtin("source", topic: .data, [.init("name", .string, choices: TestbedSteps.sources.map(\.name), "discriminator_step or generator_step")],
                      summary: "The spec source of a testbed's shipped training step, to read, copy and change (pass yours as step:).",
                      example: "print(source(\"generator_step\"))") { args in
            let name = try args.choice("name")
            return .string(TestbedSteps.source(named: name) ?? "")
        })
        r.add(Builtin("resume", topic: .data, [
            .init("run_dir", .string, "the folder of a run (run.dir)"),
            .init("steps", .integer, default: .nil, keywordOnly: true, "train to this iteration; default the run's configured steps"),
        ], summary: "Continue a testbed run from its checkpoint, exactly as if it had never stopped; returns the run.",
           help: "Rebuilds the models, optimiser states, data order and history from the folder, so N iterations in one go and N/2 + resume to N give the same bits (same thread count).",
           example: "let run = generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 2), steps: 1, batch: 2, out: \"g\"); resume(run.dir, steps: 2)") { args in
            let path = try args.string("run_dir")
            let url = try args.interpreter.files.readURL(path, at: args.spanOf("run_dir"))
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path) else {
                throw args.error("run_dir", "\(url.path) holds no run (no config.json)", kind: .io)
            }
            _ = try args.interpreter.files.writeURL(url.appendingPathComponent("config.json").path, at: args.spanOf("run_dir"))
            let steps = try args.isNil("steps") ? nil : args.count("steps", minimum: 0)
            let run = try args.checked("run_dir") { try TestbedSetup.resumed(from: url, steps: steps, interpreter: args.interpreter, span: args.span) }
            return try train(run, to: run.configuration.steps, args)
        })
    }

    /// "mse", "spectrum", or a record of weights.
    static func loss(_ args: Arguments) throws -> GeneratorLoss {
        let choices = GeneratorLoss.Term.allCases.map(\.rawValue)
        switch args.value("loss") {
        case .string(let s):
            guard let term = GeneratorLoss.Term(rawValue: s) else { throw args.error("loss", "loss must be one of \(choices.joined(separator: ", ")) or a record of weights, got \"\(s)\"") }
            return GeneratorLoss(term)
        case .record(let r):
            let terms = try r.entries.map { name, weight -> (GeneratorLoss.Term, Float) in
                guard let term = GeneratorLoss.Term(rawValue: name) else { throw args.error("loss", "unknown loss '\(name)' (one of \(choices.joined(separator: ", ")))") }
                guard case .number(let w) = weight else { throw args.error("loss", "the weight of '\(name)' must be a number") }
                return (term, Float(w))
            }
            return try args.checked("loss") { try GeneratorLoss(terms: terms.map(\.0), weights: terms.map(\.1)) }
        case let v:
            throw args.error("loss", "loss must be a string or a record of weights, got \(Printer.describeType(v))", kind: .type)
        }
    }
}
