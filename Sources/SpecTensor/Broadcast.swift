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
/// offsets of the two broadcast operands. One odometer walk serves every broadcasting kernel.
@inline(__always)
func forEachBroadcastRow(_ shape: [Int], _ sa: [Int], _ sb: [Int],
                         _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
    let rank = shape.count
    guard rank > 0 else { body(0, 0, 0, 1, 0, 0); return }
    let n = shape[rank - 1]
    let rows = shape.elementCount / max(n, 1)
    guard n > 0, rows > 0 else { return }
    var index = [Int](repeating: 0, count: rank - 1)
    var oa = 0, ob = 0
    for row in 0..<rows {
        body(row * n, oa, ob, n, sa[rank - 1], sb[rank - 1])
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            oa += sa[axis]; ob += sb[axis]
            if index[axis] < shape[axis] { break }
            oa -= sa[axis] * shape[axis]; ob -= sb[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
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
        var out = [Float](repeating: 0, count: target.elementCount)
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                forEachBroadcastRow(target, sa, sa) { o, a, _, n, step, _ in
                    for i in 0..<n { dst[o &+ i] = src[a &+ i &* step] }
                }
            }
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
