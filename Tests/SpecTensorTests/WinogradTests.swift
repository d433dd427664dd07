import Testing
@testable import SpecTensor
import SpecKernels
import SpecKernelsAVX2
import SpecTestSupport

@Suite("Winograd F(4×4, 3×3) against the direct convolution")
struct WinogradTests {
    static func random(_ shape: [Int], seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return rng.normal(count: shape.reduce(1, *))
    }

    static let sizes = [(33, 0), (32, 1), (35, 2), (600, 1), (96, 1)]

    /// Odd and even sizes, every padding; 600 wide: several tile blocks, split over workers; 96: each sample padded
    /// on its own (600 tiles per sample: `samplesPerGroup` is 1 on up to four threads), and on two threads the middle
    /// sample split between the pieces, each padding only the band of rows its tiles read.
    static func geometry(size: Int, pad: Int) -> ConvGeometry {
        let (h, w) = size == 600 ? (4, 600) : (size, size + 3)
        return ConvGeometry(batch: 3, inChannels: 9, height: h, width: w, outChannels: 10, kernelH: 3, kernelW: 3,
                            padH: pad, padW: pad)
    }

    @Test("forward and weight gradient agree with im2col + GEMM", arguments: sizes)
    func agreesWithDirect(size: Int, pad: Int) throws {
        let geo = Self.geometry(size: size, pad: pad)
        #expect(geo.suitsWinograd(.forward))
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

    /// First and second derivatives of L = Σ conv(x, w)², taken through the convolution's backward rules (Winograd's
    /// kernels where they apply), against the same derivatives written with the direct kernels: with y = conv(x, w),
    /// ∂L/∂x = 2 convᵀ(y, w), ∂L/∂w = 2 corr(x, y), and for H = ⟨∂L/∂x, vx⟩ + ⟨∂L/∂w, vw⟩ = 2⟨y, z⟩ with
    /// z = conv(vx, w) + conv(x, vw): ∂H/∂x = 2 (convᵀ(z, w) + convᵀ(y, vw)), ∂H/∂w = 2 (corr(x, z) + corr(vx, y)).
    /// (Finite differences of these float32 sums sit at their noise floor; the direct kernels' derivatives are
    /// checked against finite differences in GradientTests.)
    @Test func gradientsToSecondOrder() throws {
        let geo = ConvGeometry(batch: 2, inChannels: 8, height: 32, width: 33, outChannels: 8, kernelH: 3, kernelW: 3, padH: 1, padW: 1)
        #expect(geo.suitsWinograd(.forward))
        let (xv, wv) = (Self.random(geo.inputShape, seed: 6), Self.random(geo.weightShape, seed: 7))
        let (vxv, vwv) = (Self.random(geo.inputShape, seed: 8), Self.random(geo.weightShape, seed: 9))
        func conv(_ x: [Float], _ w: [Float]) -> [Float] { Tensor.directConv2dValues(x, w, geo) }
        func convT(_ g: [Float], _ w: [Float]) -> [Float] {
            Tensor.directConv2dValues(g, geo.flippedTransposedWeight(w), geo.adjointGeometry)
        }
        func corr(_ x: [Float], _ g: [Float]) -> [Float] { Tensor.directWeightGradValues(x, g, geo) }
        func twice(_ a: [Float], plus b: [Float]) -> [Float] { zip(a, b).map { 2 * ($0 + $1) } }
        let y = conv(xv, wv), z = zip(conv(vxv, wv), conv(xv, vwv)).map(+)
        let expected = [convT(y, wv).map { 2 * $0 }, corr(xv, y).map { 2 * $0 },
                        twice(convT(z, wv), plus: convT(y, vwv)), twice(corr(xv, z), plus: corr(vxv, y))]

        let x = try Tensor(shape: geo.inputShape, scalars: xv).requiringGrad(), w = try Tensor(shape: geo.weightShape, scalars: wv).requiringGrad()
        let loss = try Tensor.conv2d(x, w, padding: (1, 1)).square().sum()
        let first = try gradients(of: loss, withRespectTo: [x, w], createGraph: true)
        let h = try (first[0] * Tensor(shape: geo.inputShape, scalars: vxv)).sum() + (first[1] * Tensor(shape: geo.weightShape, scalars: vwv)).sum()
        let second = try gradients(of: h, withRespectTo: [x, w])
        for (name, (analytic, direct)) in zip(["dL/dx", "dL/dw", "dH/dx", "dH/dw"], zip(first + second, expected)) {
            let scale = direct.map(Swift.abs).max() ?? 0
            let worst = zip(analytic.scalars, direct).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-5 * scale, "\(name): largest difference \(worst) against values up to \(scale)")
        }
    }

