import Testing
import SpecTensor
import SpecTestSupport

/// First- and second-order finite-difference checks of every op with a backward rule.
@Suite("Gradients against finite differences")
struct GradientTests {
    static func random(_ shape: [Int], seed: UInt64, awayFromZero: Bool = false) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let t = Tensor.randn(shape, using: &rng)
        // Keeps inputs of kinked functions (abs, leaky relu, clamp, max) away from their kinks.
        return awayFromZero ? (try! Tensor(shape: shape, scalars: t.scalars.map { $0 + ($0 >= 0 ? 0.2 : -0.2) })) : t
    }

    static let check = GradCheck()

    /// Distinct values at least 0.15 apart in shuffled order: no finite-difference step crosses a tie or a kink
    /// placed between them.
    static func spaced(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        let n = shape.reduce(1, *)
        let order = rng.permutation(n)
        return try! Tensor(shape: shape, scalars: order.map { Float($0) * 0.15 - Float(n) * 0.075 + 0.07 })
    }

    @Test func elementwiseBinaryWithBroadcasting() throws {
        let a = Self.random([2, 3, 4], seed: 1), b = Self.random([3, 1], seed: 2)
        let positive = Self.random([2, 3, 4], seed: 3).abs() + 0.5
        try Self.check.check([a, b], secondOrder: true, "add") { try $0[0] + $0[1] }
        try Self.check.check([a, b], secondOrder: true, "sub") { try $0[0] - $0[1] }
        try Self.check.check([a, b], secondOrder: true, "mul") { try $0[0] * $0[1] }
        try Self.check.check([a, b.abs() + 1], secondOrder: true, "div") { try $0[0] / $0[1] }
        try Self.check.check([positive, b], secondOrder: true, "pow") { try Tensor.pow($0[0], $0[1]) }
        try Self.check.check([a], secondOrder: true, "scalar ops") { xs in try (xs[0] * 3 + 1) / 2 - xs[0] }
        try Self.check.check([a, b], secondOrder: true, "where") { xs in
            try Tensor.where(xs[0].compare(Tensor(0), .gt), xs[0], xs[1])
        }
    }

    @Test func elementwiseUnary() throws {
        let x = Self.random([3, 5], seed: 4), kinked = Self.random([3, 5], seed: 5, awayFromZero: true)
        let positive = x.abs() + 0.5
        let cases: [(String, Tensor, @Sendable (Tensor) throws -> Tensor)] = [
            ("neg", x, { -$0 }), ("exp", x, { $0.exp() }), ("log", positive, { $0.log() }),
            ("log1p", positive, { $0.log1p() }), ("sqrt", positive, { $0.sqrt() }), ("tanh", x, { $0.tanh() }),
            ("sigmoid", x, { $0.sigmoid() }), ("softplus", x, { $0.softplus() }), ("square", x, { $0.square() }),
            ("pow", positive, { $0.pow(2.5) }), ("abs", kinked, { $0.abs() }), ("sin", x, { $0.sin() }), ("cos", x, { $0.cos() }),
            ("leaky_relu", kinked, { $0.leakyRelu(0.2) }), ("relu", kinked, { $0.relu() }),
            // A negative slope makes the output's sign differ from the input's: the rule must read the input's.
            ("leaky_relu negative slope", kinked, { $0.leakyRelu(-0.5) }), ("clamp", Self.spaced([3, 5], seed: 5), { $0.clamp(min: -0.5, max: 0.5) }),
        ]
        for (name, input, f) in cases {
            try Self.check.check([input], secondOrder: true, name) { try f($0[0]) }
        }
    }

    @Test func reductions() throws {
        let x = Self.random([2, 3, 4], seed: 6), spaced = Self.spaced([2, 3, 4], seed: 6)
        try Self.check.check([x], secondOrder: true, "sum") { try $0[0].sum(axes: [0, 2]) }
        try Self.check.check([x], secondOrder: true, "mean keepdims") { try $0[0].mean(axes: [1], keepDims: true) }
        try Self.check.check([x], secondOrder: true, "variance") { try $0[0].variance(axes: [2]) }
        try Self.check.check([x], secondOrder: true, "std") { try $0[0].std(axes: [0, 1], unbiased: false) }
        try Self.check.check([spaced], secondOrder: true, "max") { try $0[0].max(axes: [2]).square() }
        try Self.check.check([spaced], secondOrder: true, "min") { try $0[0].min(axes: [0]).square() }
        try Self.check.check([x], secondOrder: true, "expand") { try $0[0].sum(axes: [1], keepDims: true).expand(to: [2, 3, 4]).square() }
    }

    @Test func shapeOps() throws {
        let x = Self.random([2, 3, 4], seed: 7), y = Self.random([2, 2, 4], seed: 8)
        try Self.check.check([x], "reshape") { try $0[0].reshaped([6, 4]) }
        try Self.check.check([x], "permute") { try $0[0].permuted([2, 0, 1]) }
        try Self.check.check([x], "slice") { try $0[0].slice(axis: 2, start: 1, end: 4, step: 2) }
        try Self.check.check([x], "flip") { try $0[0].flipped(axes: [1, 2]) }
        try Self.check.check([x], "roll") { try $0[0].rolled(-2, axis: 2) }
        try Self.check.check([x], "repeat") { try $0[0].repeated([2, 1, 1, 2]) }
        try Self.check.check([x, y], "cat") { try Tensor.cat([$0[0], $0[1]], axis: 1) }
        try Self.check.check([x, x], "stack") { try Tensor.stack([$0[0], $0[1] * 2], axis: 1) }
    }

    @Test("padding in every mode, to second order", arguments: PaddingMode.allCases)
    func padding(mode: PaddingMode) throws {
        let x = Self.random([1, 2, 4, 5], seed: 9)
        try Self.check.check([x], secondOrder: true, "pad \(mode)") { try $0[0].padded([2, 1, 1, 2], mode: mode).square() }
    }

    @Test func matmulToSecondOrder() throws {
        let a = Self.random([2, 3, 4], seed: 10), b = Self.random([4, 5], seed: 11), c = Self.random([2, 5, 4], seed: 12)
        let d = Self.random([2, 5, 3], seed: 19)
        try Self.check.check([a, b], secondOrder: true, "batched @ matrix") { try Tensor.matmul($0[0], $0[1]).square() }
        try Self.check.check([a, c], secondOrder: true, "A @ Bᵀ") { try Tensor.matmul($0[0], $0[1], transposeB: true).square() }
        try Self.check.check([a, d], secondOrder: true, "Aᵀ @ Bᵀ") { try Tensor.matmul($0[0], $0[1], transposeA: true, transposeB: true).square() }
    }

    @Test func convolutionToSecondOrder() throws {
        let x = Self.random([2, 4, 6, 5], seed: 13), w = Self.random([6, 2, 3, 3], seed: 14)
        // The square makes the second derivative depend on both operands (conv itself is bilinear).
        try Self.check.check([x, w], secondOrder: true, "conv2d stride 2, groups 2") {
            try Tensor.conv2d($0[0], $0[1], stride: (2, 1), padding: (1, 1), groups: 2).square()
        }
        let bias = Self.random([6], seed: 20)
        try Self.check.check([x, w, bias], secondOrder: true, "conv2d with bias") {
            try Tensor.conv2d($0[0], $0[1], bias: $0[2], padding: (1, 1), groups: 2).square()
        }
        let pointwise = Self.random([3, 4, 1, 1], seed: 15)
        try Self.check.check([x, pointwise], secondOrder: true, "conv2d 1×1") { try Tensor.conv2d($0[0], $0[1]).square() }
        let t = Self.random([2, 3, 3, 4], seed: 16), wt = Self.random([3, 2, 3, 3], seed: 17)
        try Self.check.check([t, wt], secondOrder: true, "conv_transpose2d") {
            try Tensor.convTranspose2d($0[0], $0[1], stride: (2, 2), padding: (1, 1), outputPadding: (1, 0)).square()
        }
    }

    @Test func resamplingToSecondOrder() throws {
        let x = Self.random([1, 4, 4, 6], seed: 18)
        let ops: [(String, @Sendable (Tensor) throws -> Tensor)] = [
            ("nearest", { try $0.upsampleNearest() }), ("bilinear", { try $0.upsampleBilinear() }),
            ("zeros", { try $0.upsampleZeros() }), ("shuffle", { try $0.pixelShuffle() }),
            ("stride", { try $0.subsample() }), ("avg", { try $0.avgPool2d() }), ("blurpool", { try $0.blurPool() }),
            ("upfirdn2d up", { try $0.upfirdn2d(filter: [0.125, 0.375, 0.375, 0.125], up: 2, padding: (2, 1, 2, 1), gain: 4) }),
            ("upfirdn2d down, cropped", { try $0.upfirdn2d(filter: [0.1, 0.3, 0.4, 0.2], down: 2, padding: (1, -1, 2, 0)) }),
        ]
        for (name, op) in ops {
            try Self.check.check([x], secondOrder: true, name) { try op($0[0]).square() }
        }
    }

    @Test func filteredLeakyReluToSecondOrder() throws {
        // The upsampled values mix inputs, so a kink cannot be avoided by spacing the inputs: each check keeps every
        // upsampled value on one side of it (all positive, then all negative), and the clamp catches one side.
        let base = Self.spaced([1, 2, 5, 6], seed: 21).abs() + 0.5, b = Tensor([0.013, 0.021])
        let f: [Float] = [0.1, 0.4, 0.4, 0.1]
        let maps = FilteredLeakyReluMaps(upRows: try AxisTaps.upfirdn(5, filter: f, up: 2, pad0: 2, pad1: 1, gain: 2),
                                         upCols: try AxisTaps.upfirdn(6, filter: f, up: 2, pad0: 1, pad1: 2, gain: 2),
                                         downRows: try AxisTaps.upfirdn(10, filter: f, down: 2), downCols: try AxisTaps.upfirdn(12, filter: f, down: 2),
                                         slope: 0.2, gain: 1.4, clamp: 100)
        for (name, x, bias) in [("positive", base, b), ("negative", -base, -b)] {
            try Self.check.check([x, bias], secondOrder: true, "filtered lrelu, \(name)") { try $0[0].filteredLeakyRelu(bias: $0[1], maps).square() }
        }
        var clamped = maps
        clamped.clamp = 0.3
        try Self.check.check([base * 10, b], secondOrder: false, "filtered lrelu, clamped") { try $0[0].filteredLeakyRelu(bias: $0[1], clamped).square() }
    }
}
