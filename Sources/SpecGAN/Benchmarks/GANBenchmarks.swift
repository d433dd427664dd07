import SpecTensor

/// The two testbeds of the paper in their benchmark configurations: the real `DiscriminatorTestbed` and
/// `GeneratorTestbed` on random images from the seed, so that a runner times exactly the steps that experiments
/// run (`trainStep()` is one whole iteration).
public enum GANBenchmarks {
    /// The discriminator testbed configurations the issue names (PyTorch reference: 414, 427, 567 ms/iteration).
    public static let discriminatorModes: [DownsamplingMode] = [.stride, .avg, .blurpool]
    /// The generator testbed configurations the issue names (PyTorch reference: 105, 93 ms/iteration).
    public static let generatorModes: [UpsamplingMode] = [.bilinear, .zeros]

    /// The discriminator testbed: a PGGAN discriminator with one class per image against a direct generator,
    /// `batch` random images (one batch per epoch), the reference's learning rates, R1 weight and EMA.
    public static func discriminatorTestbed(downsampling: DownsamplingMode, resolution: Int = 64, divide: Int = 8, batch: Int = 10,
                                            seed: UInt64 = 0) throws -> DiscriminatorTestbed {
        guard batch > 0 else { throw GANError.invalidConfiguration("benchmark: the batch must be positive") }
        var rng = RandomGenerator(seed: seed)
        let discriminator = try PGGANDiscriminator(resolution: resolution, divide: divide, downsampling: downsampling,
                                                   labelSize: batch - 1, rng: &rng)
        let generator = try DirectGenerator(count: batch, resolution: resolution, rng: &rng)
        let images = Tensor.rand([batch, 3, resolution, resolution], using: &rng, low: -1, high: 1)
        return try DiscriminatorTestbed(discriminator: discriminator, generator: generator, images: images,
                                        configuration: .init(batch: batch), scheduleRNG: rng)
    }

    /// The generator testbed: a PGGAN generator regressing `batch` random images from fixed latents with MSE.
    public static func generatorTestbed(upsampling: UpsamplingMode, padding: PaddingMode = .zeros, resolution: Int = 64,
                                        zDim: Int = 64, divide: Int = 8, batch: Int = 10, seed: UInt64 = 0) throws -> GeneratorTestbed {
        guard batch > 0 else { throw GANError.invalidConfiguration("benchmark: the batch must be positive") }
        var rng = RandomGenerator(seed: seed)
        let generator = try PGGANGenerator(resolution: resolution, zDim: zDim, divide: divide, upsampling: upsampling,
                                           padding: padding, rng: &rng)
        let latents = Tensor.randn([batch, zDim], using: &rng)
        let images = Tensor.rand([batch, 3, resolution, resolution], using: &rng, low: -1, high: 1)
        return try GeneratorTestbed(generator: generator, images: images, latents: latents,
                                    configuration: .init(batch: batch), scheduleRNG: rng)
    }
}
