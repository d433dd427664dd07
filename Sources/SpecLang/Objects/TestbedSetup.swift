import Foundation
import SpecGAN
import SpecMedia
import SpecSpectrum
import SpecTensor

/// Building testbed runs: new ones from a script's models and data, and resumed ones from a run folder.
enum TestbedSetup {
    /// How often a run evaluates, checkpoints and prints, and how far it trains.
    struct Schedule {
        var steps: Int
        var evalEvery: Int
        var saveEvery: Int
        var printEvery: Int
    }

    /// The data's spectrum statistics, from the on-disk cache in the output folder (`.spectrum-cache/`) when
    /// the same images were seen before.
    static func realStatistics(_ images: Tensor, interpreter: Interpreter) throws -> SpectrumStatistics {
        let marker = try interpreter.files.writeURL(".spectrum-cache/entries", at: nil)
        return try SpectrumStatisticsCache(directory: marker.deletingLastPathComponent()).statistics(of: images).statistics
    }

    static func images(of data: Dataset) throws -> Tensor {
        guard data.images.rank == 4, data.count > 0 else {
            throw GANError.invalidInput("a testbed needs images (N, C, H, W), got \(data.images.shape.shapeDescription)")
        }
        return data.images.detached()
    }

    static func discriminatorRun(discriminator d: ModelObject, spectral: ModelObject?, data: Dataset,
                                 settings: DiscriminatorTestbed.Configuration, schedule: Schedule, out: URL,
                                 interpreter: Interpreter) throws -> TestbedRun {
        let images = try images(of: data)
        guard images.shape[2] == images.shape[3] else { throw GANError.invalidInput("discriminator_testbed: the images must be square, got \(images.shape.shapeDescription)") }
        let generator = try DirectGenerator(.init(count: images.shape[0], resolution: images.shape[3], imageChannels: images.shape[1]),
                                            rng: &interpreter.rng)
        let spectralModel = try spectral.map { object -> SpectralDiscriminator in
            guard let s = object.module as? SpectralDiscriminator else {
                throw GANError.invalidInput("discriminator_testbed: spectral must be true, false or a spectral_discriminator, got a \(object.kind)")
            }
            return s
        }
        let testbed = try DiscriminatorTestbed(discriminator: try callable(d, role: "discriminator"), spectralDiscriminator: spectralModel, generator: generator, images: images,
                                               configuration: settings, scheduleRNG: RandomGenerator(seed: interpreter.rng.next()))
        var models = ["discriminator": d, "generator": ModelObject(generator), "ema": ModelObject(testbed.emaGenerator)]
        if let spectral { models["spectral"] = spectral }
        let architectures = models.compactMapValues(\.architecture).filter { $0.key != "ema" }
        let configuration = RunConfiguration(testbed: .discriminator, steps: schedule.steps, evalEvery: schedule.evalEvery,
                                             saveEvery: schedule.saveEvery, printEvery: schedule.printEvery, dataSource: data.source,
                                             models: architectures, discriminatorSettings: settings, seed: interpreter.seed)
        return try start(configuration, testbed: testbed, models: models, data: data, latents: nil, out: out, interpreter: interpreter)
    }

    static func generatorRun(generator g: ModelObject, latentSize: Int?, data: Dataset, settings: GeneratorTestbed.Configuration,
                             schedule: Schedule, out: URL, interpreter: Interpreter) throws -> TestbedRun {
        let images = try images(of: data)
        let zDim: Int
        switch (g.architecture, zDim: latentSize) {
        case (_, let z?): zDim = z
        case (.pgganGenerator(let c)?, nil): zDim = c.zDim
        case (nil, nil): throw GANError.invalidInput("give z_dim: the size of the latent codes this model takes")
        default: throw GANError.invalidInput("the generator must map latent codes to images (a pggan_generator, or a model of your own with z_dim:), got a \(g.kind)")
        }
        let latents = Tensor.randn([images.shape[0], zDim], using: &interpreter.rng)
        let testbed = try GeneratorTestbed(generator: try callable(g, role: "generator"), images: images, latents: latents, configuration: settings,
                                           scheduleRNG: RandomGenerator(seed: interpreter.rng.next()))
        let configuration = RunConfiguration(testbed: .generator, steps: schedule.steps, evalEvery: schedule.evalEvery,
                                             saveEvery: schedule.saveEvery, printEvery: schedule.printEvery, dataSource: data.source,
                                             models: g.architecture.map { ["generator": $0] } ?? [:], generatorSettings: settings, seed: interpreter.seed)
        return try start(configuration, testbed: testbed, models: ["generator": g], data: data, latents: latents, out: out, interpreter: interpreter)
    }

