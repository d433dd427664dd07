/// Indexing a tensor by a list of entries, one per axis from the first (NumPy's `x[0, 1:3, [2, 0]]`), and building
/// a tensor with the selected region replaced (`x[0, 1:3] = v`). Both are one `gatherAxes` (or its adjoint) on the
/// tensor viewed with each mask's axes merged, so both are differentiable to any order.
public enum TensorIndex: Sendable {
    /// Picks one position (negative counts from the end) and drops the axis.
    case position(Int)
    /// Python slicing: bounds clamped, negative bounds count from the end, the step may be negative.
    case slice(start: Int?, stop: Int?, step: Int)
    /// Gathers the listed positions (negative count from the end, repeats allowed) along the axis.
    case positions([Int])
    /// Covers as many axes as it has, with the same sizes: its non-zero entries select, in row-major order, into
    /// one axis.
    case mask(Tensor)

    var isAdvanced: Bool {
        switch self {
        case .positions, .mask: true
        case .position, .slice: false
        }
    }
}

extension Tensor {
    /// The selection `x[index…]`; axes the index does not reach are kept whole.
    public func indexed(_ index: [TensorIndex]) throws -> Tensor {
        let plan = try IndexPlan(shape, index)
        try AllocationLimit.checkedCount(plan.resultShape, op: "index")
        return try reshaped(plan.mergedShape).gatherAxes(plan.maps, op: "index").reshaped(plan.resultShape)
    }

    /// This tensor with the selection `x[index…]` replaced by `value`, broadcast to the selection's shape (NumPy's
    /// `x[index…] = value` on a copy). Where an index list repeats a position, its last value wins. The gradient
    /// flows into the kept part of this tensor and into `value`.
    public func replacing(_ index: [TensorIndex], with value: Tensor) throws -> Tensor {
        var plan = try IndexPlan(shape, index)
        plan.keepLastOfRepeats()
        let region = plan.maps.map(\.count)
        guard (try? broadcastShape(value.shape, plan.resultShape)) == plan.resultShape else {
            throw TensorError.message("a value of shape \(value.shape.shapeDescription) cannot fill a selection of shape \(plan.resultShape.shapeDescription)")
        }
        let placed = try value.expand(to: plan.resultShape).reshaped(region).scatterAxes(plan.maps, shape: plan.mergedShape, op: "index_put")
        let covered = Tensor.ones(region).scatterAxes(plan.maps, shape: plan.mergedShape, op: "index_put")
        return try Tensor.where(covered, placed, reshaped(plan.mergedShape)).reshaped(shape)
    }

    /// Python's slice positions for an axis of length `count`.
    public static func sliceIndices(count n: Int, start: Int?, stop: Int?, step: Int) throws -> [Int] {
        guard step != 0 else { throw TensorError.message("slice step cannot be zero") }
        func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(v, lo), hi) }
        func resolve(_ v: Int?, _ fallback: Int) -> Int { v.map { $0 < 0 ? $0 + n : $0 } ?? fallback }
        if step > 0 {
            let a = clamp(resolve(start, 0), 0, n), b = clamp(resolve(stop, n), 0, n)
            return a < b ? Array(stride(from: a, to: b, by: step)) : []
        }
        // Walking down, an omitted stop runs past position 0; an explicit one stops above it.
        let a = clamp(resolve(start, n - 1), -1, n - 1), b = clamp(resolve(stop, -1), -1, n - 1)
        let lower = stop == nil ? -1 : b
        return a > lower ? Array(stride(from: a, to: lower, by: step)) : []
    }
}

/// How an index reads a tensor: the tensor is viewed with each mask's axes merged into one (`mergedShape`), the
/// separable gather `maps` reads that view, and the result drops the axes picked by a single position.
struct IndexPlan {
    private(set) var mergedShape: [Int] = []
    private(set) var maps: [[Int]] = []
    private(set) var resultShape: [Int] = []

    init(_ shape: [Int], _ index: [TensorIndex]) throws {
        let covered = index.reduce(0) { n, entry in
            if case .mask(let m) = entry { return n + m.rank }
            return n + 1
        }
        guard covered <= shape.count else {
            throw TensorError.message("\(covered) \(covered == 1 ? "index" : "indices") for a tensor of rank \(shape.count)")
        }
        // Several index lists would be paired element by element in NumPy and combined in MATLAB; spec takes one.
        guard index.filter(\.isAdvanced).count <= 1 else {
            throw TensorError.message("one index list or mask per indexing; to combine two, index twice: x[[0, 1]][:, [2, 3]]")
        }
        var axis = 0
        for entry in index {
            switch entry {
            case .position(let i):
                let n = shape[axis]
                mergedShape.append(n)
                maps.append([try Self.resolve(i, length: n, axis: axis)])
            case let .slice(start, stop, step):
                let picked = try Tensor.sliceIndices(count: shape[axis], start: start, stop: stop, step: step)
                append(shape[axis], picked)
            case .positions(let list):
                let n = shape[axis]
                append(n, try list.map { try Self.resolve($0, length: n, axis: axis) })
            case .mask(let mask):
                let spanned = Array(shape[axis..<(axis + mask.rank)])
                guard mask.rank > 0, mask.shape == spanned else {
                    let axes = mask.rank <= 1 ? "axis \(axis)" : "axes \(axis)…\(axis + mask.rank - 1)"
                    throw TensorError.message("a mask of shape \(mask.shape.shapeDescription) does not match \(axes) of shape \(spanned.shapeDescription)")
                }
                append(spanned.elementCount, mask.scalars.indices.filter { mask.scalars[$0] != 0 })
                axis += mask.rank - 1
            }
            axis += 1
        }
        for n in shape[axis...] { append(n, Array(0..<n)) }
    }

    private mutating func append(_ length: Int, _ map: [Int]) {
        mergedShape.append(length)
        maps.append(map)
        resultShape.append(map.count)
    }

    private static func resolve(_ i: Int, length n: Int, axis: Int) throws -> Int {
        let resolved = i < 0 ? i + n : i
        guard resolved >= 0, resolved < n else {
            throw TensorError.message("index \(i) is out of range for axis \(axis) of length \(n)")
        }
        return resolved
    }

    /// Marks every earlier occurrence of a repeated position as skipped (−1), so that a scatter writes each position
    /// once, from its last occurrence: a separable map skips the whole slab of the output it indexes.
    mutating func keepLastOfRepeats() {
        for k in maps.indices {
            var seen = Set<Int>()
            for j in maps[k].indices.reversed() where !seen.insert(maps[k][j]).inserted { maps[k][j] = -1 }
        }
    }
}
