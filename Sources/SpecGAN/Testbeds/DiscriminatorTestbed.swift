import SpecTensor

/// The paper's discriminator testbed: a direct generator (one trainable image per data-set entry, the entry's
/// index as its class) trained against a class-conditional discriminator, optionally joined by a spectral
/// discriminator, with an EMA copy of the images for evaluation.
///
/// One iteration, as the reference (iteration 0 only evaluates; its batch is drawn at set-up):
/// 1. discriminator step, generator frozen: BCE(D(x, c), 1) on real images and reg · R1 (double backward), then
///    BCE(D(G(c), c), 0) on fakes made without gradient; Adam. A spectral discriminator's logits on the same
///    inputs are concatenated to D's before each BCE, so R1 also differentiates through the spectrum.
/// 2. generator step, D frozen: BCE(D(G(c), c), 1); Adam.
/// 3. EMA: test ← β · test + (1 − β) · G.
public final class DiscriminatorTestbed: Testbed {
    public struct Configuration: Equatable, Sendable, Codable {
        public var generatorLearningRate: Double
        public var discriminatorLearningRate: Double
        public var beta1: Double
        public var beta2: Double
        public var epsilon: Double
        /// The R1 weight (the reference's `reg_param`).
        public var r1Weight: Float
        /// The EMA decay of the test generator (`model_average_beta`).
        public var emaBeta: Float
        public var batch: Int

        enum CodingKeys: String, CodingKey {
            case generatorLearningRate = "lr_g", discriminatorLearningRate = "lr_d", beta1, beta2, epsilon = "eps"
            case r1Weight = "r1", emaBeta = "ema", batch
        }

        /// The reference's defaults: lr_g 0.01, lr_d 1e-3, Adam betas (0, 0.99), eps 1e-8, R1 10, EMA 0.999, batch 10.
        public init(generatorLearningRate: Double = 1e-2, discriminatorLearningRate: Double = 1e-3, beta1: Double = 0,
                    beta2: Double = 0.99, epsilon: Double = 1e-8, r1Weight: Float = 10, emaBeta: Float = 0.999, batch: Int = 10) {
            self.generatorLearningRate = generatorLearningRate
            self.discriminatorLearningRate = discriminatorLearningRate
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.r1Weight = r1Weight
            self.emaBeta = emaBeta
            self.batch = batch
        }
    }

    public let configuration: Configuration
    public let discriminator: any Model
    public let spectralDiscriminator: SpectralDiscriminator?
    public let generator: DirectGenerator
    /// The EMA copy of the generator, used for evaluation.
    public let emaGenerator: DirectGenerator
    public let discriminatorOptimizer: Adam
    /// Adam over the spectral discriminator, with D's settings (one Adam over both would update identically; two
    /// keep their state names apart).
    public let spectralOptimizer: Adam?
    public let generatorOptimizer: Adam
    public let images: Tensor
    public let schedule: BatchSchedule
    public private(set) var iteration = 0

    /// Checks that the discriminator reads images of the data's shape and has a logit per image.
    public init(discriminator: any Model, spectralDiscriminator: SpectralDiscriminator? = nil, generator: DirectGenerator,
                images: Tensor, configuration: Configuration = .init(), scheduleRNG: RandomGenerator) throws {
        guard images.rank == 4, images.shape[0] > 0 else {
            throw GANError.invalidInput("discriminator_testbed: the data must be images (N, C, H, W), got \(images.shape.shapeDescription)")
        }
        let n = images.shape[0]
        guard generator.images.shape == images.shape else {
            throw GANError.invalidInput("discriminator_testbed: the direct generator holds \(generator.images.shape.shapeDescription) images, the data are \(images.shape.shapeDescription)")
        }
        guard discriminator !== generator, spectralDiscriminator.map({ $0 !== discriminator }) ?? true else {
            throw GANError.invalidInput("discriminator_testbed: the generator and the discriminators must be different models")
        }
        for (name, model) in [("discriminator", discriminator)] + (spectralDiscriminator.map { [("spectral discriminator", $0 as any Model)] } ?? []) {
            let probe = try withoutGrad { try model(images.rows([0])) }
            guard probe.rank == 2, probe.shape[1] >= n else {
                let k = probe.shape.last ?? 0
                throw GANError.invalidInput("discriminator_testbed: the \(name) gives \(k) logit\(k == 1 ? "" : "s") per image, but each of the \(n) images is its own class: make it with classes: \(n)")
            }
        }
        self.configuration = configuration
        self.discriminator = discriminator
        self.spectralDiscriminator = spectralDiscriminator
        self.generator = generator
        emaGenerator = try generator.copy()
        emaGenerator.freeze()
        let c = configuration
        discriminatorOptimizer = try Adam(parameters: discriminator.namedParameters, learningRate: c.discriminatorLearningRate,
                                          betas: (c.beta1, c.beta2), epsilon: c.epsilon)
        spectralOptimizer = try spectralDiscriminator.map {
            try Adam(parameters: $0.namedParameters, learningRate: c.discriminatorLearningRate, betas: (c.beta1, c.beta2), epsilon: c.epsilon)
        }
        generatorOptimizer = try Adam(parameters: generator.namedParameters, learningRate: c.generatorLearningRate,
                                      betas: (c.beta1, c.beta2), epsilon: c.epsilon)
        self.images = images.detached()
        schedule = try BatchSchedule(count: n, batch: c.batch, rng: scheduleRNG)
        _ = schedule.next()
    }

