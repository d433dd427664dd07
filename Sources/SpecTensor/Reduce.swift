/// Reductions over any set of axes, accumulated in float64 so that large sums keep float32 precision.
extension Tensor {
    /// Splits the shape around `axis` into (outer, n, inner) for a single-axis reduction.
    private func split(at axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Reduces one axis with `combine` over float64, keeping it as size 1.
    @inline(__always)
    private func reduceAxis(_ axis: Int, initial: Double, _ combine: (Double, Double) -> Double) -> Tensor {
        let (outer, n, inner) = split(at: axis)
        var out = [Float](repeating: 0, count: outer * inner)
        var acc = [Double](repeating: initial, count: inner)
        scalars.withUnsafeBufferPointer { src in
            if inner == 1 {  // contiguous runs: one accumulator in a register
                for o in 0..<outer {
                    var a = initial
                    let base = o &* n
                    for k in 0..<n { a = combine(a, Double(src[base &+ k])) }
                    out[o] = Float(a)
                }
                return
            }
            for o in 0..<outer {
                for i in 0..<inner { acc[i] = initial }
                for k in 0..<n {
                    let base = (o &* n &+ k) &* inner
                    for i in 0..<inner { acc[i] = combine(acc[i], Double(src[base &+ i])) }
                }
                for i in 0..<inner { out[o &* inner &+ i] = Float(acc[i]) }
            }
        }
        var newShape = shape
        newShape[axis] = 1
        return Tensor(uncheckedShape: newShape, scalars: out)
    }

    /// Normalises an axis list: nil means all axes; negative axes count from the end; duplicates are errors.
    func resolvedAxes(_ axes: [Int]?) throws -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let resolved = try axes.map { try axis($0) }
        guard Set(resolved).count == resolved.count else { throw TensorError.message("repeated axis in \(axes)") }
        return resolved.sorted()
    }

    private func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
        keepDims ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
                 : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    }

    @inline(__always)
    private func reduceValues(_ axes: [Int], initial: Double, _ combine: (Double, Double) -> Double) -> Tensor {
        var t = detached()
        for a in axes { t = t.reduceAxis(a, initial: initial, combine) }
        return t
    }

    public func sum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let axes = try resolvedAxes(axes)
        let kept = reducedShape(axes, keepDims: true)
        // An empty tensor's sum is zeros of the kept shape, which can be huge: (0, 2^32, 2^32) summed over axis 0.
        if count == 0 { try AllocationLimit.checkedCount(kept, op: "sum") }
        let values = count == 0 ? [Float](repeating: 0, count: kept.elementCount) : reduceValues(axes, initial: 0, +).scalars
        let inputShape = shape
        return .recorded(op: "sum", shape: reducedShape(axes, keepDims: keepDims), scalars: values, input: self) { g in
            try g.reshaped(kept).expand(to: inputShape)
        }
    }

    public func mean(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let axes = try resolvedAxes(axes)
        let n = axes.reduce(1) { $0 * shape[$1] }
        return try sum(axes: axes, keepDims: keepDims) * (1 / Float(n))
    }

    /// Variance over `axes`, unbiased (divided by n − 1) unless `unbiased` is false.
    public func variance(axes: [Int]? = nil, unbiased: Bool = true, keepDims: Bool = false) throws -> Tensor {
        let axes = try resolvedAxes(axes)
        let n = axes.reduce(1) { $0 * shape[$1] }
        let centred = try self - mean(axes: axes, keepDims: true)
        return try centred.square().sum(axes: axes, keepDims: keepDims) * (1 / Float(Swift.max(unbiased ? n - 1 : n, 1)))
    }

    public func std(axes: [Int]? = nil, unbiased: Bool = true, keepDims: Bool = false) throws -> Tensor {
        try variance(axes: axes, unbiased: unbiased, keepDims: keepDims).sqrt()
    }

    /// Largest value over `axes`; the gradient is shared equally among the positions that attain it.
    public func max(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axes: axes, keepDims: keepDims, initial: -.infinity, op: "max") { Swift.max($0, $1) }
    }

    public func min(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axes: axes, keepDims: keepDims, initial: .infinity, op: "min") { Swift.min($0, $1) }
    }

    private func extremum(axes: [Int]?, keepDims: Bool, initial: Double, op: String,
                          _ combine: @escaping (Double, Double) -> Double) throws -> Tensor {
        guard count > 0 else { throw TensorError.message("\(op) of an empty tensor") }
        let axes = try resolvedAxes(axes)
        let kept = reduceValues(axes, initial: initial, combine)
        let x = self, inputShape = shape
        return .recorded(op: op, shape: reducedShape(axes, keepDims: keepDims), scalars: kept.scalars, input: self) { g in
            let mask = try x.detached().compare(kept, .eq)
            let share = try mask / mask.sum(axes: axes, keepDims: true)
            return try g.reshaped(kept.shape).expand(to: inputShape) * share
        }
    }

    /// Index of the largest value along `axis` (first one on ties), as float values; no gradient.
    public func argmax(axis: Int) throws -> Tensor {
        let a = try self.axis(axis)
        let (outer, n, inner) = split(at: a)
        guard n > 0 else { throw TensorError.message("argmax over an empty axis") }
        var out = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = 0
                for k in 1..<n where scalars[(o * n + k) * inner + i] > scalars[(o * n + best) * inner + i] { best = k }
                out[o * inner + i] = Float(best)
            }
        }
        var newShape = shape
        newShape.remove(at: a)
        return Tensor(uncheckedShape: newShape, scalars: out)
    }
}
