import SpecTensor

/// The paper's generator testbed: a generator regresses a fixed set of images from fixed latent codes.
///
/// One iteration, as the reference: the next batch (reshuffled every epoch), zero gradients, prediction = G(z),
/// loss = criterion(prediction, images), backward, Adam step. Iteration 0 only evaluates; its batch is drawn when
/// the testbed is set up.
public final class GeneratorTestbed: Testbed {
    public struct Configuration: Equatable, Sendable, Codable {
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

    public let configuration: Configuration
    public let generator: any Model
    public let images: Tensor
    /// One latent code per image, (N, z_dim), fixed for the whole run.
    public let latents: Tensor
    public let optimizer: Adam
    public let schedule: BatchSchedule
    public private(set) var iteration = 0

    /// `scheduleRNG` drives the epoch shuffles. Checks that the generator makes images shaped like the data.
    public init(generator: any Model, images: Tensor, latents: Tensor, configuration: Configuration = .init(),
                scheduleRNG: RandomGenerator) throws {
        guard images.rank == 4, images.shape[0] > 0 else {
            throw GANError.invalidInput("generator_testbed: the data must be images (N, C, H, W), got \(images.shape.shapeDescription)")
        }
        guard latents.rank == 2, latents.shape[0] == images.shape[0] else {
            throw GANError.invalidInput("generator_testbed: need one latent code per image, got \(latents.shape.shapeDescription) for \(images.shape[0]) images")
        }
        let made = try withoutGrad { try generator(latents.rows([0])) }
        guard made.shape == [1] + images.shape.dropFirst() else {
            throw GANError.invalidInput("generator_testbed: the generator makes images of shape \(made.shape.dropFirst().map { $0 }.shapeDescription), the data are \(images.shape.dropFirst().map { $0 }.shapeDescription)")
        }
        self.configuration = configuration
        self.generator = generator
        self.images = images.detached()
        self.latents = latents.detached()
        optimizer = try Adam(parameters: generator.namedParameters, learningRate: configuration.learningRate,
                             betas: (configuration.beta1, configuration.beta2), epsilon: configuration.epsilon)
        schedule = try BatchSchedule(count: images.shape[0], batch: configuration.batch, rng: scheduleRNG)
        _ = schedule.next()
    }

    public var lossNames: [String] { ["loss"] }

    @discardableResult
    public func trainStep() throws -> [Float] {
        let batch = schedule.next()
        iteration += 1
        generator.unfreeze()
        optimizer.zeroGrad()
        let loss = try configuration.loss(generator(latents.rows(batch)), images.rows(batch))
        try loss.backward()
        try optimizer.step()
        return [loss.item ?? .nan]
    }

    public func generated(_ indices: [Int]) throws -> Tensor {
        try withoutGrad { try generator(latents.rows(indices)).detached() }
    }

    public var checkpointComponents: [(name: String, component: any Checkpointable)] {
        [("generator", generator), ("optimizer", optimizer), ("schedule", schedule)]
    }

    public func restore(iteration: Int) throws {
        guard iteration >= 0 else { throw GANError.invalidInput("the iteration must not be negative, got \(iteration)") }
        self.iteration = iteration
    }

    public var monitoredParameters: [(model: String, parameter: NamedParameter)] { generator.namedParameters.map { ("generator", $0) } }
}
