import SpecGAN
import SpecTensor

/// The two testbeds in their benchmark configurations: the testbeds experiments run (the shipped spec steps in an
/// interpreter), on random images from the seed, without a run folder, so a runner times exactly one iteration
/// (`trainStep()`), the interpreter's work included.
public enum TestbedBenchmarks {
    /// The discriminator testbed configurations the performance issue names.
    public static let discriminatorModes: [DownsamplingMode] = [.stride, .avg, .blurpool]
    /// The generator testbed configurations it names.
    public static let generatorModes: [UpsamplingMode] = [.bilinear, .zeros]

    /// A PGGAN discriminator with one class per image against a direct generator, `batch` random images (one batch
    /// per epoch), the reference's learning rates, R1 weight and EMA.
    public static func discriminatorTestbed(downsampling: DownsamplingMode, resolution: Int = 64, divide: Int = 8, batch: Int = 10,
                                            seed: UInt64 = 0) throws -> any Testbed {
        try discriminatorTestbed(.pgganDiscriminator(.init(resolution: resolution, divide: divide, downsampling: downsampling, labelSize: batch - 1)),
                                 resolution: resolution, batch: batch, seed: seed)
    }

    /// The discriminator testbed around any prebuilt discriminator with one class per image.
    public static func discriminatorTestbed(_ architecture: Architecture, resolution: Int = 64, batch: Int = 10, seed: UInt64 = 0) throws -> any Testbed {
        guard batch > 0 else { throw GANError.invalidConfiguration("benchmark: the batch must be positive") }
        let interpreter = Interpreter(seed: seed)
        var rng = RandomGenerator(seed: seed)
        let d = ModelObject(try architecture.build(rng: &rng))
        let images = Tensor.rand([batch, 3, resolution, resolution], using: &rng, low: -1, high: 1)
        return Kept(try TestbedSetup.discriminatorTestbed(discriminator: d, spectral: nil, images: images, settings: .init(batch: batch),
                                                          custom: .none, rng: &rng, interpreter: interpreter, span: nil), interpreter)
    }

    /// A PGGAN generator regressing `batch` random images from fixed latents with MSE.
    public static func generatorTestbed(upsampling: UpsamplingMode, padding: PaddingMode = .zeros, resolution: Int = 64, zDim: Int = 64,
                                        divide: Int = 8, batch: Int = 10, seed: UInt64 = 0) throws -> any Testbed {
        try generatorTestbed(.pgganGenerator(.init(resolution: resolution, zDim: zDim, divide: divide, upsampling: upsampling, padding: padding)),
                             resolution: resolution, zDim: zDim, batch: batch, seed: seed)
    }

    /// The generator testbed around any prebuilt generator.
    public static func generatorTestbed(_ architecture: Architecture, resolution: Int = 64, zDim: Int = 64, batch: Int = 10,
                                        seed: UInt64 = 0) throws -> any Testbed {
        guard batch > 0 else { throw GANError.invalidConfiguration("benchmark: the batch must be positive") }
        let interpreter = Interpreter(seed: seed)
        var rng = RandomGenerator(seed: seed)
        let g = ModelObject(try architecture.build(rng: &rng))
        let latents = Tensor.randn([batch, zDim], using: &rng)
        let images = Tensor.rand([batch, 3, resolution, resolution], using: &rng, low: -1, high: 1)
        return Kept(try TestbedSetup.generatorTestbed(generator: g, latents: latents, images: images, settings: .init(batch: batch),
                                                      custom: .none, rng: &rng, interpreter: interpreter, span: nil), interpreter)
    }

    /// A testbed together with the interpreter its step runs in (the testbed holds it weakly).
    final class Kept: Testbed {
        let testbed: ScriptedTestbed
        let interpreter: Interpreter
        init(_ testbed: ScriptedTestbed, _ interpreter: Interpreter) {
            self.testbed = testbed
            self.interpreter = interpreter
        }
        var images: Tensor { testbed.images }
        var iteration: Int { testbed.iteration }
        var lossNames: [String] { testbed.lossNames }
        func trainStep() throws -> [Float] { try testbed.trainStep() }
        func generated(_ indices: [Int]) throws -> Tensor { try testbed.generated(indices) }
        var checkpointComponents: [(name: String, component: any Checkpointable)] { testbed.checkpointComponents }
        func restore(iteration: Int) throws { try testbed.restore(iteration: iteration) }
        var monitoredParameters: [(model: String, parameter: NamedParameter)] { testbed.monitoredParameters }
    }
}
