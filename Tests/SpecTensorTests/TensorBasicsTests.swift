import Foundation
import Testing
@testable import SpecTensor

@Suite("Tensor basics")
struct TensorBasicsTests {
    @Test func creation() throws {
        #expect(try Tensor.arange(0, 1, step: 0.25).scalars == [0, 0.25, 0.5, 0.75])
        #expect(try Tensor.linspace(-1, 1, count: 5).scalars == [-1, -0.5, 0, 0.5, 1])
        #expect(Tensor.full([2, 2], 3).scalars == [3, 3, 3, 3])
        #expect(throws: TensorError.self) { try Tensor(shape: [2, 3], scalars: [1, 2]) }
        #expect(throws: TensorError.self) { try Tensor.arange(0, 1, step: 0) }
    }

    @Test func valueSemantics() throws {
        let a = Tensor([1, 2, 3])
        var b = a
        b.updateScalars { $0[0] = 9 }
        #expect(a.scalars == [1, 2, 3] && b.scalars == [9, 2, 3])
    }

    @Test func broadcastingArithmetic() throws {
        let a = try Tensor(shape: [2, 1], scalars: [1, 2]), b = Tensor([10, 20, 30])
        #expect(try (a + b).scalars == [11, 21, 31, 12, 22, 32])
        #expect(try (a * b).shape == [2, 3])
        #expect(throws: TensorError.self) { try Tensor([1, 2]) + Tensor([1, 2, 3]) }
    }

    /// The broadcasting walk merges axes and picks loops by step; every pairing of sizes, strides and ranks must
    /// still read the element that index-by-index broadcasting names.
    @Test(arguments: [([2, 3, 4], [3, 1]), ([5, 1, 3, 3, 3], [5, 4, 3, 1, 1]), ([2, 3, 4], [4]), ([2, 3, 4], []),
                      ([1], [2, 3]), ([2, 1, 3], [2, 4, 1]), ([3, 1, 1, 4], [1, 2, 5, 1]), ([6, 1, 1], [1, 1, 1]),
                      ([1, 1], [1]), ([4, 2, 3], [4, 2, 3]), ([2, 0, 3], [1, 3])])
    func broadcastingMatchesIndexByIndex(_ shapes: ([Int], [Int])) throws {
        let (sa, sb) = shapes
        let a = try Tensor(shape: sa, scalars: (0..<sa.elementCount).map { Float($0) + 1 })
        let b = try Tensor(shape: sb, scalars: (0..<sb.elementCount).map { Float($0) * 0.5 - 3 })
        let out = try broadcastShape(sa, sb)
        func element(_ t: Tensor, at index: [Int]) -> Float {
            let offset = out.count - t.rank
            var flat = 0
            for i in 0..<t.rank { flat = flat * t.shape[i] + (t.shape[i] == 1 ? 0 : index[offset + i]) }
            return t.scalars[flat]
        }
        func indices(_ shape: [Int]) -> [[Int]] {
            shape.reduce([[]]) { prefixes, size in prefixes.flatMap { p in (0..<size).map { p + [$0] } } }
        }
        let all = indices(out)
        #expect(try (a * b).scalars == all.map { element(a, at: $0) * element(b, at: $0) })
        #expect(try (a - b).scalars == all.map { element(a, at: $0) - element(b, at: $0) })
        #expect(try a.expand(to: out).scalars == all.map { element(a, at: $0) })
        // Permuting reads with strides too: reversing the axes of the product.
        let product = try a * b, reversed = Array((0..<out.count).reversed())
        #expect(try product.permuted(reversed).scalars == indices(reversed.map { out[$0] }).map { idx in
            element(product, at: Array(idx.reversed()))
        })
    }

    @Test func reductionsAndPrecision() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try x.sum(axes: [0]).scalars == [5, 7, 9])
        #expect(try x.mean(axes: [1], keepDims: true).shape == [2, 1])
        #expect(try x.max(axes: [1]).scalars == [3, 6])
        #expect(try x.argmax(axis: 1).scalars == [2, 2])
        #expect(try x.variance().item == 3.5)
        // float64 accumulation: a million values of 0.1 sum to 100000 within float32 rounding of the result.
        let many = Tensor.full([1_000_000], 0.1)
        #expect(Swift.abs(try many.sum().item! - 100_000) < 0.01)
    }

    @Test func shapeOps() throws {
        let x = try Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        #expect(try x.transposed().scalars == [0, 3, 1, 4, 2, 5])
        #expect(try x.slice(axis: 1, start: 0, end: 3, step: 2).scalars == [0, 2, 3, 5])
        #expect(try x.flipped(axes: [1]).scalars == [2, 1, 0, 5, 4, 3])
        #expect(try x.rolled(1, axis: 1).scalars == [2, 0, 1, 5, 3, 4])
        #expect(try x.repeated([1, 2]).scalars == [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5])
        #expect(try Tensor.cat([x, x], axis: 0).shape == [4, 3])
        #expect(try Tensor.stack([x, x], axis: 1).shape == [2, 2, 3])
        #expect(try x.reshaped([3, -1]).shape == [3, 2])
        #expect(try x.unsqueezed(0).squeezed().shape == [2, 3])
        let row = Tensor([1, 2, 3])
        #expect(try row.padded([2, 1], mode: .reflect).scalars == [3, 2, 1, 2, 3, 2])
        #expect(try row.padded([2, 1], mode: .replicate).scalars == [1, 1, 1, 2, 3, 3])
        #expect(try row.padded([2, 1], mode: .circular).scalars == [2, 3, 1, 2, 3, 1])
        #expect(throws: TensorError.self) { try row.padded([3, 0], mode: .reflect) }
        #expect(throws: TensorError.self) { try x.reshaped([4, 2]) }
        #expect(throws: TensorError.self) { try x.permuted([0, 0]) }
    }

    @Test func randomStreamIsSeededAndStable() throws {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7)
        #expect(a.normal(count: 5) == b.normal(count: 5))
        let saved = a.stateWords
        let next = a.uniform(count: 3)
        var restored = try RandomGenerator(state: saved)
        #expect(restored.uniform(count: 3) == next)
        // Moments of a large normal draw.
        let z = Tensor.randn([100_000], using: &a)
        let mean = try #require(z.mean().item), std = try #require(z.std().item)
        #expect(Swift.abs(mean) < 0.02 && Swift.abs(std - 1) < 0.02)
    }

    @Test func npyRoundTripAndCorruptFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spec-npy-\(UUID()).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        let x = try Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 4, 5, .infinity])
        try NPY.write(x, to: url)
        let back = try NPY.read(url).tensor
        #expect(back.shape == [2, 3] && back.scalars == x.scalars)
        let truncated = try Data(contentsOf: url).dropLast(4)
        #expect(throws: TensorError.self) { try NPY.parse(truncated) }
        #expect(throws: TensorError.self) { try NPY.parse(Data("not a numpy file".utf8)) }
    }

    @Test func backwardAccumulatesAndZeroes() throws {
        let w = Tensor([1, 2, 3]).requiringGrad()
        try (w * w).sum().backward()
        try (w * 2).sum().backward()
        #expect(w.grad?.scalars == [4, 6, 8])
        w.zeroGrad()
        #expect(w.grad == nil)
        let frozen = withoutGrad { w * 3 }
        #expect(!frozen.requiresGrad)
        #expect(throws: TensorError.self) { try (w * w).backward() }  // not a scalar
    }
}
