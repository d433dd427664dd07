import SpecTensor

/// A fixed sparse linear map from vectors of `inputSize` to vectors of `outputSize`, applied to the last axis of
/// a tensor: `out[j] = Σ weight · in[i]` over its entries (j, i, weight), accumulated in float64.
///
/// Applying it is differentiable: the backward rule applies the transposed map, whose own backward applies this
/// map again, so gradients of any order exist. The bin average of the reduced spectrum is one such map.
struct SparseLinearMap: Sendable {
    let inputSize: Int
    let outputSize: Int
    let outputIndices: [Int32]
    let inputIndices: [Int32]
    let weights: [Double]

    var transposed: SparseLinearMap {
        SparseLinearMap(inputSize: outputSize, outputSize: inputSize,
                        outputIndices: inputIndices, inputIndices: outputIndices, weights: weights)
    }
}

extension Tensor {
    /// Applies `map` to every vector along the last axis.
    func applying(_ map: SparseLinearMap, op: String) throws -> Tensor {
        guard rank >= 1, shape[rank - 1] == map.inputSize else {
            throw TensorError.message("\(op): expected a last axis of \(map.inputSize), got shape \(shape.shapeDescription)")
        }
        let rows = count / Swift.max(map.inputSize, 1)
        var values = [Float](repeating: 0, count: rows * map.outputSize)
        scalars.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                map.outputIndices.withUnsafeBufferPointer { outIndex in
                    map.inputIndices.withUnsafeBufferPointer { inIndex in
                        map.weights.withUnsafeBufferPointer { weight in
                            var sums = [Double](repeating: 0, count: map.outputSize)
                            for row in 0..<rows {
                                for j in 0..<sums.count { sums[j] = 0 }
                                let inBase = row &* map.inputSize
                                for e in 0..<weight.count {
                                    sums[Int(outIndex[e])] += weight[e] * Double(src[inBase &+ Int(inIndex[e])])
                                }
                                let outBase = row &* map.outputSize
                                for j in 0..<sums.count { dst[outBase &+ j] = Float(sums[j]) }
                            }
                        }
                    }
                }
            }
        }
        let outShape = Array(shape.dropLast()) + [map.outputSize]
        return .recorded(op: op, shape: outShape, scalars: values, input: self) { g in
            try g.applying(map.transposed, op: op + "_adjoint")
        }
    }
}
