import Testing
@testable import SpecTensor
import SpecTestSupport

@Suite("Winograd F(4×4, 3×3) against the direct convolution")
struct WinogradTests {
    static func random(_ shape: [Int], seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return rng.normal(count: shape.reduce(1, *))
    }

    @Test("forward and weight gradient agree with im2col + GEMM", arguments: [(33, 0), (32, 1), (35, 2), (600, 1), (96, 1)])
    func agreesWithDirect(size: Int, pad: Int) throws {
        // Odd and even sizes, every padding; 600 wide: several tile blocks, split over workers; 96: each sample padded
        // on its own (600 tiles per sample: `samplesPerGroup` is 1 on up to four threads).
        let (h, w) = size == 600 ? (4, 600) : (size, size + 3)
        let geo = ConvGeometry(batch: 3, inChannels: 9, height: h, width: w, outChannels: 10, kernelH: 3, kernelW: 3,
                               padH: pad, padW: pad)
        #expect(geo.suitsWinograd)
        let x = Self.random(geo.inputShape, seed: 1), k = Self.random(geo.weightShape, seed: 2)
        let fast = Winograd.forward(x, k, geo), direct = Tensor.directConv2dValues(x, k, geo)
        let g = Self.random(geo.outputShape, seed: 3)
        let fastW = Winograd.weightGradient(x, g, geo), directW = Tensor.directWeightGradValues(x, g, geo)
        // F(4×4, 3×3) rounds to a few millionths of the output's scale (its transforms multiply by up to 8 and divide
        // by 24), not of each value: a value near zero is a sum of terms as large as the others.
        for (fast, direct) in [(fast, direct), (fastW, directW)] {
            let scale = direct.map(Swift.abs).max() ?? 0
            let worst = zip(fast, direct).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-5 * scale, "largest difference \(worst) against values up to \(scale)")
        }
        #expect(fast.count == direct.count && fastW.count == directW.count)
    }

    @Test func gradientsToSecondOrder() throws {
        var rng = RandomGenerator(seed: 5)
        // Weights at the scale of a trained layer's (1/√fan-in): with unit weights the checked scalar is about 16,000,
        // and float32 central differences of it wobble by more than F(4×4, 3×3)'s rounding (there the analytic
        // second derivatives agree with the direct convolution's to 7e-6 relative; the numeric ones missed by 4 %).
        let x = Tensor.randn([1, 8, 32, 33], using: &rng), w = Tensor.randn([8, 8, 3, 3], using: &rng) * Float(1 / 72.0.squareRoot())
        try GradCheck().check([x, w], secondOrder: true, "winograd conv") {
            try Tensor.conv2d($0[0], $0[1], padding: (1, 1)).square()
        }
    }
}
