/// The index-gather primitive behind every op that only moves values: slicing, flipping, rolling, padding,
/// tiling, nearest and zero-insertion upsampling, strided subsampling. `out[i] = in[map[i]]`, or 0 where
/// `map[i] < 0`. Its adjoint scatters and adds (`scatterAdd`), and the adjoint of that is the gather again, so
/// every such op is differentiable to any order.
extension Tensor {
    func gather(_ map: [Int32], shape outShape: [Int], op: String) -> Tensor {
        var out = [Float](repeating: 0, count: map.count)
        scalars.withUnsafeBufferPointer { src in
            map.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<m.count where m[i] >= 0 { dst[i] = src[Int(m[i])] }
                }
            }
        }
        let inputShape = shape
        return .recorded(op: op, shape: outShape, scalars: out, inputs: [self]) { g in
            [g.scatterAdd(map, shape: inputShape, op: op)]
        }
    }

    /// `out[map[i]] += in[i]` for `map[i] >= 0`: the adjoint of `gather`.
    func scatterAdd(_ map: [Int32], shape outShape: [Int], op: String) -> Tensor {
        var out = [Float](repeating: 0, count: outShape.elementCount)
        scalars.withUnsafeBufferPointer { src in
            map.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<m.count where m[i] >= 0 { dst[Int(m[i])] += src[i] }
                }
            }
        }
        let inputShape = shape
        return .recorded(op: op + "_adjoint", shape: outShape, scalars: out, inputs: [self]) { g in
            [g.gather(map, shape: inputShape, op: op)]
        }
    }

    /// Gathers with one index list per axis: output position (i0, i1, …) reads input (maps[0][i0], maps[1][i1], …);
    /// an index of −1 on any axis reads zero. Every value-moving op that acts on axes independently is one call.
    func gatherAxes(_ maps: [[Int]], op: String) -> Tensor {
        let outShape = maps.map(\.count)
        let inStrides = shape.strides
        var flat = [Int32](repeating: 0, count: outShape.elementCount)
        guard !flat.isEmpty else { return gather([], shape: outShape, op: op) }
        // Odometer over the output; `offsets[k]` is the input offset contributed by axes 0..<k (−1 once invalid).
        var index = [Int](repeating: 0, count: rank)
        var offsets = [Int](repeating: 0, count: rank + 1)
        func refresh(from axis: Int) {
            for k in axis..<rank {
                let source = maps[k][index[k]]
                offsets[k + 1] = offsets[k] < 0 || source < 0 ? -1 : offsets[k] + source * inStrides[k]
            }
        }
        refresh(from: 0)
        let last = rank - 1
        var i = 0
        while true {
            if rank == 0 { flat[0] = 0; break }
            let row = maps[last], base = offsets[last]
            for j in 0..<row.count {
                flat[i] = base < 0 || row[j] < 0 ? -1 : Int32(base + row[j] * inStrides[last])
                i += 1
            }
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < outShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { break }
            refresh(from: axis)
        }
        return gather(flat, shape: outShape, op: op)
    }

    /// Identity maps for every axis, to be edited for the axes an op changes.
    func identityMaps() -> [[Int]] { shape.map { Array(0..<$0) } }
}
