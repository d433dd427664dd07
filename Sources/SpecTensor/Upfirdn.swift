/// StyleGAN's upfirdn2d as two sparse axis maps (see `linearMap`): upsample by inserting up − 1 zeros after every
/// sample, pad (negative padding crops), convolve with a separable FIR filter, keep every down-th sample. Its
/// gradient is the transposed maps, so it differentiates to any order.
extension AxisTaps {
    /// One axis of upfirdn: `filter` is convolved (flipped, as a true convolution), each tap scaled by `gain`.
    public static func upfirdn(_ n: Int, filter: [Float], up: Int = 1, down: Int = 1, pad0: Int = 0, pad1: Int = 0,
                               gain: Float = 1) throws -> AxisTaps {
        guard n > 0, !filter.isEmpty, up > 0, down > 0 else {
            throw TensorError.message("upfirdn: needs a non-empty axis and filter and positive up and down factors, got size \(n), \(filter.count) taps, up \(up), down \(down)")
        }
        let padded = n * up + pad0 + pad1, taps = filter.count
        guard padded >= taps else {
            throw TensorError.message("upfirdn: \(n) samples up \(up) with padding \(pad0), \(pad1) leave \(padded), fewer than the filter's \(taps) taps")
        }
        let outputs = (padded - taps) / down + 1
        return AxisTaps(inputCount: n, taps: (0..<outputs).map { j in
            (0..<taps).compactMap { t -> Tap? in
                let r = j * down + t - pad0  // index into the zero-stuffed signal
                guard r >= 0, r < n * up, r % up == 0 else { return nil }
                return Tap(source: r / up, weight: filter[taps - 1 - t] * gain)
            }
        })
    }
}

extension Tensor {
    /// upfirdn2d on (N, C, H, W) with a separable filter `filter` (the same 1-D filter along both axes), padding
    /// (x0, x1, y0, y1) and a total gain split evenly between the axes.
    public func upfirdn2d(filter: [Float], up: Int = 1, down: Int = 1, padding: (x0: Int, x1: Int, y0: Int, y1: Int) = (0, 0, 0, 0),
                          gain: Float = 1) throws -> Tensor {
        guard rank == 4 else { throw TensorError.message("upfirdn2d needs (N, C, H, W), got \(shape.shapeDescription)") }
        let axisGain = gain.squareRoot()
        let rows = try AxisTaps.upfirdn(shape[2], filter: filter, up: up, down: down, pad0: padding.y0, pad1: padding.y1, gain: axisGain)
        let cols = try AxisTaps.upfirdn(shape[3], filter: filter, up: up, down: down, pad0: padding.x0, pad1: padding.x1, gain: axisGain)
        return try linearMap(rows: rows, columns: cols, op: "upfirdn2d")
    }
}
