import SpecTensor

/// The spectrum benchmark of the issue, for `scripts/bench`: the reduced spectrum of 1000 images of 64×64 and of
/// 100 of 256×256, and the spectrum statistics of 10 RGB images of 64×64, each timed after one warm-up run (which
/// makes the FFT plans and bin tables). Inputs are uniform in [−1, 1] from a fixed seed.
public enum SpectrumBenchmarks {
    public struct Result: Sendable {
        public let name: String
        /// Median and fastest wall-clock time of one run, in milliseconds.
        public let medianMilliseconds: Double
        public let bestMilliseconds: Double
        /// The reference's spectrum code in PyTorch on this machine kind (CPU, 2 threads), in milliseconds.
        public let pytorchMilliseconds: Double
    }

    /// Runs each case `repetitions` times (at least once).
    public static func run(repetitions: Int = 20) throws -> [Result] {
        var rng = RandomGenerator(seed: 0)
        let small = Tensor.rand([1000, 64, 64], using: &rng, low: -1, high: 1)
        let large = Tensor.rand([100, 256, 256], using: &rng, low: -1, high: 1)
        let rgb = Tensor.rand([10, 3, 64, 64], using: &rng, low: -1, high: 1)
        return try [
            time("reduced spectrum, 1000 images 64×64", pytorch: 52, repetitions) { _ = try small.reducedSpectrum() },
            time("reduced spectrum, 100 images 256×256", pytorch: 125, repetitions) { _ = try large.reducedSpectrum() },
            time("spectrum statistics, 10 RGB images 64×64", pytorch: 2.5, repetitions) { _ = try SpectrumStatistics(images: rgb) },
        ]
    }

    private static func time(_ name: String, pytorch: Double, _ repetitions: Int, _ body: () throws -> Void) throws -> Result {
        try body()
        let clock = ContinuousClock()
        var times = [Double]()
        for _ in 0..<Swift.max(1, repetitions) {
            var failure: Error?
            let elapsed = clock.measure {
                do { try body() } catch { failure = error }
            }
            if let failure { throw failure }
            times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        times.sort()
        return Result(name: name, medianMilliseconds: times[times.count / 2], bestMilliseconds: times[0], pytorchMilliseconds: pytorch)
    }
}
