import Testing
@testable import SpecTensor
import SpecTestSupport

@Suite("Winograd F(2×2, 3×3) against the direct convolution")
struct WinogradTests {
    static func random(_ shape: [Int], seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return rng.normal(count: shape.reduce(1, *))
    }

    @Test("forward and weight gradient agree with im2col + GEMM", arguments: [(33, 0), (32, 1), (35, 2), (600, 1), (96, 1)])
    func agreesWithDirect(size: Int, pad: Int) throws {
        // Odd and even sizes, every padding; 600 wide: several tile blocks, split over workers; 96: each sample
        // padded on its own (over 2,048 tiles per sample: `samplesPerGroup` is 1 on up to four threads).
        let (h, w) = size == 600 ? (4, 600) : (size, size + 3)
        let geo = ConvGeometry(batch: 3, inChannels: 9, height: h, width: w, outChannels: 10, kernelH: 3, kernelW: 3,
                               padH: pad, padW: pad)
        #expect(geo.suitsWinograd)
        let x = Self.random(geo.inputShape, seed: 1), k = Self.random(geo.weightShape, seed: 2)
        let fast = Winograd.forward(x, k, geo), direct = Tensor.directConv2dValues(x, k, geo)
        let g = Self.random(geo.outputShape, seed: 3)
        let fastW = Winograd.weightGradient(x, g, geo), directW = Tensor.directWeightGradValues(x, g, geo)
        for (a, b) in zip(fast, direct) { #expect(Swift.abs(a - b) <= 1e-4 + 1e-5 * Swift.abs(b)) }
        for (a, b) in zip(fastW, directW) { #expect(Swift.abs(a - b) <= 1e-3 + 1e-5 * Swift.abs(b)) }
        #expect(fast.count == direct.count && fastW.count == directW.count)
    }

    @Test func gradientsToSecondOrder() throws {
        var rng = RandomGenerator(seed: 5)
        let x = Tensor.randn([1, 8, 32, 33], using: &rng), w = Tensor.randn([8, 8, 3, 3], using: &rng)
        try GradCheck().check([x, w], secondOrder: true, "winograd conv") {
            try Tensor.conv2d($0[0], $0[1], padding: (1, 1)).square()
        }
    }
}
