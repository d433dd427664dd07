import Testing
import SpecTensor
import SpecTestSupport

/// `indexed` and `replacing`: values as NumPy gives them, errors for bad indices, gradients against finite differences.
@Suite("Tensor subscripts: masks, index lists, negative steps, replacement")
struct SubscriptTests {
    /// 0, 1, 2, … in shape (2, 3, 4): every element names its own row-major position.
    static let counting = try! Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
    static let check = GradCheck()

    @Test func sliceIndicesFollowPython() throws {
        #expect(try Tensor.sliceIndices(count: 5, start: nil, stop: nil, step: -1) == [4, 3, 2, 1, 0])
        #expect(try Tensor.sliceIndices(count: 5, start: 3, stop: 0, step: -1) == [3, 2, 1])
        #expect(try Tensor.sliceIndices(count: 5, start: -2, stop: nil, step: -2) == [3, 1])
        #expect(try Tensor.sliceIndices(count: 5, start: 10, stop: -10, step: -3) == [4, 1])
        #expect(try Tensor.sliceIndices(count: 5, start: 1, stop: 4, step: 2) == [1, 3])
        #expect(try Tensor.sliceIndices(count: 5, start: 4, stop: 1, step: 1) == [])
        #expect(throws: TensorError.message("slice step cannot be zero")) { try Tensor.sliceIndices(count: 5, start: nil, stop: nil, step: 0) }
    }

    @Test func selections() throws {
        let x = Self.counting
        let reversed = try x.indexed([.slice(start: nil, stop: nil, step: 1), .slice(start: nil, stop: nil, step: -1)])
        #expect(reversed.shape == [2, 3, 4])
        #expect(Array(reversed.scalars[0..<8]) == [8, 9, 10, 11, 4, 5, 6, 7])
        let picked = try x.indexed([.position(1), .slice(start: nil, stop: nil, step: 1), .positions([3, -4, 3])])
        #expect(picked.shape == [3, 3])
        #expect(picked.scalars == [15, 12, 15, 19, 16, 19, 23, 20, 23])
        #expect(try x.indexed([.positions([])]).shape == [0, 3, 4])
        #expect(try x.indexed([.position(-1), .position(0), .position(2)]).scalars == [14])
        #expect(try x.indexed([.position(-1), .position(0), .position(2)]).shape == [])
    }

    @Test func masksSelectIntoOneAxis() throws {
        let x = Self.counting
        let everywhere = try x.compare(Tensor(20), .ge)
        #expect(try x.indexed([.mask(everywhere)]).scalars == [20, 21, 22, 23])
        #expect(try x.indexed([.mask(everywhere)]).shape == [4])
        // A mask of the leading axes keeps the rest, as NumPy's x[m] with m.shape == x.shape[:2].
        let rows = try Tensor(shape: [2, 3], scalars: [1, 0, 0, 0, 0, 1])
        let kept = try x.indexed([.mask(rows)])
        #expect(kept.shape == [2, 4])
        #expect(kept.scalars == [0, 1, 2, 3, 20, 21, 22, 23])
        // … or of axes further in.
        let columns = Tensor([0, 1, 0, 1])
        #expect(try x.indexed([.position(0), .position(0), .mask(columns)]).scalars == [1, 3])
        #expect(try x.indexed([.slice(start: nil, stop: nil, step: 1), .mask(try Tensor(shape: [3, 4], scalars: .init(repeating: 0, count: 12)))]).shape == [2, 0])
    }

