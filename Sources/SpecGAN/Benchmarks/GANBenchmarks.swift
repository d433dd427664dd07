import SpecTensor

/// The two testbeds of the paper in their benchmark configurations, set up once so that a runner can time single
/// steps: the discriminator testbed (PGGAN discriminator against a direct generator, R1 by double backward) and
/// the generator testbed (PGGAN generator regressing fixed images with MSE). Data are random images from the
/// seed; the arithmetic is the testbeds'.
public enum GANBenchmarks {
    /// The discriminator testbed configurations the issue names (PyTorch reference: 414, 427, 567 ms/iteration).
    public static let discriminatorModes: [DownsamplingMode] = [.stride, .avg, .blurpool]
    /// The generator testbed configurations the issue names (PyTorch reference: 105, 93 ms/iteration).
    public static let generatorModes: [UpsamplingMode] = [.bilinear, .zeros]

    /// One discriminator-testbed setup: D, the direct generator G, its EMA copy, both Adam optimisers, a batch.
    public final class DiscriminatorTestbed {
        public let discriminator: PGGANDiscriminator
        public let generator: DirectGenerator
        public let emaGenerator: DirectGenerator
        public let discriminatorOptimizer: Adam
        public let generatorOptimizer: Adam
        public let images: Tensor
        public let classes: [Int]
        /// The R1 weight (the testbed's `reg_param`).
        public let r1Weight: Float = 10

        /// Every image is its own class: `batch` images, D with `batch` logits.
        public init(downsampling: DownsamplingMode, resolution: Int = 64, divide: Int = 8, batch: Int = 10, seed: UInt64 = 0) throws {
            guard batch > 0 else { throw GANError.invalidConfiguration("benchmark: the batch must be positive") }
            var rng = RandomGenerator(seed: seed)
            discriminator = try PGGANDiscriminator(resolution: resolution, divide: divide, downsampling: downsampling,
                                                   labelSize: batch - 1, rng: &rng)
            generator = try DirectGenerator(count: batch, resolution: resolution, rng: &rng)
            emaGenerator = try generator.copy()
            emaGenerator.freeze()
            discriminatorOptimizer = try Adam(discriminator, learningRate: 1e-3, betas: (0, 0.99), epsilon: 1e-8)
            generatorOptimizer = try Adam(generator, learningRate: 1e-2, betas: (0, 0.99), epsilon: 1e-8)
            images = .rand([batch, 3, resolution, resolution], using: &rng, low: -1, high: 1)
            classes = Array(0..<batch)
        }

        /// The discriminator step (G frozen): BCE on real with R1 by double backward, BCE on fake, Adam. Returns
        /// the discriminator loss and the weighted R1 term.
        @discardableResult
        public func discriminatorStep() throws -> (loss: Float, r1: Float) {
            generator.freeze()
            discriminator.unfreeze()
            discriminatorOptimizer.zeroGrad()
            let real = images.requiringGrad()
            let dReal = try discriminator(real, classes: classes)
            let lossReal = try Losses.bceWithLogits(dReal, target: 1)
            let r1 = try Losses.r1Penalty(output: dReal, input: real) * r1Weight
            // One backward pass of the sum: the same gradients as the reference's two passes over a retained graph.
            try (lossReal + r1).backward()
            let fakes = try withoutGrad { try generator.images(at: classes) }.requiringGrad()
            let lossFake = try Losses.bceWithLogits(discriminator(fakes, classes: classes), target: 0)
            try lossFake.backward()
            try discriminatorOptimizer.step()
            discriminator.freeze()
            return ((lossReal.item ?? .nan) + (lossFake.item ?? .nan), r1.item ?? .nan)
        }

        /// The generator step (D frozen): BCE(D(G(c), c), 1), Adam. Returns the generator loss.
        @discardableResult
        public func generatorStep() throws -> Float {
            generator.unfreeze()
            discriminator.freeze()
            let loss = try Losses.bceWithLogits(discriminator(generator.images(at: classes), classes: classes), target: 1)
            try generatorOptimizer.step(loss)
            return loss.item ?? .nan
        }

        /// EMA of the generator with β = 0.999.
        public func emaStep() throws { try updateAverage(target: emaGenerator, source: generator, beta: 0.999) }

        /// One whole iteration, as the PyTorch figures time it: D step, G step, EMA.
        public func iteration() throws {
            try discriminatorStep()
            try generatorStep()
            try emaStep()
        }
    }

    /// One generator-testbed setup: the PGGAN generator, fixed latents and targets, Adam.
    public final class GeneratorTestbed {
        public let generator: PGGANGenerator
        public let optimizer: Adam
        public let latents: Tensor
        public let targets: Tensor

        public init(upsampling: UpsamplingMode, padding: PaddingMode = .zeros, resolution: Int = 64, zDim: Int = 64,
                    divide: Int = 8, batch: Int = 10, seed: UInt64 = 0) throws {
            guard batch > 0 else { throw GANError.invalidConfiguration("benchmark: the batch must be positive") }
            var rng = RandomGenerator(seed: seed)
            generator = try PGGANGenerator(resolution: resolution, zDim: zDim, divide: divide, upsampling: upsampling,
                                           padding: padding, rng: &rng)
            optimizer = try Adam(generator, learningRate: 1e-3, betas: (0, 0.99), epsilon: 1e-8)
            latents = .randn([batch, zDim], using: &rng)
            targets = .rand([batch, 3, resolution, resolution], using: &rng, low: -1, high: 1)
        }

        /// One iteration: MSE(G(z), images), backward, Adam. Returns the loss.
        @discardableResult
        public func step() throws -> Float {
            let loss = try Losses.mse(generator(latents), targets)
            try optimizer.step(loss)
            return loss.item ?? .nan
        }
    }
}
