/// Reductions over any set of axes, accumulated in float64 so that large sums keep float32 precision.
extension Tensor {
    /// Splits the shape around `axis` into (outer, n, inner) for a single-axis reduction.
    private func split(at axis: Int) -> (outer: Int, n: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Reduces one axis with `R.combine` over float64, keeping it as size 1. Generic rather than a closure, so the
    /// loops are compiled for each reduction (a closure called through the nested buffer scopes was not inlined:
    /// a call per value, three times slower).
    private func reduceAxis<R: Reduction>(_ axis: Int, _: R.Type) -> Tensor {
        let (outer, n, inner) = split(at: axis)
        let out = [Float](unsafeUninitializedCapacity: outer * inner) { out, initialized in
            initialized = outer * inner
            guard let dst = out.baseAddress else { return }
            scalars.withUnsafeBufferPointer { src in
                guard let src = src.baseAddress, n > 0 else { dst.update(repeating: Float(R.initial), count: outer * inner); return }
                if inner == 1 {
                    // Contiguous runs: four accumulators in registers, so the additions overlap instead of waiting
                    // on each other.
                    for o in 0..<outer {
                        let run = src + o &* n
                        var (a0, a1, a2, a3) = (R.initial, R.initial, R.initial, R.initial)
                        var k = 0
                        while k &+ 4 <= n {
                            a0 = R.combine(a0, Double(run[k])); a1 = R.combine(a1, Double(run[k &+ 1]))
                            a2 = R.combine(a2, Double(run[k &+ 2])); a3 = R.combine(a3, Double(run[k &+ 3]))
                            k &+= 4
                        }
                        while k < n { a0 = R.combine(a0, Double(run[k])); k &+= 1 }
                        dst[o] = Float(R.combine(R.combine(a0, a1), R.combine(a2, a3)))
                    }
                    return
                }
                withUnsafeTemporaryAllocation(of: Double.self, capacity: inner) { acc in
                    let acc = acc.baseAddress!
                    for o in 0..<outer {
                        acc.update(repeating: R.initial, count: inner)
                        for k in 0..<n {
                            let row = src + (o &* n &+ k) &* inner
                            for i in 0..<inner { acc[i] = R.combine(acc[i], Double(row[i])) }
                        }
                        for i in 0..<inner { dst[o &* inner &+ i] = Float(acc[i]) }
                    }
                }
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

    /// Neighbouring axes that are both reduced (or both kept) are merged first, and the innermost is reduced
    /// first: a bias gradient's sum over (N, H, W) of (N, C, H, W) is one contiguous pass over runs of H·W, then a
    /// small one over N, where reducing N first went through a float64 accumulator of C·H·W values.
    private func reduceValues<R: Reduction>(_ axes: [Int], _ reduction: R.Type) -> Tensor {
        var merged: [Int] = [], reduced: [Bool] = []
        for (a, size) in shape.enumerated() {
            let r = axes.contains(a)
            if let last = reduced.last, last == r { merged[merged.count - 1] *= size } else { merged.append(size); reduced.append(r) }
        }
        var t = Tensor(uncheckedShape: merged, scalars: scalars)
        for a in merged.indices.reversed() where reduced[a] { t = t.reduceAxis(a, reduction) }
        return Tensor(uncheckedShape: reducedShape(axes, keepDims: true), scalars: t.scalars)
    }

    public func sum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let axes = try resolvedAxes(axes)
        let kept = reducedShape(axes, keepDims: true)
        // An empty tensor's sum is zeros of the kept shape, which can be huge: (0, 2^32, 2^32) summed over axis 0.
        if count == 0 { try AllocationLimit.checkedCount(kept, op: "sum") }
        let values = count == 0 ? [Float](repeating: 0, count: kept.elementCount) : reduceValues(axes, SumReduction.self).scalars
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
        try extremum(axes: axes, keepDims: keepDims, MaxReduction.self, op: "max")
    }

    public func min(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axes: axes, keepDims: keepDims, MinReduction.self, op: "min")
    }

    private func extremum<R: Reduction>(axes: [Int]?, keepDims: Bool, _ reduction: R.Type, op: String) throws -> Tensor {
        guard count > 0 else { throw TensorError.message("\(op) of an empty tensor") }
        let axes = try resolvedAxes(axes)
        let kept = reduceValues(axes, reduction)
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

/// A reduction's identity and its combining step, as types so the reduction loops specialise for each.
protocol Reduction {
    static var initial: Double { get }
    static func combine(_ a: Double, _ b: Double) -> Double
}

enum SumReduction: Reduction {
    static var initial: Double { 0 }
    @inline(__always) static func combine(_ a: Double, _ b: Double) -> Double { a + b }
}

enum MaxReduction: Reduction {
    static var initial: Double { -.infinity }
    @inline(__always) static func combine(_ a: Double, _ b: Double) -> Double { Swift.max(a, b) }
}

enum MinReduction: Reduction {
    static var initial: Double { .infinity }
    @inline(__always) static func combine(_ a: Double, _ b: Double) -> Double { Swift.min(a, b) }
}