    /// Adding the bias as the output transform writes each tile (forward only) rounds as a pass over the output did.
    @Test("the bias added while writing tiles equals adding it afterwards, bit for bit", arguments: sizes)
    func biasInTheOutputTransform(size: Int, pad: Int) throws {
        let geo = Self.geometry(size: size, pad: pad)
        #expect(geo.suitsWinograd(.forward))
        let x = try Tensor(shape: geo.inputShape, scalars: Self.random(geo.inputShape, seed: 31))
        let k = try Tensor(shape: geo.weightShape, scalars: Self.random(geo.weightShape, seed: 32))
        let b = try Tensor(shape: [10], scalars: Self.random([10], seed: 33))
        let fused = try Tensor.conv2d(x, k, bias: b, padding: (pad, pad))
        let separate = try Tensor.conv2d(x, k, padding: (pad, pad)) + b.reshaped([1, 10, 1, 1])
        #expect(Self.differingBits([fused.scalars], [separate.scalars]) == 0, "values differ")
    }

    /// The data transforms at eight lanes as this test module compiles them. (In a debug build, `swift test`, the
    /// generic code runs unspecialised, as AVX2Kernels' closures then run it too; in a release build the linker keeps
    /// one copy of a specialisation two modules emit, here possibly the AVX2 one. `swift test -c release` with
    /// `-enable-testing` ran these tests on the AVX2-compiled transforms, 2026-12-02.)
    static let eightLanes = WinogradTransformSet(
        input: { WinogradTransforms.transformInput(SIMD8<Float>.self, $0, $1, $2, tiles: $3, into: $4) },
        output: { WinogradTransforms.transformOutput(SIMD8<Float>.self, $0, $1, $2, tiles: $3, into: $4, bias: $5) },
        outputGradient: { WinogradTransforms.transformOutputGradient(SIMD8<Float>.self, $0, $1, $2, tiles: $3, into: $4) })

    /// Forward and weight gradient with each set of transforms, for the sizes above (runs of side-by-side tiles, tile
    /// groups that wrap to the next row or sample, partial blocks, several pieces).
    static func results(_ transforms: WinogradTransformSet, size: Int, pad: Int) -> [[Float]] {
        let geo = Self.geometry(size: size, pad: pad)
        let x = random(geo.inputShape, seed: 11), k = random(geo.weightShape, seed: 12), g = random(geo.outputShape, seed: 13)
        let bias = random([10], seed: 14)
        return [Winograd.forward(x, k, geo, transforms: transforms), Winograd.forward(x, k, geo, bias: bias, transforms: transforms),
                Winograd.weightGradient(x, g, geo, transforms: transforms)]
    }

    /// How many values of `b` differ from `a`'s in any bit (or are missing).
    static func differingBits(_ a: [[Float]], _ b: [[Float]]) -> Int {
        zip(a, b).map { a, b in zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count + abs(a.count - b.count) }.reduce(0, +)
    }

    @Test("four and eight lanes give the same bits", arguments: sizes)
    func widthsAgree(size: Int, pad: Int) {
        let four = Self.results(.fourLanes, size: size, pad: pad), eight = Self.results(Self.eightLanes, size: size, pad: pad)
        #expect(Self.differingBits(four, eight) == 0, "values differ")
    }

    @Test("the AVX2 build gives the portable build's bits", .enabled(if: VectorKernels.cpuHasHaswellFeatures,
                                                                     "this CPU lacks AVX2 (or FMA, BMI2, F16C, MOVBE)"),
          arguments: sizes)
    func avx2Agrees(size: Int, pad: Int) {
        let four = Self.results(.fourLanes, size: size, pad: pad), avx2 = Self.results(AVX2Kernels.winograd, size: size, pad: pad)
        #expect(Self.differingBits(four, avx2) == 0, "values differ")
    }
}

@Suite("spec's AVX2 product kernel")
struct AVX2MultiplyTests {
    /// Row counts around the 4-row blocks, column counts around the 24- and 8-wide blocks and the scalar tail, depth
    /// zero to past a block; rows of A, B and C longer than the matrices, whose extra values must stay untouched.
    @Test("equals a float64 product within float32 rounding, and writes only C", .enabled(if: VectorKernels.cpuHasHaswellFeatures,
                                                                                      "this CPU lacks AVX2 (or FMA, BMI2, F16C, MOVBE)"),
          arguments: [1, 3, 4, 5, 9], [1, 7, 8, 9, 24, 31, 33, 50])
    func agrees(m: Int, n: Int) {
        for k in [0, 1, 5, 64] {
            let (lda, ldb, ldc) = (k + 3, n + 5, n + 2)
            let a = WinogradTests.random([m * lda], seed: 21), b = WinogradTests.random([max(k, 1) * ldb], seed: 22)
            var c = [Float](repeating: .nan, count: m * ldc)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        AVX2Kernels.multiply(m: m, n: n, k: k, a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                             c: c.baseAddress!, ldc: ldc)
                    }
                }
            }
            var worst = 0.0, untouched = true
            for i in 0..<m {
                for j in 0..<ldc {
                    guard j < n else { untouched = untouched && c[i * ldc + j].isNaN; continue }
                    let exact = (0..<k).reduce(0.0) { $0 + Double(a[i * lda + $1]) * Double(b[$1 * ldb + j]) }
                    worst = max(worst, abs(Double(c[i * ldc + j]) - exact))
                }
            }
            #expect(worst <= 1e-5 * Double(max(k, 1)), "m \(m), n \(n), k \(k): largest difference \(worst)")
            #expect(untouched, "m \(m), n \(n), k \(k): wrote past the n columns of a C row")
        }
    }
}
