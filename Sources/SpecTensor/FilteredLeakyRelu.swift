/// StyleGAN3's filtered leaky ReLU as one op: add a per-channel bias, upsample with FIR axis maps, leaky ReLU
/// times a gain, clamp, downsample with FIR axis maps. The upsampled tensor, the largest of the layer (up to 4×
/// the input per axis), lives only inside the op: the backward pass recomputes the activation's slopes from the
/// input instead of keeping it, so a StyleGAN3 iteration holds one tensor per layer where the composition held
/// four. The gradient is the adjoint chain (transposed maps, the slopes as constants), itself differentiable.
public struct FilteredLeakyReluMaps: Sendable {
    public var upRows: AxisTaps, upCols: AxisTaps, downRows: AxisTaps, downCols: AxisTaps
    public var slope: Float, gain: Float, clamp: Float?

    public init(upRows: AxisTaps, upCols: AxisTaps, downRows: AxisTaps, downCols: AxisTaps, slope: Float, gain: Float, clamp: Float?) {
        (self.upRows, self.upCols, self.downRows, self.downCols) = (upRows, upCols, downRows, downCols)
        (self.slope, self.gain, self.clamp) = (slope, gain, clamp)
    }
}

extension Tensor {
    /// `maps` applied to x (N, C, H, W) with `bias` (C).
    public func filteredLeakyRelu(bias: Tensor, _ maps: FilteredLeakyReluMaps) throws -> Tensor {
        guard rank == 4, bias.shape == [shape[1]] else {
            throw TensorError.message("filtered lrelu needs (N, C, H, W) and a bias of C values, got \(shape.shapeDescription) and \(bias.shape.shapeDescription)")
        }
        let x = self
        // The upsampled pre-activation, without a graph.
        func upsampled() throws -> Tensor {
            try withoutGrad {
                try (x.detached() + bias.detached().reshaped([1, -1, 1, 1])).linearMap(rows: maps.upRows, columns: maps.upCols, op: "flrelu_up")
            }
        }
        let m = maps
        let out = try withoutGrad { () throws -> Tensor in
            var u = try upsampled()
            u.scalars = u.mapScalars { v in
                let a = (v > 0 ? v : v * m.slope) * m.gain
                guard let c = m.clamp else { return a }
                return Swift.min(Swift.max(a, -c), c)
            }
            return try u.linearMap(rows: m.downRows, columns: m.downCols, op: "flrelu_down")
        }
        return .recorded(op: "filtered_lrelu", shape: out.shape, scalars: out.scalars, inputs: [x, bias]) { g, needs in
            // The activation's slope at every upsampled sample (0 where clamped): constants of the adjoint.
            let u = try upsampled()
            let slopes = Tensor(uncheckedShape: u.shape, scalars: u.mapScalars { v in
                let a = (v > 0 ? v : v * m.slope) * m.gain
                if let c = m.clamp, a < -c || a > c { return 0 }
                return (v > 0 ? 1 : m.slope) * m.gain
            })
            let t = try g.linearMap(rows: m.downRows.transposed, columns: m.downCols.transposed, op: "flrelu_down_adjoint") * slopes
            let gx = try t.linearMap(rows: m.upRows.transposed, columns: m.upCols.transposed, op: "flrelu_up_adjoint")
            return [needs[0] ? gx : nil, needs[1] ? try gx.sum(axes: [0, 2, 3]) : nil]
        }
    }
}
