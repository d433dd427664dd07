import SpecLang

/// One iteration of each testbed at the paper's toy configuration (64×64, channels / 8, batch 10), the shipped spec
/// step included; scripts/bench_gan_torch.py times the same iteration in PyTorch (docs/benchmarks.md).
enum GANCases {
    static func all() -> [BenchCase] {
        TestbedBenchmarks.discriminatorModes.map { mode in
            BenchCase(name: "gan_dtestbed_\(mode.rawValue)") {
                let testbed = try TestbedBenchmarks.discriminatorTestbed(downsampling: mode)
                return { try testbed.trainStep() }
            }
        } + TestbedBenchmarks.generatorModes.map { mode in
            BenchCase(name: "gan_gtestbed_\(mode.rawValue)") {
                let testbed = try TestbedBenchmarks.generatorTestbed(upsampling: mode)
                return { try testbed.trainStep() }
            }
        }
    }
}
