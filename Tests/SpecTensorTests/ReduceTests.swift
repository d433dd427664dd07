import Testing
import SpecTensor

/// Reductions over every subset of axes of a 4-D tensor (merged neighbours, innermost first) against a float64
/// walk over all values.
@Suite("Reductions over axis sets")
struct ReduceTests {
    static let shape = [3, 4, 5, 7]

    static func subsets() -> [[Int]] {
        (0..<16).map { mask in (0..<4).filter { mask & (1 << $0) != 0 } }
    }

    /// The reference: for every output position (reduced axes at 0), combine all inputs that map to it.
    static func naive(_ x: Tensor, _ axes: [Int], _ initial: Double, _ combine: (Double, Double) -> Double) -> [Float] {
        let s = shape
        let keptShape = s.indices.map { axes.contains($0) ? 1 : s[$0] }
        var out = [Double](repeating: initial, count: keptShape.reduce(1, *))
        for a in 0..<s[0] { for b in 0..<s[1] { for c in 0..<s[2] { for d in 0..<s[3] {
            let i = [a, b, c, d].enumerated().map { axes.contains($0.offset) ? 0 : $0.element }
            let o = ((i[0] * keptShape[1] + i[1]) * keptShape[2] + i[2]) * keptShape[3] + i[3]
            out[o] = combine(out[o], Double(x.scalars[((a * s[1] + b) * s[2] + c) * s[3] + d]))
        } } } }
        return out.map { Float($0) }
    }

    @Test(arguments: subsets())
    func sumMaxMinMatchAWalkOverAllValues(_ axes: [Int]) throws {
        var rng = RandomGenerator(seed: 21)
        let x = Tensor.randn(Self.shape, using: &rng)
        let kept = Self.shape.indices.map { axes.contains($0) ? 1 : Self.shape[$0] }
        let sum = try x.sum(axes: axes, keepDims: true)
        #expect(sum.shape == kept)
        let expected = Self.naive(x, axes, 0, +)
        #expect(zip(sum.scalars, expected).allSatisfy { Swift.abs($0 - $1) <= 1e-5 * Swift.max(1, Swift.abs($1)) }, "\(axes)")
        #expect(try x.max(axes: axes, keepDims: true).scalars == Self.naive(x, axes, -.infinity) { Swift.max($0, $1) }, "\(axes)")
        #expect(try x.min(axes: axes, keepDims: true).scalars == Self.naive(x, axes, .infinity) { Swift.min($0, $1) }, "\(axes)")
        #expect(try x.sum(axes: axes).shape == Self.shape.indices.filter { !axes.contains($0) }.map { Self.shape[$0] })
    }

    @Test("a reduced axis of size zero gives the sum's identity")
    func emptyAxis() throws {
        #expect(try Tensor.zeros([2, 0, 3]).sum(axes: [1]).scalars == [0, 0, 0, 0, 0, 0])
    }
}
