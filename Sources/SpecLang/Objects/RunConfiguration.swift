import SpecGAN

/// A testbed run's resolved configuration, written to `config.json` in its folder and read back by `resume`:
/// everything needed to rebuild the testbed around its checkpoint (the images and latents are in the folder).
struct RunConfiguration: Codable, Equatable {
    static let currentFormat = "spec-run-1"

    enum Kind: String, Codable {
        case generator = "generator_testbed"
        case discriminator = "discriminator_testbed"
    }

    var format = Self.currentFormat
    var testbed: Kind
    /// The iteration the run trains to.
    var steps: Int
    var evalEvery: Int
    var saveEvery: Int
    var printEvery: Int
    /// Where the images came from (`toyset(res: 64, count: 10, seed: 0)`, a folder, a tensor).
    var dataSource: String
    /// Model role ("generator", "discriminator", "spectral") → architecture.
    var models: [String: Architecture]
    var generatorSettings: GeneratorTestbed.Configuration?
    var discriminatorSettings: DiscriminatorTestbed.Configuration?
    /// The session's seed when the run started.
    var seed: UInt64

    enum CodingKeys: String, CodingKey {
        case format, testbed, steps, evalEvery = "eval_every", saveEvery = "save_every", printEvery = "print_every"
        case dataSource = "data", models, generatorSettings = "generator_testbed", discriminatorSettings = "discriminator_testbed", seed
    }

    var batch: Int { generatorSettings?.batch ?? discriminatorSettings?.batch ?? 0 }
}
