/// The discriminator testbed's settings, as the run's configuration records them: the optimisers' and the R1 and
/// EMA settings the shipped step (`source("discriminator_step")`) reads from the testbed record.
public struct DiscriminatorSettings: Equatable, Sendable, Codable {
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

/// The generator testbed's settings: its optimiser and the criterion the shipped step reads.
public struct GeneratorSettings: Equatable, Sendable, Codable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var batch: Int
    public var loss: GeneratorLoss

    enum CodingKeys: String, CodingKey {
        case learningRate = "lr", beta1, beta2, epsilon = "eps", batch, loss
    }

    /// The reference's defaults: Adam lr 1e-3, betas (0, 0.99), eps 1e-8, batch 10, MSE.
    public init(learningRate: Double = 1e-3, beta1: Double = 0, beta2: Double = 0.99, epsilon: Double = 1e-8,
                batch: Int = 10, loss: GeneratorLoss = GeneratorLoss(.mse)) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.batch = batch
        self.loss = loss
    }
}
