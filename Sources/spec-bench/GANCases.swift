import SpecGAN

/// One iteration of each testbed at the paper's toy configuration (64×64, channels / 8, batch 10). PyTorch on the
/// CPU of this machine kind, 2 threads (scripts/bench_gan_torch.py): discriminator testbed 414 ms (stride),
/// 427 ms (avg), 567 ms (blurpool); generator testbed 105 ms (bilinear), 93 ms (zeros).
enum GANCases {
    static func all() -> [BenchCase] {
        GANBenchmarks.discriminatorModes.map { mode in
            BenchCase(name: "gan_dtestbed_\(mode.rawValue)") {
                let testbed = try GANBenchmarks.discriminatorTestbed(downsampling: mode)
                return { try testbed.trainStep() }
            }
        } + GANBenchmarks.generatorModes.map { mode in
            BenchCase(name: "gan_gtestbed_\(mode.rawValue)") {
                let testbed = try GANBenchmarks.generatorTestbed(upsampling: mode)
                return { try testbed.trainStep() }
            }
        }
    }
}
