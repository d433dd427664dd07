/// A sparse linear map along one axis: output index i along the axis is Σₜ weight·input[source] over its taps.
/// Resampling filters (bilinear taps, the blur, average pooling, and blurpool as their product) are such maps,
/// applied one axis at a time; reflection or clamping at the borders is folded into the source indices.
public struct AxisTaps: Sendable, Equatable {
    public struct Tap: Sendable, Equatable {
        public var source: Int
        public var weight: Float
    }
    /// Size of the axis before the map.
    public let inputCount: Int
    /// Taps of each output index.
    public let taps: [[Tap]]

    public init(inputCount: Int, taps: [[Tap]]) {
        self.inputCount = inputCount
        self.taps = taps
    }

    public var outputCount: Int { taps.count }

    /// The adjoint map (the transposed sparse matrix): output j of the adjoint gathers every tap that read j.
    public var transposed: AxisTaps {
        var t = [[Tap]](repeating: [], count: inputCount)
        for (i, row) in taps.enumerated() { for tap in row { t[tap.source].append(Tap(source: i, weight: tap.weight)) } }
        return AxisTaps(inputCount: outputCount, taps: t)
    }

    /// `self` applied after `first` (the matrix product self · first), so two filters run as one pass.
    public func after(_ first: AxisTaps) -> AxisTaps {
        let composed = taps.map { row -> [Tap] in
            var weights: [Int: Float] = [:]
            for outer in row { for inner in first.taps[outer.source] { weights[inner.source, default: 0] += outer.weight * inner.weight } }
            return weights.sorted { $0.key < $1.key }.map { Tap(source: $0.key, weight: $0.value) }
        }
        return AxisTaps(inputCount: first.inputCount, taps: composed)
    }
}

extension Tensor {
    /// Applies `map` along `axis`. Its gradient is the transposed map along the same axis.
    public func linearMap(axis: Int, _ map: AxisTaps, op: String) throws -> Tensor {
        let a = try self.axis(axis)
        guard shape[a] == map.inputCount else {
            throw TensorError.message("\(op): axis \(axis) has size \(shape[a]), the filter expects \(map.inputCount)")
        }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        let n = map.inputCount, m = map.outputCount
        var outShape = shape
        outShape[a] = m
        // The taps as flat arrays (compressed rows), so the inner loops touch no nested arrays.
        let starts = map.taps.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        let sources = map.taps.flatMap { $0.map(\.source) }, weights = map.taps.flatMap { $0.map(\.weight) }
        // Along the last axis, the interior of a resampling filter runs in vector lanes (the other axes vectorise
        // over the contiguous inner values below).
        let periodic = inner == 1 ? PeriodicTaps(map) : nil
        let general = periodic.map { p in (0..<m).filter { !p.outputs.contains($0) } } ?? Array(0..<m)
        // Every output value is written exactly once below (its first tap assigns), so no zero-fill pass.
        let out = [Float](unsafeUninitializedCapacity: outer * m * inner) { dst, initialized in
            initialized = dst.count
            guard !dst.isEmpty else { return }
            guard count > 0 else { dst.update(repeating: 0); return }
            scalars.withUnsafeBufferPointer { src in
                starts.withUnsafeBufferPointer { starts in
                    sources.withUnsafeBufferPointer { sources in
                        weights.withUnsafeBufferPointer { weights in
                            let src = src.baseAddress!, dst = dst.baseAddress!
                            let starts = starts.baseAddress!, sources = sources.baseAddress!, weights = weights.baseAddress!
                            Parallel.chunks(outer, parallel: outer * m * inner >= Parallel.minimumElements) { _, range in
                                for o in range {
                                    if inner == 1 {
                                        // The last axis: each output is a short dot product, summed in a register.
                                        let row = src + o &* n, d = dst + o &* m
                                        for i in general {
                                            var sum: Float = 0
                                            for t in starts[i]..<starts[i &+ 1] { sum += weights[t] * row[sources[t]] }
                                            d[i] = sum
                                        }
                                        periodic?.apply(row, d)
                                        continue
                                    }
                                    for i in 0..<m {
                                        let d = dst + (o &* m &+ i) &* inner
                                        guard starts[i] < starts[i &+ 1] else { d.update(repeating: 0, count: inner); continue }
                                        let first = src + (o &* n &+ sources[starts[i]]) &* inner, w0 = weights[starts[i]]
                                        for k in 0..<inner { d[k] = w0 * first[k] }
                                        for t in (starts[i] &+ 1)..<starts[i &+ 1] {
                                            let s = src + (o &* n &+ sources[t]) &* inner
                                            let w = weights[t]
                                            for k in 0..<inner { d[k] += w * s[k] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return .recorded(op: op, shape: outShape, scalars: out, input: self) { g in
            try g.linearMap(axis: a, map.transposed, op: op + "_adjoint")
        }
    }
}

/// The 1-D filters of the resampling layers.
extension AxisTaps {
    /// ×2 bilinear, align_corners false: each output is 0.75 of its nearest input and 0.25 of the next one on its
    /// side, clamped at the edges (PyTorch's half-pixel convention).
    public static func bilinearUpsample(_ n: Int) -> AxisTaps {
        AxisTaps(inputCount: n, taps: (0..<(2 * n)).map { o in
            let far = o % 2 == 0 ? Swift.max(o / 2 - 1, 0) : Swift.min(o / 2 + 1, n - 1)
            return [Tap(source: o / 2, weight: 0.75), Tap(source: far, weight: 0.25)]
        })
    }

    /// Mean of non-overlapping windows of k (trailing inputs that do not fill a window are dropped).
    public static func average(_ n: Int, window k: Int) -> AxisTaps {
        AxisTaps(inputCount: n, taps: (0..<(n / k)).map { o in (0..<k).map { Tap(source: o * k + $0, weight: 1 / Float(k)) } })
    }

    /// [1, 3, 1] / 5 with reflection at the borders (the 1-D factor of the blurpool filter); same size out.
    public static func blur(_ n: Int) -> AxisTaps {
        func reflect(_ i: Int) -> Int { n == 1 ? 0 : (i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i)) }
        return AxisTaps(inputCount: n, taps: (0..<n).map { i in
            [Tap(source: reflect(i - 1), weight: 0.2), Tap(source: i, weight: 0.6), Tap(source: reflect(i + 1), weight: 0.2)]
        })
    }
}