    /// A model the testbed can call with a batch (and classes): a prebuilt network or a script's `model({…})`.
    private static func callable(_ object: ModelObject, role: String) throws -> any Model {
        guard let model = object.module as? any Model else {
            throw GANError.invalidInput("a bare layer cannot be the \(role): wrap it in model({…, forward: fn (self, x, …) { … }})")
        }
        return model
    }

    private static func start(_ configuration: RunConfiguration, testbed: any Testbed, models: [String: ModelObject], data: Dataset,
                              latents: Tensor?, out: URL, interpreter: Interpreter) throws -> TestbedRun {
        let real = try realStatistics(testbed.images, interpreter: interpreter)
        let folder = try RunFolder.fresh(at: out)
        try RunRecorder(folder: folder).start(configuration: configuration, images: testbed.images, latents: latents, real: real)
        return try TestbedRun(configuration: configuration, testbed: testbed, models: models, data: data,
                              history: RunHistory(lossNames: testbed.lossNames, real: real), folder: folder)
    }

    /// A run rebuilt from its folder: configuration, images (and latents), models, checkpoint and history, so that
    /// training continues exactly as if it had never stopped.
    /// `steps` replaces the configured number of iterations (the configuration file is updated).
    static func resumed(from url: URL, steps: Int?) throws -> TestbedRun {
        let folder = try RunFolder.existing(at: url)
        var configuration: RunConfiguration
        do { configuration = try JSONDecoder().decode(RunConfiguration.self, from: Data(contentsOf: folder.file("config.json"))) } catch {
            throw MediaError.invalidArgument("\(folder.file("config.json").path) is not a run configuration: \(error)")
        }
        guard configuration.format == RunConfiguration.currentFormat else {
            throw MediaError.invalidArgument("\(url.path) was written in format \(configuration.format); this spec reads \(RunConfiguration.currentFormat)")
        }
        if let steps, steps != configuration.steps {
            configuration.steps = steps
            try RunRecorder(folder: folder).write(configuration)
        }
        let images = try folder.readNPY("data.npy")
        var rng = RandomGenerator(seed: 0)
        func model(_ role: String) throws -> (any Model)? { try configuration.models[role].map { try $0.build(rng: &rng) } }
        for role in configuration.testbed == .discriminator ? ["discriminator"] : ["generator"] where configuration.models[role] == nil {
            throw MediaError.invalidArgument("\(url.path): the \(role) of this run is a model defined in its script, which the folder cannot rebuild; run the script again")
        }
        let testbed: any Testbed
        var models: [String: ModelObject] = [:]
        switch configuration.testbed {
        case .discriminator:
            guard let settings = configuration.discriminatorSettings, let d = try model("discriminator"),
                  let generator = try model("generator") as? DirectGenerator else {
                throw MediaError.invalidArgument("\(url.path): the configuration lacks the discriminator testbed's models or settings")
            }
            let spectral = try model("spectral")
            let bed = try DiscriminatorTestbed(discriminator: d, spectralDiscriminator: spectral as? SpectralDiscriminator, generator: generator,
                                               images: images, configuration: settings, scheduleRNG: rng)
            models = ["discriminator": ModelObject(d), "generator": ModelObject(generator), "ema": ModelObject(bed.emaGenerator)]
            if let spectral { models["spectral"] = ModelObject(spectral) }
            testbed = bed
        case .generator:
            guard let settings = configuration.generatorSettings, let g = try model("generator") else {
                throw MediaError.invalidArgument("\(url.path): the configuration lacks the generator testbed's model or settings")
            }
            testbed = try GeneratorTestbed(generator: g, images: images, latents: try folder.readNPY("latents.npy"), configuration: settings, scheduleRNG: rng)
            models = ["generator": ModelObject(g)]
        }
        let info = try Checkpoint.load(from: folder.file("checkpoint.safetensors"), into: testbed.checkpointComponents)
        try testbed.restore(iteration: info.step)
        let realFile = try folder.readNPY("spectra/real.npy")
        guard realFile.rank == 2, realFile.shape[0] == 2 else { throw MediaError.invalidArgument("spectra/real.npy is not (2, L)") }
        let real = try SpectrumStatistics(mean: try realFile.select(axis: 0, index: 0), std: try realFile.select(axis: 0, index: 1), count: images.shape[0])
        let history = try RunRecorder(folder: folder).history(lossNames: testbed.lossNames, real: real, count: images.shape[0], upTo: info.step)
        return try TestbedRun(configuration: configuration, testbed: testbed, models: models,
                              data: Dataset(images: images, source: configuration.dataSource), history: history, folder: folder,
                              sessions: TestbedRun.sessions(in: folder), lastCheckpoint: info.step)
    }
}
