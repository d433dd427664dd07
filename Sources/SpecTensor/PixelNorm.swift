/// PGGAN's pixel norm as one op: y = x · r with r = 1 / sqrt(mean over axis 1 of x² + ε), for each sample and
/// position (every axis after the first two).
///
/// Composed from elementwise ops it took about twelve passes over the tensor forward and backward, four of them
/// divisions, all on the calling thread: 6.8–8.2 ms for 10 × 32 × 64 × 64 values (1.2–2.8 ms now), and a generator
/// testbed step on one thread 8 % slower. Here the forward is two passes and the backward two, split over the
/// workers by samples (or by positions, for one image). The backward is
/// dx = r · (g − y · mean over axis 1 of g·y); when it has to be differentiable itself (a second-order gradient),
/// it is written with differentiable ops instead.
extension Tensor {
    public func pixelNorm(epsilon: Float = 1e-8) throws -> Tensor {
        guard rank >= 2 else { throw TensorError.message("pixel norm needs a tensor with a channel axis, got \(shape.shapeDescription)") }
        let layout = PixelNormLayout(shape)
        var factors = [Float](repeating: 0, count: layout.samples * layout.positions)
        let values = [Float](unsafeUninitializedCapacity: count) { out, n in
            n = count
            guard count > 0 else { return }
            scalars.withUnsafeBufferPointer { px in
                factors.withUnsafeMutableBufferPointer { pr in
                    let (px, po, pr) = (px.baseAddress!, out.baseAddress!, pr.baseAddress!)
                    let plane = layout.plane
                    layout.forEachBlock(parallel: count >= Parallel.minimumElements) { s, range in
                        layout.forward(px + s * plane, po + s * plane, factors: pr + s * layout.positions, epsilon: epsilon, positions: range)
                    }
                }
            }
        }
        guard GradMode.isEnabled, node != nil else { return Tensor(uncheckedShape: shape, scalars: values) }
        let x = self, y = Tensor(uncheckedShape: shape, scalars: values)
        return .recorded(op: "pixel_norm", shape: shape, scalars: values, input: self) { g in
            if GradMode.isEnabled {
                let root = try (x.square().mean(axes: [1], keepDims: true) + epsilon).sqrt()
                let normalised = try x / root
                return try (g - normalised * (g * normalised).mean(axes: [1], keepDims: true)) / root
            }
            return layout.backward(g, y: y, factors: factors)
        }
    }
}

/// Shape (samples, channels, positions) of a pixel norm's input and its kernels. Each loop runs over positions
/// innermost, contiguous in memory, so it vectorises.
struct PixelNormLayout {
    let samples: Int, channels: Int, positions: Int

    init(_ shape: [Int]) {
        samples = shape[0]
        channels = shape[1]
        positions = Array(shape.dropFirst(2)).elementCount
    }

    /// Values per sample.
    var plane: Int { channels * positions }

    /// Calls `body(sample, positions)` for every sample, spread over the workers; for blocks of its positions
    /// when there are fewer samples than workers (a batch of one image).
    func forEachBlock(parallel: Bool, _ body: (_ sample: Int, _ positions: Range<Int>) -> Void) {
        Parallel.chunks(items: samples, partsOf: positions, parallel: parallel) { _, s, range in body(s, range) }
    }

    /// Positions `range` of one sample: r = 1 / sqrt(mean of x² + ε) per position into `factors`, then y = x · r.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, factors r: UnsafeMutablePointer<Float>, epsilon: Float,
                 positions range: Range<Int>) {
        let (c, p) = (channels, positions)
        for k in 0..<c {
            let row = x + k &* p
            for i in range { r[i] += row[i] * row[i] }
        }
        let scale = 1 / Float(c)
        for i in range { r[i] = 1 / (r[i] * scale + epsilon).squareRoot() }
        for k in 0..<c {
            let row = x + k &* p, out = y + k &* p
            for i in range { out[i] = row[i] * r[i] }
        }
    }

    /// dx = r · (g − y · mean over channels of g·y), without a graph.
    func backward(_ g: Tensor, y: Tensor, factors: [Float]) -> Tensor {
        let count = g.count, plane = self.plane, (c, p) = (channels, positions)
        let values = [Float](unsafeUninitializedCapacity: count) { out, n in
            n = count
            guard count > 0 else { return }
            var means = [Float](repeating: 0, count: samples * positions)
            g.scalars.withUnsafeBufferPointer { pg in
                y.scalars.withUnsafeBufferPointer { py in
                    factors.withUnsafeBufferPointer { pr in
                        means.withUnsafeMutableBufferPointer { pm in
                            let (pg, py, pr, pm, po) = (pg.baseAddress!, py.baseAddress!, pr.baseAddress!, pm.baseAddress!, out.baseAddress!)
                            let scale = 1 / Float(c)
                            forEachBlock(parallel: count >= Parallel.minimumElements) { s, range in
                                let (g, y, r, m, dx) = (pg + s &* plane, py + s &* plane, pr + s &* p, pm + s &* p, po + s &* plane)
                                for k in 0..<c {
                                    let gk = g + k &* p, yk = y + k &* p
                                    for i in range { m[i] += gk[i] * yk[i] }
                                }
                                for i in range { m[i] *= scale }
                                for k in 0..<c {
                                    let gk = g + k &* p, yk = y + k &* p, dk = dx + k &* p
                                    for i in range { dk[i] = r[i] * (gk[i] - yk[i] * m[i]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: g.shape, scalars: values)
    }
}
