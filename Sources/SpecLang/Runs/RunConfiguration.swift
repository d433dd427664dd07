import SpecGAN

/// A testbed run's resolved configuration, written to `config.json` in its folder and read back by `resume`:
/// everything needed to rebuild the testbed around its checkpoint (the images and latents are in the folder).
struct RunConfiguration: Codable, Equatable {
    /// Format 2: the steps are spec code, checkpoint components are named by the testbed record's keys.
    static let currentFormat = "spec-run-2"

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
    /// Prebuilt model role ("generator", "discriminator", "spectral") → architecture.
    var models: [String: Architecture]
    /// What only the script can rebuild: models it defined, its own step function, `extra:` entries. A run
    /// with any of these resumes by running the script again with `resume: true`.
    var scriptParts: [String]
    /// The names of the losses the step returns, once known.
    var lossNames: [String]
    var generatorSettings: GeneratorSettings?
    var discriminatorSettings: DiscriminatorSettings?
    /// The session's seed when the run started.
    var seed: UInt64

    enum CodingKeys: String, CodingKey {
        case format, testbed, steps, evalEvery = "eval_every", saveEvery = "save_every", printEvery = "print_every"
        case dataSource = "data", models, scriptParts = "script_parts", lossNames = "loss_names"
        case generatorSettings = "generator_testbed", discriminatorSettings = "discriminator_testbed", seed
    }

    var batch: Int { generatorSettings?.batch ?? discriminatorSettings?.batch ?? 0 }
}