    @Test func badIndicesAreErrors() throws {
        let x = Self.counting
        #expect(throws: TensorError.message("index 3 is out of range for axis 1 of length 3")) { try x.indexed([.position(0), .position(3)]) }
        #expect(throws: TensorError.message("index -5 is out of range for axis 2 of length 4")) {
            try x.indexed([.position(0), .position(0), .positions([0, -5])])
        }
        #expect(throws: TensorError.message("4 indices for a tensor of rank 3")) { try x.indexed(Array(repeating: .position(0), count: 4)) }
        #expect(throws: TensorError.message("a mask of shape (3, 4) does not match axes 0…1 of shape (2, 3)")) {
            try x.indexed([.mask(.zeros([3, 4]))])
        }
        #expect(throws: TensorError.message("a mask of shape (5,) does not match axis 1 of shape (3,)")) {
            try x.indexed([.position(0), .mask(.zeros([5]))])
        }
        #expect(throws: TensorError.self) { try x.indexed([.positions([0]), .positions([1])]) }
        #expect(throws: TensorError.self) { try x.indexed([.mask(.zeros([2, 3, 4, 1]))]) }
    }

    @Test func replacing() throws {
        let x = Self.counting
        let one = try x.replacing([.position(0), .position(0), .position(0)], with: Tensor(100))
        #expect(one.scalars[0] == 100 && Array(one.scalars[1...]) == Array(x.scalars[1...]))
        let column = try x.replacing([.position(1), .slice(start: nil, stop: nil, step: 1), .position(1)], with: Tensor([7, 8, 9]))
        #expect(try column.indexed([.position(1)]).scalars == [12, 7, 14, 15, 16, 8, 18, 19, 20, 9, 22, 23])
        let masked = try x.replacing([.mask(try x.compare(Tensor(3), .lt))], with: Tensor(-1))
        #expect(Array(masked.scalars[0..<5]) == [-1, -1, -1, 3, 4])
        // Repeated positions: the last value wins, as in NumPy.
        let repeated = try x.replacing([.position(0), .position(0), .positions([1, 1, 2])], with: Tensor([5, 6, 7]))
        #expect(Array(repeated.scalars[0..<4]) == [0, 6, 7, 3])
        // NaN in the replaced part does not leak into the result.
        let nan = try x.replacing([.position(0)], with: Tensor(.nan)).replacing([.position(0)], with: Tensor(0))
        #expect(nan.scalars.allSatisfy { !$0.isNaN })
        #expect(throws: TensorError.message("a value of shape (2,) cannot fill a selection of shape (3, 4)")) {
            try x.replacing([.position(0)], with: Tensor([1, 2]))
        }
    }

    @Test func selectionGradients() throws {
        let x = GradientTests.random([3, 4, 5], seed: 21)
        let mask = try GradientTests.random([3, 4], seed: 22).compare(Tensor(0), .gt)
        try Self.check.check([x], secondOrder: true, "negative step") {
            try $0[0].indexed([.slice(start: nil, stop: nil, step: 1), .slice(start: -1, stop: 0, step: -2)])
        }
        try Self.check.check([x], secondOrder: true, "repeated positions") { try $0[0].indexed([.position(1), .positions([3, 0, 3, -1])]).square() }
        try Self.check.check([x], secondOrder: true, "mask of leading axes") { try $0[0].indexed([.mask(mask)]).square() }
        let everywhere = try x.compare(Tensor(0.3), .lt)
        try Self.check.check([x], "mask of every axis") { try $0[0].indexed([.mask(everywhere)]) }
    }

    @Test func replacementGradients() throws {
        let x = GradientTests.random([3, 4], seed: 23), row = GradientTests.random([4], seed: 24), scalar = GradientTests.random([], seed: 25)
        try Self.check.check([x, row], secondOrder: true, "row") { xs in try xs[0].replacing([.position(1)], with: xs[1]).square() }
        try Self.check.check([x, scalar], secondOrder: true, "broadcast column") { xs in
            try xs[0].replacing([.slice(start: nil, stop: nil, step: -1), .position(2)], with: xs[1]).square()
        }
        try Self.check.check([x, GradientTests.random([3], seed: 26)], secondOrder: true, "repeated positions") { xs in
            try xs[0].replacing([.positions([2, 0, 2])], with: xs[1].reshaped([3, 1])).square()
        }
        let mask = try x.compare(Tensor(0), .gt)
        try Self.check.check([x, scalar], secondOrder: true, "mask") { xs in try xs[0].replacing([.mask(mask)], with: xs[1] * 3).square() }
    }
}
