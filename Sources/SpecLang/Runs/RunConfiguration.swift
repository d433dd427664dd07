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

    /// Checks the values a run folder holds (they may have been edited): an error names the file and the key.
    func validate(file: String) throws {
        func fail(_ key: String, _ rule: String, _ value: Any) -> RunError { .folder("\(file): '\(key)' must be \(rule), got \(value)") }
        let bound = 1 << 40
        guard (0..<bound).contains(steps) else { throw fail("steps", "between 0 and 2^40", steps) }
        for (key, value) in [("eval_every", evalEvery), ("save_every", saveEvery), ("print_every", printEvery)] where !(1..<bound).contains(value) {
            throw fail(key, "between 1 and 2^40", value)
        }
        guard (1..<bound).contains(batch) else { throw fail("batch", "between 1 and 2^40", batch) }
        guard (generatorSettings == nil) != (discriminatorSettings == nil) else { throw RunError.folder("\(file): it must hold the settings of exactly one testbed") }
        if let g = generatorSettings {
            guard g.learningRate.isFinite, g.learningRate >= 0 else { throw fail("generator_testbed.lr", "a finite number ≥ 0", g.learningRate) }
            guard (0..<1).contains(g.beta1), (0..<1).contains(g.beta2), g.epsilon >= 0 else { throw fail("generator_testbed.beta1/beta2/eps", "in [0, 1) and ≥ 0", "\(g.beta1), \(g.beta2), \(g.epsilon)") }
        }
        if let d = discriminatorSettings {
            guard d.generatorLearningRate.isFinite, d.generatorLearningRate >= 0, d.discriminatorLearningRate.isFinite, d.discriminatorLearningRate >= 0 else {
                throw fail("discriminator_testbed.lr_g/lr_d", "finite numbers ≥ 0", "\(d.generatorLearningRate), \(d.discriminatorLearningRate)")
            }
            guard (0..<1).contains(d.beta1), (0..<1).contains(d.beta2), d.epsilon >= 0 else { throw fail("discriminator_testbed.beta1/beta2/eps", "in [0, 1) and ≥ 0", "\(d.beta1), \(d.beta2), \(d.epsilon)") }
            guard d.r1Weight.isFinite, (0...1).contains(d.emaBeta) else { throw fail("discriminator_testbed.r1/ema", "finite and in [0, 1]", "\(d.r1Weight), \(d.emaBeta)") }
        }
    }
}
