/// NumPy broadcasting: shapes are aligned at their last axes; an axis of size 1 stretches to the other's size.
public func broadcastShape(_ a: [Int], _ b: [Int], op: String = "broadcast") throws -> [Int] {
    let rank = max(a.count, b.count)
    var out = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        guard da == db || da == 1 || db == 1 else { throw TensorError.shapeMismatch(op: op, a, b) }
        out[i] = da == 1 ? db : da
    }
    try AllocationLimit.checkedCount(out, op: op)
    return out
}

/// Strides that read a tensor of shape `shape` as if it had the (broadcast) shape `target`: 0 on stretched axes.
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = shape.strides
    let offset = target.count - shape.count
    return (0..<target.count).map { i in
        i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
    }
}

/// Calls `body(outIndex, aOffset, bOffset, n, aStep, bStep)` for each run along the last axis of `shape`, with the
/// offsets of the two broadcast operands. One odometer walk serves every broadcasting kernel. Axes of size 1 are
/// dropped and neighbouring axes that both operands step through evenly are merged first, so runs are as long as
/// the layout allows: a (N, O, I, 3, 3) × (N, 1, I, 1, 1) product walks runs of 9, not 3, and a per-channel
/// factor on (N, C, H, W) runs of H·W.
@inline(__always)
func forEachBroadcastRow(_ shape: [Int], _ sa: [Int], _ sb: [Int],
                         _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
    guard shape.elementCount > 0 else { return }
    var sizes: [Int] = [], strideA: [Int] = [], strideB: [Int] = []
    for i in shape.indices where shape[i] != 1 {
        if let last = sizes.indices.last, strideA[last] == sa[i] &* shape[i], strideB[last] == sb[i] &* shape[i] {
            sizes[last] &*= shape[i]; strideA[last] = sa[i]; strideB[last] = sb[i]
        } else {
            sizes.append(shape[i]); strideA.append(sa[i]); strideB.append(sb[i])
        }
    }
    let rank = sizes.count
    guard rank > 0 else { body(0, 0, 0, 1, 0, 0); return }
    let n = sizes[rank - 1], rows = shape.elementCount / n
    var index = [Int](repeating: 0, count: rank - 1)
    var oa = 0, ob = 0
    for row in 0..<rows {
        body(row &* n, oa, ob, n, strideA[rank - 1], strideB[rank - 1])
        var axis = rank - 2
        while axis >= 0 {
            index[axis] &+= 1
            oa &+= strideA[axis]; ob &+= strideB[axis]
            if index[axis] < sizes[axis] { break }
            oa &-= strideA[axis] &* sizes[axis]; ob &-= strideB[axis] &* sizes[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

/// Copies `n` values read `step` apart (0: one value repeated) to consecutive places; the unit and zero steps get
/// loops of their own, which the compiler vectorises.
@inline(__always)
func copyRun(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int, _ step: Int) {
    switch step {
    case 1: dst.update(from: src, count: n)
    case 0: dst.update(repeating: src[0], count: n)
    default: for i in 0..<n { dst[i] = src[i &* step] }
    }
}

extension Tensor {
    /// Materialises this tensor broadcast to `target` (PyTorch's `expand`, copied). Its gradient sums back.
    public func expand(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        guard try broadcastShape(shape, target, op: "expand") == target else {
            throw TensorError.shapeMismatch(op: "expand", shape, target)
        }
        let sa = broadcastStrides(shape, to: target)
        // Every element is written once by the walk.
        let out = [Float](unsafeUninitializedCapacity: target.elementCount) { dst, written in
            scalars.withUnsafeBufferPointer { src in
                forEachBroadcastRow(target, sa, sa) { o, a, _, n, step, _ in
                    copyRun(dst.baseAddress! + o, src.baseAddress! + a, n, step)
                }
            }
            written = target.elementCount
        }
        let inputShape = shape
        return .recorded(op: "expand", shape: target, scalars: out, input: self) { g in
            try g.sum(to: inputShape)
        }
    }

    /// Sums over the axes that broadcasting stretched, giving a tensor of `target` shape (the adjoint of `expand`).
    public func sum(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let offset = rank - target.count
        guard offset >= 0 else { throw TensorError.shapeMismatch(op: "sum_to", shape, target) }
        var axes = Array(0..<offset)
        for i in 0..<target.count where target[i] == 1 && shape[offset + i] != 1 { axes.append(offset + i) }
        return try sum(axes: axes, keepDims: true).reshaped(target)
    }
}
