/// A sparse linear map along one axis: output index i along the axis is Σₜ weight·input[source] over its taps.
/// Resampling filters (bilinear taps, the blur, average pooling, and blurpool as their product) are such maps,
/// one for the rows and one for the columns (`linearMap(rows:columns:op:)`); reflection or clamping at the borders
/// is folded into the source indices.
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

/// Compressed rows of a map's taps: output i sums `weights[t] · input[sources[t]]` for t in starts[i]..<starts[i+1].
/// Flat arrays, so the kernels' inner loops touch no nested arrays.
struct FlatTaps {
    let starts: [Int], sources: [Int], weights: [Float]

    init(_ map: AxisTaps) {
        starts = map.taps.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        // One unused tap at the end, so that even a map without taps has buffers to point at.
        sources = map.taps.flatMap { $0.map(\.source) } + [0]
        weights = map.taps.flatMap { $0.map(\.weight) } + [0]
    }

    func withPointers<R>(_ body: (UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Float>) -> R) -> R {
        starts.withUnsafeBufferPointer { starts in
            sources.withUnsafeBufferPointer { sources in
                weights.withUnsafeBufferPointer { weights in body(starts.baseAddress!, sources.baseAddress!, weights.baseAddress!) }
            }
        }
    }
}

extension Tensor {
    /// Applies `rows` along the second-to-last axis and `columns` along the last (a separable 2-D filter, e.g. the
    /// resampling layers on (N, C, H, W)). Its gradient is the transposed pair.
    ///
    /// One pass per image, through a buffer of one image or one row: the column map (a gather along each row, the
    /// dearer step) runs on whichever side has fewer rows, the input's when the row map upsamples, the output's
    /// otherwise; the row map combines whole rows, vectorised along them. Two 1-D passes instead wrote and read
    /// back an intermediate tensor as large as the bigger of input and output.
    public func linearMap(rows: AxisTaps, columns: AxisTaps, op: String) throws -> Tensor {
        guard rank >= 2 else { throw TensorError.message("\(op) needs a tensor of rank 2 or more, got \(shape.shapeDescription)") }
        let (h, w) = (shape[rank - 2], shape[rank - 1])
        guard h == rows.inputCount, w == columns.inputCount else {
            throw TensorError.message("\(op): the last two axes have sizes \(h) and \(w), the filter expects \(rows.inputCount) and \(columns.inputCount)")
        }
        let planes = shape.dropLast(2).reduce(1, *), (m, mw) = (rows.outputCount, columns.outputCount)
        let outShape = Array(shape.dropLast(2)) + [m, mw]
        let rowTaps = FlatTaps(rows), columnTaps = FlatTaps(columns)
        // The interior of the column map runs in vector lanes; the other outputs take the general loop.
        let periodic = PeriodicTaps(columns)
        let general = periodic.map { p in (0..<mw).filter { !p.outputs.contains($0) } } ?? Array(0..<mw)
        let columnsFirst = h < m
        // Every output value is written exactly once below, so no zero-fill pass.
        let out = [Float](unsafeUninitializedCapacity: planes * m * mw) { dst, initialized in
            initialized = dst.count
            guard !dst.isEmpty else { return }
            guard count > 0 else { dst.update(repeating: 0); return }
            scalars.withUnsafeBufferPointer { src in
                rowTaps.withPointers { rowStarts, rowSources, rowWeights in
                    columnTaps.withPointers { starts, sources, weights in
                        let src = src.baseAddress!, dst = dst.baseAddress!
                        /// Output row i of the row map: the combination of rows `width` apart from `image`, eight
                        /// values at a time summed over the taps in registers (a pass over the output row per tap
                        /// read and wrote it again for each), in the same order as one value at a time.
                        func combineRows(_ i: Int, of image: UnsafePointer<Float>, width: Int, into d: UnsafeMutablePointer<Float>) {
                            let (first, past) = (rowStarts[i], rowStarts[i &+ 1])
                            guard first < past else { d.update(repeating: 0, count: width); return }
                            func source(_ t: Int) -> UnsafePointer<Float> { image + rowSources[t] &* width }
                            var k = 0
                            while k &+ 8 <= width {
                                var sum = rowWeights[first] * UnsafeRawPointer(source(first) + k).loadUnaligned(as: SIMD8<Float>.self)
                                var t = first &+ 1
                                while t < past {
                                    sum += rowWeights[t] * UnsafeRawPointer(source(t) + k).loadUnaligned(as: SIMD8<Float>.self)
                                    t &+= 1
                                }
                                UnsafeMutableRawPointer(d + k).storeBytes(of: sum, as: SIMD8<Float>.self)
                                k &+= 8
                            }
                            while k < width {
                                var sum = rowWeights[first] * source(first)[k]
                                var t = first &+ 1
                                while t < past {
                                    sum += rowWeights[t] * source(t)[k]
                                    t &+= 1
                                }
                                d[k] = sum
                                k &+= 1
                            }
                        }
                        /// The column map of one row: each output a short dot product, summed in a register.
                        func mapColumns(_ row: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>) {
                            for j in general {
                                var sum: Float = 0
                                for t in starts[j]..<starts[j &+ 1] { sum += weights[t] * row[sources[t]] }
                                d[j] = sum
                            }
                            periodic?.apply(row, count: w, d)
                        }
                        Parallel.chunks(planes, parallel: planes * m * mw >= Parallel.minimumElements) { chunk in
                            withUnsafeTemporaryAllocation(of: Float.self, capacity: columnsFirst ? h * mw : w) { buffer in
                                let buffer = buffer.baseAddress!
                                for plane in chunk.range {
                                    let image = src + plane &* h &* w, result = dst + plane &* m &* mw
                                    if columnsFirst {
                                        for r in 0..<h { mapColumns(image + r &* w, into: buffer + r &* mw) }
                                        for i in 0..<m { combineRows(i, of: buffer, width: mw, into: result + i &* mw) }
                                    } else {
                                        for i in 0..<m {
                                            combineRows(i, of: image, width: w, into: buffer)
                                            mapColumns(buffer, into: result + i &* mw)
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
            try g.linearMap(rows: rows.transposed, columns: columns.transposed, op: op + "_adjoint")
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
