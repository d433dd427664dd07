import Foundation
import SpecTensor

/// The pieces StyleGAN2's layers share: the [1, 3, 3, 1] resampling filter, bias + activation with gain and clamp,
/// the second-moment normalisation, and the convolution with FIR up- or downsampling (`conv2d_resample`).
public enum StyleGANOps {
    /// The 1-D factor of the 4×4 `resample_filter` buffer: [1, 3, 3, 1] / 8.
    public static let filter: [Float] = [1, 3, 3, 1].map { $0 / 8 }
    /// The `resample_filter` buffer, the outer product of `filter` with itself.
    static let filter2D: [Float] = filter.flatMap { a in filter.map { a * $0 } }
    static func filterBuffer() throws -> Tensor { try Tensor(shape: [4, 4], scalars: filter2D) }
    /// Channels at a resolution with the channel counts divided: min(32768 / divide / res, 512 / divide).
    public static func channels(_ res: Int, divide: Int) -> Int { Swift.min(32768 / divide / res, 512 / divide) }

    /// The size checks every StyleGAN builder makes: a power-of-two resolution of at least `minimum`, and a divisor
    /// of 512 that leaves channels.
    static func validate(_ model: String, resolution: Int, minimum: Int, divide: Int) throws {
        guard resolution >= minimum, resolution <= 1 << 16, resolution & (resolution - 1) == 0 else {
            throw GANError.invalidConfiguration("\(model): the resolution must be a power of two ≥ \(minimum), got \(resolution)")
        }
        guard divide > 0, 512 % divide == 0, channels(resolution, divide: divide) > 0 else {
            throw GANError.invalidConfiguration("\(model): dividing the channels by \(divide) leaves none (512 must be divisible by it)")
        }
    }

    /// √2, the gain of leaky ReLU layers.
    public static let lreluGain = Float(2.0.squareRoot())

    /// `bias_act`: x + b (one bias per channel, axis 1), then leaky ReLU (slope 0.2) or nothing, times `gain`,
    /// clamped to ±`clamp`.
    public static func biasAct(_ x: Tensor, bias: Tensor?, lrelu: Bool, gain: Float = 1, clamp: Float? = nil) throws -> Tensor {
        var y = x
        if let bias {
            var shape = [Int](repeating: 1, count: x.rank)
            shape[1] = bias.count
            y = try y + bias.reshaped(shape)
        }
        if lrelu { y = y.leakyRelu(0.2) }
        if gain != 1 { y = y * gain }
        if let clamp { y = y.clamp(min: -clamp, max: clamp) }
        return y
    }

    /// `normalize_2nd_moment`: x / √(mean over axis 1 of x² + 1e-8).
    public static func normalize(_ x: Tensor) throws -> Tensor {
        try x / (x.square().mean(axes: [1], keepDims: true) + 1e-8).sqrt()
    }

    /// StyleGAN's `conv2d_resample` for the cases its networks use: a plain convolution with zero padding, ×2
    /// upsampling (a stride-2 transposed convolution, then the filter), ×2 downsampling (the filter, then a
    /// stride-2 convolution, or for a 1×1 kernel the filter and every second pixel first). The weight is
    /// (O, I / groups, k, k); `flipWeight` false makes the convolution a true one (the reference flips for up = 1 only).
    public static func conv2dResample(_ x: Tensor, _ w: Tensor, up: Int = 1, down: Int = 1, padding: Int = 0, groups: Int = 1,
                                      flipWeight: Bool = true) throws -> Tensor {
        let k = w.shape[3], f = filter.count
        var (p0, p1) = (padding, padding)
        if up > 1 { p0 += (f + up - 1) / 2; p1 += (f - up) / 2 }
        if down > 1 { p0 += (f - down + 1) / 2; p1 += (f - down) / 2 }
        func conv(_ x: Tensor, _ w: Tensor, stride: Int = 1, pad: Int = 0, transpose: Bool = false, flip: Bool) throws -> Tensor {
            let w = !flip && k > 1 ? try w.flipped(axes: [2, 3]) : w
            return transpose ? try Tensor.convTranspose2d(x, w, stride: (stride, stride), padding: (pad, pad), groups: groups)
                             : try Tensor.conv2d(x, w, stride: (stride, stride), padding: (pad, pad), groups: groups)
        }
        if k == 1, down > 1, up == 1 {
            return try conv(try x.upfirdn2d(filter: filter, down: down, padding: (p0, p1, p0, p1)), w, flip: flipWeight)
        }
        if down > 1, up == 1 {
            return try conv(try x.upfirdn2d(filter: filter, padding: (p0, p1, p0, p1)), w, stride: down, flip: flipWeight)
        }
        if up > 1 {
            // The transposed convolution takes the weight as (groups · I / groups, O / groups, k, k).
            let (o, i) = (w.shape[0], w.shape[1])
            let wt = try w.reshaped([groups, o / groups, i, k, k]).permuted([0, 2, 1, 3, 4]).reshaped([groups * i, o / groups, k, k])
            p0 -= k - 1
            p1 -= k - up
            let pt = Swift.max(Swift.min(-p0, -p1), 0)
            let y = try conv(x, wt, stride: up, pad: pt, transpose: true, flip: !flipWeight)
            let y2 = try y.upfirdn2d(filter: filter, padding: (p0 + pt, p1 + pt, p0 + pt, p1 + pt), gain: Float(up * up))
            return down > 1 ? try y2.upfirdn2d(filter: filter, down: down) : y2
        }
        guard up == 1, down == 1, p0 == p1, p0 >= 0 else {
            throw GANError.invalidConfiguration("conv2d_resample: up \(up), down \(down), padding \(padding) is not a case StyleGAN2 uses")
        }
        return try conv(x, w, pad: p0, flip: flipWeight)
    }

    /// StyleGAN2's modulated convolution (the fused form): per sample, the weight scaled by that sample's styles
    /// along its input channels, demodulated to unit norm per output channel (rsqrt of the sum of squares + 1e-8)
    /// when asked, then one grouped convolution over the whole batch.
    public static func modulatedConv(_ x: Tensor, weight: Tensor, styles: Tensor, demodulate: Bool, up: Int = 1, padding: Int = 0,
                                     flipWeight: Bool = true) throws -> Tensor {
        let (n, o, i, k) = (x.shape[0], weight.shape[0], weight.shape[1], weight.shape[3])
        guard x.rank == 4, x.shape[1] == i, styles.shape == [n, i] else {
            throw GANError.invalidInput("modulated conv: input \(x.shape.shapeDescription), weight \(weight.shape.shapeDescription), styles \(styles.shape.shapeDescription) do not fit")
        }
        var w = try weight.unsqueezed(0) * styles.reshaped([n, 1, i, 1, 1])
        if demodulate { w = try w * demodulation(w).reshaped([n, o, 1, 1, 1]) }
        let y = try conv2dResample(try x.reshaped([1, n * i, x.shape[2], x.shape[3]]), try w.reshaped([n * o, i, k, k]),
                                   up: up, padding: padding, groups: n, flipWeight: flipWeight)
        return try y.reshaped([n, o, y.shape[2], y.shape[3]])
    }

    /// The demodulation factors rsqrt(Σ over (in, kh, kw) of w² + 1e-8) of modulated weights (N, O, I, k, k): (N, O).
    public static func demodulation(_ modulated: Tensor) throws -> Tensor {
        try 1 / (modulated.square().sum(axes: [2, 3, 4]) + 1e-8).sqrt()
    }
}
