import Foundation
import Testing
import SpecTensor
@testable import SpecSpectrum
import SpecTestSupport

/// The reference's `get_spectrum` step by step (duplicate the Nyquist row and column, roll DC to the centre,
/// average over rings of integer radius), in float64, from a full power spectrum (N, H, H).
func referenceReducedSpectrum(power: Tensor) -> [[Double]] {
    let n = power.shape[0], h = power.shape[1]
    let s = h % 2 == 0 ? h + 1 : h
    // Extended index → original index (the Nyquist row/column appears twice), then the roll by ⌊S/2⌋.
    func source(_ i: Int) -> Int { h % 2 == 0 && i > h / 2 ? i - 1 : i }
    func rolledSource(_ j: Int) -> Int { source(((j - s / 2) % s + s) % s) }
    let c = Double(s - 1) / 2
    var bins = [[Int]](repeating: [], count: 0)
    for y in 0..<s {
        for x in 0..<s {
            let dy = Double(y) - c, dx = Double(x) - c
            let b = Int((dy * dy + dx * dx).squareRoot())
            while bins.count <= b { bins.append([]) }
            bins[b].append(rolledSource(y) * h + rolledSource(x))
        }
    }
    return (0..<n).map { image in
        bins.map { cells in cells.reduce(0.0) { $0 + Double(power.scalars[image * h * h + $1]) } / Double(cells.count) }
    }
}

@Suite("Reduced spectrum")
struct ReducedSpectrumTests {
    func random(_ shape: [Int], seed: UInt64 = 11) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, using: &rng)
    }

    @Test("equals the reference's steps applied to the power spectrum, for every size 1…20 and more",
          arguments: Array(1...20) + [31, 32, 47, 50])
    func matchesStepByStepDefinition(size: Int) throws {
        let x = random([3, size, size])
        for normalized in [false, true] {
            let expected = referenceReducedSpectrum(power: try x.powerSpectrum(normalized: normalized))
            let actual = try x.reducedSpectrum(normalized: normalized)
            #expect(actual.shape == [3, expected[0].count])
            let scale = expected.flatMap { $0 }.map(Swift.abs).max() ?? 1
            expectValues(actual, expected.flatMap { $0 }, tolerance: 2e-5 * scale, "size \(size) normalized \(normalized)")
        }
    }

    @Test("power spectrum is |DFT|², centred on request")
    func powerSpectrum() throws {
        let x = random([2, 5, 6])
        let dft = naiveDFT2(try x.asComplex(), sign: -1)
        let power = stride(from: 0, to: dft.count, by: 2).map { (i: Int) -> Double in
            let re = dft[i], im = dft[i + 1]
            return re * re + im * im
        }
        expectValues(try x.powerSpectrum(), power, tolerance: 1e-3, "power")
        let centred = try x.powerSpectrum(centered: true)
        // DC moves to (⌊H/2⌋, ⌊W/2⌋).
        let uncentred = try x.powerSpectrum()
        #expect(centred.scalars[2 * 6 + 3] == uncentred.scalars[0])
    }

    @Test("(N, C, H, W) gives the channel mean of the per-channel spectra; (H, W) a single spectrum")
    func layouts() throws {
        let x = random([2, 3, 8, 8])
        let perChannel = try x.reshaped([6, 8, 8]).reducedSpectrum().reshaped([2, 3, 6]).mean(axes: [1])
        expectValues(try x.reducedSpectrum(), perChannel.scalars.map(Double.init), tolerance: 1e-4, "channel mean")
        let single = try x.reshaped([6, 8, 8]).slice(axis: 0, start: 0, end: 1).reshaped([8, 8])
        #expect(try single.reducedSpectrum().shape == [6])
        expectValues(try single.reducedSpectrum(), Array(try perChannelSpectra(x).prefix(6)), tolerance: 1e-4, "single image")
    }

    private func perChannelSpectra(_ x: Tensor) throws -> [Double] {
        try x.reshaped([-1, 8, 8]).reducedSpectrum().scalars.map(Double.init)
    }

    @Test("the fused kernel equals the composition of differentiable ops it stands for, values and gradients")
    func fusedEqualsComposed() throws {
        for size in [6, 7] {
            let x = random([3, size, size]).requiringGrad()
            let bins = SpectrumBins.forSize(size)
            let scale = Float(1 / Double(size))
            let composed = try x.realDFT2(scale: scale).square().sum(axes: [-1]).reshaped([3, -1])
                .applying(bins.averaging, op: "bin_average")
            let fused = try x.reducedSpectrum(normalized: true)
            expectValues(fused, composed.scalars.map(Double.init), tolerance: 1e-5, "values \(size)")
            let r = random(fused.shape, seed: 3)
            let gFused = try gradients(of: (fused * r).sum(), withRespectTo: [x])[0]
            let gComposed = try gradients(of: (composed * r).sum(), withRespectTo: [x])[0]
            expectValues(gFused, gComposed.scalars.map(Double.init), tolerance: 1e-4, "gradients \(size)")
        }
    }

    @Test("gradients through the reduced spectrum pass first- and second-order finite differences")
    func secondOrderGradients() throws {
        try GradCheck().check([random([2, 6, 6], seed: 4)], secondOrder: true, "even") { xs in
            try xs[0].reducedSpectrum(normalized: true)
        }
        try GradCheck().check([random([1, 2, 5, 5], seed: 5)], secondOrder: true, "odd, channels") { xs in
            try xs[0].logSpectrum(normalized: true)
        }
        // The shape of R1 through a spectral discriminator: the squared input gradient of a spectral score,
        // differentiated again.
        try GradCheck().check([random([2, 4, 4], seed: 6)], secondOrder: true, "gradient penalty") { xs in
            // GradCheck's first call passes a plain tensor to learn the output's shape.
            let x = xs[0].requiresGrad ? xs[0] : xs[0].requiringGrad()
            let score = try (x.logSpectrum(normalized: true) * random([2, 3], seed: 8)).sum()
            let g = try gradients(of: score, withRespectTo: [x], createGraph: true)[0]
            return try g.square().sum()
        }
    }

    @Test("bad shapes are errors naming the problem",
          arguments: [[8], [4, 8], [2, 3, 8, 6], [1, 1, 1, 4, 4], [0, 8, 8], [2, 0, 0], [] as [Int]])
    func badShapes(shape: [Int]) {
        #expect(throws: TensorError.self) { try Tensor.zeros(shape).reducedSpectrum() }
        #expect(throws: TensorError.self) { try Tensor.zeros(shape).logSpectrum(normalized: true) }
    }

    @Test("spectrum length rejects resolutions below 1")
    func badLength() {
        #expect(throws: TensorError.self) { try spectrumLength(resolution: 0) }
    }
}
