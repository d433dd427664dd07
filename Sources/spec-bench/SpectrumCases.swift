import SpecSpectrum
import SpecTensor

/// The spectrum toolkit at the sizes the testbeds evaluate (PyTorch running the reference's spectrum code on the
/// CPU of this machine kind, 2 threads: 52 ms, 125 ms and 2.5 ms; scripts/bench_spectrum_torch.py measures it).
enum SpectrumCases {
    static func all() -> [BenchCase] {
        [
            BenchCase(name: "spectrum_reduced_1000x64") {
                let images = uniform([1000, 64, 64])
                return { _ = try images.reducedSpectrum() }
            },
            BenchCase(name: "spectrum_reduced_100x256") {
                let images = uniform([100, 256, 256])
                return { _ = try images.reducedSpectrum() }
            },
            BenchCase(name: "spectrum_stats_10x3x64") {
                let images = uniform([10, 3, 64, 64])
                return { _ = try SpectrumStatistics(images: images) }
            },
        ]
    }

    static func uniform(_ shape: [Int]) -> Tensor {
        var rng = RandomGenerator(seed: 0)
        return Tensor.rand(shape, using: &rng, low: -1, high: 1)
    }
}