    public var lossNames: [String] { ["d_loss", "r1", "g_loss"] }

    /// Every data-set index, in order.
    public var allIndices: [Int] { Array(0..<images.shape[0]) }

    @discardableResult
    public func trainStep() throws -> [Float] {
        let batch = schedule.next()
        iteration += 1
        let (dLoss, r1) = try discriminatorStep(indices: batch)
        let gLoss = try generatorStep(indices: batch)
        try emaStep()
        return [dLoss, r1, gLoss]
    }

    /// D's logits of each sample's class, with the spectral discriminator's appended below them: (N, 1) or (2N, 1).
    func logits(_ x: Tensor, classes: [Int]) throws -> Tensor {
        let d = try discriminator(x, classes: classes)
        guard let spectral = spectralDiscriminator else { return d }
        return try Tensor.cat([d, try spectral(x, classes: classes)], axis: 0)
    }

    private var discriminators: [any Model] { [discriminator] + (spectralDiscriminator.map { [$0] } ?? []) }

    /// The discriminator step on the given data-set entries. Returns the discriminator loss (real + fake) and the
    /// weighted R1 term.
    @discardableResult
    public func discriminatorStep(indices: [Int]) throws -> (loss: Float, r1: Float) {
        generator.freeze()
        discriminators.forEach { $0.unfreeze() }
        discriminators.forEach { $0.zeroGrad() }
        let real = try images.rows(indices).requiringGrad()
        let dReal = try logits(real, classes: indices)
        let lossReal = try Losses.bceWithLogits(dReal, target: 1)
        let r1 = try Losses.r1Penalty(output: dReal, input: real) * configuration.r1Weight
        // One backward pass of the sum: the same gradients as the reference's two passes over a retained graph.
        try (lossReal + r1).backward()
        let fakes = try withoutGrad { try generator.images(at: indices) }.requiringGrad()
        let lossFake = try Losses.bceWithLogits(logits(fakes, classes: indices), target: 0)
        try lossFake.backward()
        try discriminatorOptimizer.step()
        try spectralOptimizer?.step()
        discriminators.forEach { $0.freeze() }
        return ((lossReal.item ?? .nan) + (lossFake.item ?? .nan), r1.item ?? .nan)
    }

    /// The generator step on the given entries: BCE(D(G(c), c), 1), Adam. Returns the generator loss.
    @discardableResult
    public func generatorStep(indices: [Int]) throws -> Float {
        generator.unfreeze()
        discriminators.forEach { $0.freeze() }
        generator.zeroGrad()
        let loss = try Losses.bceWithLogits(logits(generator.images(at: indices), classes: indices), target: 1)
        try loss.backward()
        try generatorOptimizer.step()
        return loss.item ?? .nan
    }

    /// test ← β · test + (1 − β) · G.
    public func emaStep() throws { try updateAverage(target: emaGenerator, source: generator, beta: configuration.emaBeta) }

    /// The EMA images at the given indices.
    public func generated(_ indices: [Int]) throws -> Tensor {
        try withoutGrad { try emaGenerator.images(at: indices).detached() }
    }

    public var checkpointComponents: [(name: String, component: any Checkpointable)] {
        var components: [(name: String, component: any Checkpointable)] = [("discriminator", discriminator)]
        if let spectralDiscriminator { components.append(("spectral", spectralDiscriminator)) }
        components += [("generator", generator), ("generator_test", emaGenerator), ("d_optimizer", discriminatorOptimizer)]
        if let spectralOptimizer { components.append(("spectral_optimizer", spectralOptimizer)) }
        return components + [("g_optimizer", generatorOptimizer), ("schedule", schedule)]
    }

    public func restore(iteration: Int) throws {
        guard iteration >= 0 else { throw GANError.invalidInput("the iteration must not be negative, got \(iteration)") }
        self.iteration = iteration
    }

    public var monitoredParameters: [(model: String, parameter: NamedParameter)] {
        discriminator.namedParameters.map { ("discriminator", $0) } + (spectralDiscriminator?.namedParameters.map { ("spectral discriminator", $0) } ?? [])
            + generator.namedParameters.map { ("generator", $0) } + emaGenerator.namedParameters.map { ("EMA generator", $0) }
    }
}
