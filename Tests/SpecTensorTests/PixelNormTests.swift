import Testing
import SpecTensor
import SpecTestSupport

/// The fused pixel norm against its definition written with elementwise ops, on tensors large enough for its
/// passes to split over the workers. Finite-difference checks of both orders are in SpecGANTests.
@Suite("Pixel norm as one op")
struct PixelNormTests {
    static func composed(_ x: Tensor, epsilon: Float = 1e-8) throws -> Tensor {
        try x / (x.square().mean(axes: [1], keepDims: true) + epsilon).sqrt()
    }

    static func worst(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    @Test("values and gradients match the composition", arguments: [[10, 32, 32, 32], [3, 64, 40, 40], [1, 64, 64, 80], [5, 7], [2, 3, 4, 5, 6]])
    func matchesComposition(shape: [Int]) throws {
        var rng = RandomGenerator(seed: 11)
        let x = Tensor.randn(shape, using: &rng).requiringGrad(), seed = Tensor.randn(shape, using: &rng)
        let fused = try x.pixelNorm(), reference = try Self.composed(x)
        #expect(Self.worst(fused, reference) <= 1e-5, "values, \(shape)")
        let g = try gradients(of: fused, withRespectTo: [x], seed: seed)[0]
        let expected = try gradients(of: reference, withRespectTo: [x], seed: seed)[0]
        let scale = expected.scalars.map(Swift.abs).max() ?? 1
        #expect(Self.worst(g, expected) <= 1e-5 * scale, "gradients, \(shape)")
        // With a graph the backward takes the differentiable path; it must give the same first derivative.
        let withGraph = try gradients(of: fused, withRespectTo: [x], seed: seed, createGraph: true)[0]
        #expect(Self.worst(withGraph, expected) <= 1e-5 * scale, "gradients with a graph, \(shape)")
    }

    @Test("second derivatives match the composition")
    func secondOrderMatchesComposition() throws {
        var rng = RandomGenerator(seed: 12)
        let x = Tensor.randn([4, 16, 8, 8], using: &rng).requiringGrad()
        let r = Tensor.randn(x.shape, using: &rng), v = Tensor.randn(x.shape, using: &rng)
        func hessianVector(_ f: (Tensor) throws -> Tensor) throws -> Tensor {
            let g = try gradients(of: try (f(x) * r).sum(), withRespectTo: [x], createGraph: true)[0]
            return try gradients(of: try (g * v).sum(), withRespectTo: [x])[0]
        }
        let fused = try hessianVector { try $0.pixelNorm() }, expected = try hessianVector { try Self.composed($0) }
        let scale = expected.scalars.map(Swift.abs).max() ?? 1
        #expect(Self.worst(fused, expected) <= 1e-5 * scale)
    }

    @Test("a tensor without a channel axis is rejected")
    func rejectsVectors() {
        #expect(throws: TensorError.self) { try Tensor([1, 2, 3]).pixelNorm() }
    }
}
