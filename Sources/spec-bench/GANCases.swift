import SpecGAN
import SpecLang

/// One iteration of each testbed at the paper's toy configuration (64×64, channels / 8, batch 10), the shipped spec
/// step included; scripts/bench_gan_torch.py times the same iteration in PyTorch (docs/benchmarks.md).
enum GANCases {
    static func all() -> [BenchCase] {
        TestbedBenchmarks.discriminatorModes.map { mode in
            BenchCase(name: "gan_dtestbed_\(mode.rawValue)") {
                let testbed = try TestbedBenchmarks.discriminatorTestbed(downsampling: mode)
                return { _ = try testbed.trainStep() }
            }
        } + TestbedBenchmarks.generatorModes.map { mode in
            BenchCase(name: "gan_gtestbed_\(mode.rawValue)") {
                let testbed = try TestbedBenchmarks.generatorTestbed(upsampling: mode)
                return { _ = try testbed.trainStep() }
            }
        } + baboon() + styleGAN()
    }

    /// The baboon configurations of notebooks 4 and 5: one 128×128 image, a blurpool discriminator, a bilinear
    /// generator with reflect padding.
    static func baboon() -> [BenchCase] {
        [
            BenchCase(name: "gan_dtestbed_baboon128") {
                let testbed = try TestbedBenchmarks.discriminatorTestbed(downsampling: .blurpool, resolution: 128, batch: 1)
                return { _ = try testbed.trainStep() }
            },
            BenchCase(name: "gan_gtestbed_baboon128") {
                let testbed = try TestbedBenchmarks.generatorTestbed(upsampling: .bilinear, padding: .reflect, resolution: 128, batch: 1)
                return { _ = try testbed.trainStep() }
            },
        ]
    }

    /// The StyleGAN models at the reference's sg2.yaml / sg3.yaml settings (z 64, channels / 8), 64×64, batch 10
    /// (8 for the StyleGAN2 discriminator, whose minibatch std takes groups of 4).
    static func styleGAN() -> [BenchCase] {
        [
            BenchCase(name: "gan_gtestbed_stylegan2") {
                let testbed = try TestbedBenchmarks.generatorTestbed(.stylegan2Generator(.init(resolution: 64, zDim: 64, divide: 8)))
                return { _ = try testbed.trainStep() }
            },
            BenchCase(name: "gan_gtestbed_stylegan3") {
                let testbed = try TestbedBenchmarks.generatorTestbed(.stylegan3Generator(.init(resolution: 64, zDim: 64, divide: 8)))
                return { _ = try testbed.trainStep() }
            },
            BenchCase(name: "gan_dtestbed_stylegan2") {
                let testbed = try TestbedBenchmarks.discriminatorTestbed(.stylegan2Discriminator(.init(resolution: 64, divide: 8, classes: 8)), batch: 8)
                return { _ = try testbed.trainStep() }
            },
        ]
    }
}
