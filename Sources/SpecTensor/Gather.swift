/// The gather primitive behind every op that only moves values: slicing, flipping, rolling, padding, tiling,
/// nearest and zero-insertion upsampling, strided subsampling, bilinear taps.
///
/// It is separable: one index list per axis, so output position (i0, i1, …) reads input
/// (maps[0][i0], maps[1][i1], …), or 0 where any index is −1. Its adjoint scatters and adds with the same maps
/// (`scatterAxes`), and the adjoint of that is the gather again, so every such op is differentiable to any order.
/// Neither direction materialises a per-element index: an odometer walks the rows, and the last axis's map is
/// applied in a tight loop.
extension Tensor {
    func gatherAxes(_ maps: [[Int]], op: String) -> Tensor {
        let outShape = maps.map(\.count)
        var out = [Float](repeating: 0, count: outShape.elementCount)
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                forEachMappedRow(maps, sourceShape: shape) { outRow, inBase, last in
                    for j in 0..<last.count where last[j] >= 0 { dst[outRow &+ j] = src[inBase &+ last[j]] }
                }
            }
        }
        let inputShape = shape
        return .recorded(op: op, shape: outShape, scalars: out, input: self) { g in
            g.scatterAxes(maps, shape: inputShape, op: op)
        }
    }

    /// The adjoint of `gatherAxes`: adds each value of this tensor (shaped like the gather's output) into the input
    /// position it was read from.
    func scatterAxes(_ maps: [[Int]], shape inputShape: [Int], op: String) -> Tensor {
        var out = [Float](repeating: 0, count: inputShape.elementCount)
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                forEachMappedRow(maps, sourceShape: inputShape) { outRow, inBase, last in
                    for j in 0..<last.count where last[j] >= 0 { dst[inBase &+ last[j]] += src[outRow &+ j] }
                }
            }
        }
        return .recorded(op: op + "_adjoint", shape: inputShape, scalars: out, input: self) { g in
            g.gatherAxes(maps, op: op)
        }
    }

    /// Identity maps for every axis, to be edited for the axes an op changes.
    func identityMaps() -> [[Int]] { shape.map { Array(0..<$0) } }
}

/// Walks the rows of a gather's output (all axes but the last): `body(outRowOffset, inputRowOffset, lastMap)`,
/// where `lastMap` holds input offsets along the last axis (−1 for zeros). Rows whose other indices read zero
/// are skipped (their output stays 0).
private func forEachMappedRow(_ maps: [[Int]], sourceShape: [Int], _ body: (Int, Int, UnsafeBufferPointer<Int>) -> Void) {
    let rank = maps.count
    let outShape = maps.map(\.count)
    guard outShape.elementCount > 0 else { return }
    let strides = sourceShape.strides
    guard rank > 0 else { [0].withUnsafeBufferPointer { body(0, 0, $0) }; return }
    let lastStride = strides[rank - 1]
    let last = maps[rank - 1].map { $0 < 0 ? -1 : $0 * lastStride }
    let rowLength = outShape[rank - 1]
    let rows = outShape.elementCount / rowLength
    var index = [Int](repeating: 0, count: rank - 1)
    last.withUnsafeBufferPointer { lastMap in
        for row in 0..<rows {
            var base = 0, valid = true
            for k in 0..<(rank - 1) {
                let source = maps[k][index[k]]
                if source < 0 { valid = false; break }
                base &+= source &* strides[k]
            }
            if valid { body(row &* rowLength, base, lastMap) }
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < outShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
