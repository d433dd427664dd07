import Foundation
import SpecGAN
import SpecMedia
import SpecSpectrum
import SpecSyntax
import SpecTensor

/// Building testbed runs: the testbed record and step around a script's models, in a new run folder, in the folder
/// of a run the same script started (`resume: true`), or from a run folder alone (`resume(dir)`).
enum TestbedSetup {
    /// How often a run evaluates, checkpoints and prints, and how far it trains.
    struct Schedule {
        var steps: Int
        var evalEvery: Int
        var saveEvery: Int
        var printEvery: Int
    }

    /// What a script adds to a testbed: its own step function and extra entries of the testbed record.
    struct Custom {
        var step: Value?
        var extra: RecordRef?
        static let none = Custom(step: nil, extra: nil)
    }

    /// Where a run goes: a new folder, or continuing the run in that folder when `resume` is set and it holds one.
    /// A new run never replaces an earlier one unless `overwrite` says so: it goes to the first free `folder_N`.
    struct Destination {
        var folder: URL
        var resume: Bool
        var overwrite = false

        /// The folder a new run writes: `folder`, or when that holds an earlier run (and `overwrite` is off) the first
        /// `folder_2`, `folder_3`, … that holds none; `announce` is told of the change.
        func freshFolder(announce: (String) -> Void) -> URL {
            let holdsRun = { (url: URL) in FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path) }
            guard !overwrite, holdsRun(folder) else { return folder }
            var n = 2
            var candidate = folder
            repeat {
                candidate = folder.deletingLastPathComponent().appendingPathComponent("\(folder.lastPathComponent)_\(n)")
                n += 1
            } while holdsRun(candidate) || !((try? FileManager.default.contentsOfDirectory(atPath: candidate.path))?.isEmpty ?? true)
            announce("\(folder.path) holds an earlier run, kept; this run writes to \(candidate.path) (overwrite: true replaces the earlier one)")
            return candidate
        }
    }

    /// The data's spectrum statistics, from the on-disk cache in the output folder (`.spectrum-cache/`) when
    /// the same images were seen before.
    static func realStatistics(_ images: Tensor, interpreter: Interpreter) throws -> SpectrumStatistics {
        let marker = try interpreter.files.writeURL(".spectrum-cache/entries", at: nil)
        return try SpectrumStatisticsCache(directory: marker.deletingLastPathComponent()).statistics(of: images).statistics
    }

    static func images(of data: Dataset) throws -> Tensor {
        guard data.images.rank == 4, data.count > 0 else {
            throw RunError.setup("a testbed needs images (N, C, H, W), got \(data.images.shape.shapeDescription)")
        }
        if let bad = data.images.scalars.firstIndex(where: { !$0.isFinite }) {
            throw RunError.setup("the data hold \(data.images.scalars[bad].isNaN ? "NaN" : "an infinite value") (value \(bad) of \(data.images.count)); a testbed needs finite images")
        }
        return data.images.detached()
    }

    // MARK: The two testbeds

    /// The discriminator testbed's record: d, g (one trainable image per data-set image, from `rng`), g_ema,
    /// d_opt, g_opt, spectral, r1, ema, then the script's extras.
    static func discriminatorTestbed(discriminator d: ModelObject, spectral: ModelObject?, images: Tensor, settings: DiscriminatorSettings,
                                     custom: Custom, rng: inout RandomGenerator, interpreter: Interpreter,
                                     span: SourceSpan?) throws -> ScriptedTestbed {
        guard images.shape[2] == images.shape[3] else { throw RunError.setup("discriminator_testbed: the images must be square, got \(images.shape.shapeDescription)") }
        let n = images.shape[0]
        let generator = try DirectGenerator(.init(count: n, resolution: images.shape[3], imageChannels: images.shape[1]), rng: &rng)
        guard spectral?.module !== d.module else { throw RunError.setup("the discriminator and the spectral discriminator must be different models") }
        for (name, model) in [("discriminator", d)] + (spectral.map { [("spectral discriminator", $0)] } ?? []) {
            guard let m = model.module as? any Model else {
                throw RunError.setup("the \(name) must be a model called as d(x, classes) (a prebuilt one, or model({…, forward: fn (self, x, c = nil) {…}}))")
            }
            func tooFew(_ k: Int) -> RunError {
                .setup("the \(name) knows \(k) class\(k == 1 ? "" : "es"), but each of the \(n) images is its own class: make it with classes: \(n)")
            }
            if let k = m.classCount, k < n { throw tooFew(k) }
            // The last image's class must give one logit.
            let probe: Tensor
            do { probe = try withoutGrad { try model.forward(images.rows([0]), classes: [n - 1]) } } catch let e as GANError {
                throw RunError.setup("the \(name) cannot score class \(n - 1) (each of the \(n) images is its own class): \(e.description)")
            }
            guard probe.shape == [1, 1] else {
                throw RunError.setup("the \(name) must give one logit per image for its class, (N, 1); it gave \(probe.shape.shapeDescription)")
            }
        }
        let ema = try generator.copy()
        ema.freeze()
        let betas = (settings.beta1, settings.beta2)
        let dNamed = spectral.map { s in
            d.module.namedParameters.map { ("d.\($0.name)", $0.parameter) } + s.module.namedParameters.map { ("spectral.\($0.name)", $0.parameter) }
        } ?? d.module.namedParameters
        let dOpt = try Adam(parameters: dNamed, learningRate: settings.discriminatorLearningRate, betas: betas, epsilon: settings.epsilon)
        let gOpt = try Adam(generator, learningRate: settings.generatorLearningRate, betas: betas, epsilon: settings.epsilon)
        let g = ModelObject(generator), gEMA = ModelObject(ema)
        let state = RecordRef([
            ("d", .object(d)), ("g", .object(g)), ("g_ema", .object(gEMA)),
            ("d_opt", .object(OptimizerObject(dOpt, over: spectral == nil ? d.kind : "\(d.kind) + spectral_discriminator"))),
            ("g_opt", .object(OptimizerObject(gOpt, over: g.kind))),
            ("spectral", spectral.map { .object($0) } ?? .nil),
            ("r1", .number(Double(settings.r1Weight))), ("ema", .number(Double(settings.emaBeta))),
        ])
        try add(custom.extra, to: state)
        let schedule = try BatchSchedule(count: n, batch: settings.batch, rng: RandomGenerator(seed: rng.next()))
        let stepRNG = RandomGenerator(seed: rng.next())
        return try ScriptedTestbed(kind: .discriminator, images: images, state: state,
                                   step: try custom.step ?? interpreter.shippedStep("discriminator_step"), evaluated: gEMA,
                                   lossNames: custom.step == nil ? ["d_loss", "r1", "g_loss"] : [], schedule: schedule, random: stepRNG,
                                   interpreter: interpreter, span: span)
    }

    /// The generator testbed's record: g, opt, loss (the criterion's weights), then the script's extras; one
    /// latent code per image.
    static func generatorTestbed(generator g: ModelObject, latents: Tensor, images: Tensor, settings: GeneratorSettings, custom: Custom,
                                 rng: inout RandomGenerator, interpreter: Interpreter, span: SourceSpan?) throws -> ScriptedTestbed {
        guard latents.rank == 2, latents.shape[0] == images.shape[0] else {
            throw RunError.setup("generator_testbed: need one latent code per image, got \(latents.shape.shapeDescription) for \(images.shape[0]) images")
        }
        let made = try withoutGrad { try g.forward(latents.rows([0]), classes: nil) }
        guard made.shape == [1] + images.shape.dropFirst() else {
            throw RunError.setup("generator_testbed: the generator makes images of shape \(made.shape.dropFirst().map { $0 }.shapeDescription), the data are \(images.shape.dropFirst().map { $0 }.shapeDescription)")
        }
        let opt = try Adam(g.module, learningRate: settings.learningRate, betas: (settings.beta1, settings.beta2), epsilon: settings.epsilon)
        let loss = RecordRef(zip(settings.loss.terms, settings.loss.weights).map { ($0.rawValue, .number(Double($1))) })
        let state = RecordRef([("g", .object(g)), ("opt", .object(OptimizerObject(opt, over: g.kind))), ("loss", .record(loss))])
        try add(custom.extra, to: state)
        let schedule = try BatchSchedule(count: images.shape[0], batch: settings.batch, rng: RandomGenerator(seed: rng.next()))
        let stepRNG = RandomGenerator(seed: rng.next())
        return try ScriptedTestbed(kind: .generator(latents: latents), images: images, state: state,
                                   step: try custom.step ?? interpreter.shippedStep("generator_step"), evaluated: g,
                                   lossNames: custom.step == nil ? ["loss"] : [], schedule: schedule, random: stepRNG,
                                   interpreter: interpreter, span: span)
    }

    private static func add(_ extra: RecordRef?, to state: RecordRef) throws {
        for (key, value) in extra?.entries ?? [] {
            guard state[key] == nil else { throw RunError.setup("extra: '\(key)' is already an entry of the testbed record (\(state.keys.joined(separator: ", ")))") }
            state[key] = value
        }
    }

    // MARK: Runs

    /// A run of a testbed a script set up: a new folder, or the run in the destination folder continued.
    static func run(_ testbed: ScriptedTestbed, kind: RunConfiguration.Kind, data: Dataset, models: [String: ModelObject],
                    settings: (generator: GeneratorSettings?, discriminator: DiscriminatorSettings?), custom: Custom,
                    schedule: Schedule, destination: Destination, interpreter: Interpreter) throws -> TestbedRun {
        let scriptParts = models.filter { $0.value.architecture == nil }.keys.sorted() + (custom.step == nil ? [] : ["step"])
            + (custom.extra?.keys.map { "extra.\($0)" } ?? [])
        let configuration = RunConfiguration(testbed: kind, steps: schedule.steps, evalEvery: schedule.evalEvery, saveEvery: schedule.saveEvery,
                                             printEvery: schedule.printEvery, dataSource: data.source,
                                             models: models.filter { $0.key != "ema" }.compactMapValues(\.architecture), scriptParts: scriptParts,
                                             lossNames: testbed.lossNames, generatorSettings: settings.generator,
                                             discriminatorSettings: settings.discriminator, seed: interpreter.seed)
        let checkpoint = destination.folder.appendingPathComponent("checkpoint.safetensors")
        if destination.resume, FileManager.default.fileExists(atPath: checkpoint.path) {
            let folder = try RunFolder.existing(at: destination.folder)
            var stored = try storedConfiguration(folder)
            try checkSameRun(stored, configuration, testbed: testbed, folder: folder)
            stored.steps = schedule.steps
            try RunRecorder(folder: folder).write(stored)
            return try continued(testbed, configuration: stored, models: models, data: data, folder: folder, warn: interpreter.output)
        }
        let real = try realStatistics(testbed.images, interpreter: interpreter)
        let folder = try RunFolder.fresh(at: destination.freshFolder(announce: interpreter.output))
        let latents: Tensor? = if case .generator(let z) = testbed.kind { z } else { nil }
        let recorder = RunRecorder(folder: folder)
        try recorder.start(configuration: configuration, images: testbed.images, latents: latents, real: real)
        // A checkpoint of the starting state: a run killed before its first periodic one still resumes exactly.
        try recorder.checkpoint(testbed, periodic: false)
        return try TestbedRun(configuration: configuration, testbed: testbed, models: models, data: data,
                              history: RunHistory(lossNames: testbed.lossNames, real: real), folder: folder, lastCheckpoint: 0)
    }

    /// `resume: true` continues only the run the same script made: same testbed, data, latents and settings.
    private static func checkSameRun(_ stored: RunConfiguration, _ new: RunConfiguration, testbed: ScriptedTestbed, folder: RunFolder) throws {
        func differs(_ what: String) -> RunError {
            .folder("\(folder.url.path) holds a run with other \(what); resume: true continues the run this script started (use another out: for a new one)")
        }
        guard stored.testbed == new.testbed else { throw differs("testbed (\(stored.testbed.rawValue))") }
        guard try folder.readNPY("data.npy").scalars == testbed.images.scalars else { throw differs("data") }
        if case .generator(let z) = testbed.kind, try folder.readNPY("latents.npy").scalars != z.scalars {
            throw differs("latent codes (the session's random stream differs before the testbed: a changed seed or script)")
        }
        guard stored.models == new.models, stored.scriptParts == new.scriptParts else { throw differs("models or step") }
        guard stored.generatorSettings == new.generatorSettings, stored.discriminatorSettings == new.discriminatorSettings else {
            throw differs("settings")
        }
    }

    static func storedConfiguration(_ folder: RunFolder) throws -> RunConfiguration {
        let configuration: RunConfiguration
        do { configuration = try JSONDecoder().decode(RunConfiguration.self, from: Data(contentsOf: folder.file("config.json"))) } catch {
            throw RunError.folder("\(folder.file("config.json").path) is not a run configuration of this spec (\(RunConfiguration.currentFormat)): \(error)")
        }
        guard configuration.format == RunConfiguration.currentFormat else {
            throw RunError.folder("\(folder.url.path) was written in format \(configuration.format); this spec reads \(RunConfiguration.currentFormat)")
        }
        try configuration.validate(file: folder.file("config.json").path)
        return configuration
    }

    /// The run in `folder` continued around `testbed`: its checkpoint loaded, its history read back.
    private static func continued(_ testbed: ScriptedTestbed, configuration: RunConfiguration, models: [String: ModelObject], data: Dataset,
                                  folder: RunFolder, warn: (String) -> Void) throws -> TestbedRun {
        let info = try Checkpoint.load(from: folder.file("checkpoint.safetensors"), into: testbed.checkpointComponents)
        try testbed.restore(iteration: info.step)
        testbed.restore(lossNames: configuration.lossNames)
        let realFile = try folder.readNPY("spectra/real.npy")
        guard realFile.rank == 2, realFile.shape[0] == 2 else { throw RunError.folder("spectra/real.npy is not (2, L)") }
        let count = testbed.images.shape[0]
        let real = try SpectrumStatistics(mean: try realFile.select(axis: 0, index: 0), std: try realFile.select(axis: 0, index: 1), count: count)
        let history = try RunRecorder(folder: folder).history(lossNames: configuration.lossNames, real: real, count: count, upTo: info.step,
                                                              configuration: configuration, warn: warn)
        return try TestbedRun(configuration: configuration, testbed: testbed, models: models, data: data, history: history, folder: folder,
                              sessions: TestbedRun.sessions(in: folder), lastCheckpoint: info.step)
    }

    /// A run rebuilt from its folder alone (prebuilt models, the shipped step): configuration, images (and latents),
    /// models, checkpoint and history, so that training continues exactly as if it had never stopped.
    /// `steps` replaces the configured number of iterations (the configuration file is updated).
    static func resumed(from url: URL, steps: Int?, interpreter: Interpreter, span: SourceSpan?) throws -> TestbedRun {
        let folder = try RunFolder.existing(at: url)
        var configuration = try storedConfiguration(folder)
        guard configuration.scriptParts.isEmpty else {
            throw RunError.folder("\(url.path): this run's \(configuration.scriptParts.joined(separator: ", ")) came from its script, which the folder cannot rebuild; run the script again with resume: true in the testbed call")
        }
        if let steps, steps != configuration.steps {
            configuration.steps = steps
            try RunRecorder(folder: folder).write(configuration)
        }
        let images = try folder.readNPY("data.npy")
        // The models' first values and the random streams are overwritten by the checkpoint.
        var rng = RandomGenerator(seed: 0)
        func model(_ role: String) throws -> ModelObject? { try configuration.models[role].map { ModelObject(try $0.build(rng: &rng)) } }
        let testbed: ScriptedTestbed
        var models: [String: ModelObject]
        switch configuration.testbed {
        case .discriminator:
            guard let settings = configuration.discriminatorSettings, let d = try model("discriminator") else {
                throw RunError.folder("\(url.path): the configuration lacks the discriminator testbed's models or settings")
            }
            let spectral = try model("spectral")
            testbed = try discriminatorTestbed(discriminator: d, spectral: spectral, images: images, settings: settings, custom: .none,
                                               rng: &rng, interpreter: interpreter, span: span)
            models = roles(of: testbed, spectral: spectral != nil)
        case .generator:
            guard let settings = configuration.generatorSettings, let g = try model("generator") else {
                throw RunError.folder("\(url.path): the configuration lacks the generator testbed's model or settings")
            }
            testbed = try generatorTestbed(generator: g, latents: try folder.readNPY("latents.npy"), images: images, settings: settings,
                                           custom: .none, rng: &rng, interpreter: interpreter, span: span)
            models = ["generator": g]
        }
        return try continued(testbed, configuration: configuration, models: models,
                             data: Dataset(images: images, source: configuration.dataSource), folder: folder, warn: interpreter.output)
    }

    /// Role → model of a discriminator testbed, as `run.discriminator`, `run.generator`, … show them.
    static func roles(of testbed: ScriptedTestbed, spectral: Bool) -> [String: ModelObject] {
        var models: [String: ModelObject] = [:]
        for (role, key) in [("discriminator", "d"), ("generator", "g"), ("ema", "g_ema")] + (spectral ? [("spectral", "spectral")] : []) {
            if case .object(let m as ModelObject)? = testbed.state[key] { models[role] = m }
        }
        return models
    }
}
