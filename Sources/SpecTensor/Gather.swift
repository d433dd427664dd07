/// The gather primitive behind every op that only moves values: slicing, flipping, rolling, padding, tiling,
/// nearest and zero-insertion upsampling, strided subsampling, indexing.
///
/// It is separable: one index list per axis, so output position (i0, i1, …) reads input
/// (maps[0][i0], maps[1][i1], …), or 0 where any index is −1. Its adjoint scatters and adds with the same maps
/// (`scatterAxes`), and the adjoint of that is the gather again, so every such op is differentiable to any order.
/// Neither direction materialises a per-element index: an odometer walks the rows, and the last axis's map is
/// copied as runs of evenly stepped positions (`GatherRun`).
extension Tensor {
    func gatherAxes(_ maps: [[Int]], op: String) -> Tensor {
        let outShape = maps.map(\.count), count = outShape.elementCount
        // Every output value is written by the walk unless some index reads zero (−1): only then a zero fill.
        let readsZeros = maps.contains { $0.contains { $0 < 0 } }
        let out = [Float](unsafeUninitializedCapacity: count) { dst, initialized in
            initialized = count
            guard count > 0 else { return }
            if readsZeros { dst.update(repeating: 0) }
            scalars.withUnsafeBufferPointer { src in
                // An empty input is only read through zeros.
                guard let src = src.baseAddress, let dst = dst.baseAddress else { return }
                forEachMappedRow(maps, sourceShape: shape, splitAxes: maps.count - 1) { outRow, inBase, runs in
                    for run in runs {
                        let (d, s, dStep, sStep) = (dst + (outRow &+ run.output), src + (inBase &+ run.input), run.outputStep, run.step)
                        if dStep == 1, sStep == 1 {
                            d.update(from: s, count: run.count)
                        } else {
                            for k in 0..<run.count { d[k &* dStep] = s[k &* sStep] }
                        }
                    }
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
                guard let src = src.baseAddress, let dst = dst.baseAddress else { return }
                forEachMappedRow(maps, sourceShape: inputShape, splitAxes: injectivePrefix(maps)) { outRow, inBase, runs in
                    for run in runs {
                        let (d, s, dStep, sStep) = (dst + (inBase &+ run.input), src + (outRow &+ run.output), run.step, run.outputStep)
                        for k in 0..<run.count { d[k &* dStep] += s[k &* sStep] }
                    }
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

/// Output positions along the last axis that step evenly and read input offsets that step evenly: output
/// `output + k·outputStep` reads input `input + k·step` for k < count. A slice is one run, a stride-2 subsample one
/// run of step 2, zero insertion one run of output step 2 (the zeros between are left out), padding three (an edge,
/// the interior, an edge), so the copies run as loops over runs instead of one index per value.
struct GatherRun: Equatable {
    var output: Int, outputStep: Int, input: Int, step: Int, count: Int

    /// The runs of a last-axis map of input offsets (−1: zero, not read).
    static func runs(_ offsets: [Int]) -> [GatherRun] {
        var runs: [GatherRun] = []
        for (j, offset) in offsets.enumerated() where offset >= 0 {
            if var run = runs.last {
                if run.count == 1 { (run.outputStep, run.step) = (j - run.output, offset - run.input) }
                if run.output + run.count * run.outputStep == j, run.input + run.count * run.step == offset {
                    run.count += 1
                    runs[runs.count - 1] = run
                    continue
                }
            }
            runs.append(GatherRun(output: j, outputStep: 1, input: offset, step: 1, count: 1))
        }
        return runs
    }
}

/// Walks the rows of a gather's output (all axes but the last): `body(outRowOffset, inputRowOffset, runs)`, where
/// `runs` cover the last axis's map (its zeros left out). Rows whose other indices read zero are skipped (their
/// output stays 0). Large walks are split over the workers by the indices of the first `splitAxes` axes, whose
/// rows are contiguous: a gather may split by any row, a scatter only where different indices write different
/// input rows (`injectivePrefix`).
private func forEachMappedRow(_ maps: [[Int]], sourceShape: [Int], splitAxes: Int, _ body: (Int, Int, [GatherRun]) -> Void) {
    let rank = maps.count
    let outShape = maps.map(\.count)
    guard outShape.elementCount > 0 else { return }
    let strides = sourceShape.strides
    guard rank > 0 else { body(0, 0, [GatherRun(output: 0, outputStep: 1, input: 0, step: 1, count: 1)]); return }
    let lastStride = strides[rank - 1]
    let runs = GatherRun.runs(maps[rank - 1].map { $0 < 0 ? -1 : $0 * lastStride })
    let rowLength = outShape[rank - 1]
    let rows = outShape.elementCount / rowLength
    let blocks = outShape.prefix(splitAxes).reduce(1, *), rowsPerBlock = rows / blocks
    Parallel.chunks(blocks, parallel: outShape.elementCount >= Parallel.minimumElements) { chunk in
        let first = chunk.range.lowerBound * rowsPerBlock
        // The odometer at row `first`.
        var index = [Int](repeating: 0, count: rank - 1), rest = first
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            index[axis] = rest % outShape[axis]
            rest /= outShape[axis]
        }
        for row in first..<(chunk.range.upperBound * rowsPerBlock) {
            var base = 0, valid = true
            for k in 0..<(rank - 1) {
                let source = maps[k][index[k]]
                if source < 0 { valid = false; break }
                base &+= source &* strides[k]
            }
            if valid { body(row &* rowLength, base, runs) }
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

/// How many leading axes (before the last) map different indices to different sources (zeros aside), so that a
/// scatter's rows with different indices there add into different input rows.
private func injectivePrefix(_ maps: [[Int]]) -> Int {
    var axes = 0
    for map in maps.dropLast() {
        let sources = map.filter { $0 >= 0 }
        guard Set(sources).count == sources.count else { break }
        axes += 1
    }
    return axes
}
