import Foundation
import SpecTensor

/// StyleGAN3's filtered leaky ReLU (the reference implementation's steps, fused into one op): add the bias,
/// upsample with `up` (FIR `upFilter`, gain up², padding (x0, x1, y0, y1); negative crops), leaky ReLU with `slope`
/// times `gain`, clamp to ±`clamp`, downsample with `down` (FIR `downFilter`). A missing filter is the identity.
public func filteredLeakyRelu(_ x: Tensor, upFilter: [Float]?, downFilter: [Float]?, bias: Tensor, up: Int, down: Int, padding: [Int],
                              gain: Float, slope: Float, clamp: Float?) throws -> Tensor {
    guard x.rank == 4, padding.count == 4 else {
        throw GANError.invalidInput("filtered lrelu needs (N, C, H, W) and padding (x0, x1, y0, y1), got \(x.shape.shapeDescription) and \(padding)")
    }
    let fu = upFilter ?? [1], fd = downFilter ?? [1], g = Float(up)
    let upRows = try AxisTaps.upfirdn(x.shape[2], filter: fu, up: up, pad0: padding[2], pad1: padding[3], gain: g)
    let upCols = try AxisTaps.upfirdn(x.shape[3], filter: fu, up: up, pad0: padding[0], pad1: padding[1], gain: g)
    let maps = FilteredLeakyReluMaps(upRows: upRows, upCols: upCols,
                                     downRows: try AxisTaps.upfirdn(upRows.outputCount, filter: fd, down: down),
                                     downCols: try AxisTaps.upfirdn(upCols.outputCount, filter: fd, down: down),
                                     slope: slope, gain: gain, clamp: clamp)
    return try x.filteredLeakyRelu(bias: bias, maps)
}

/// StyleGAN3's Fourier-feature input (`synthesis.input`): sinusoids of fixed random frequencies and phases inside
/// the band, rotated and translated per sample by affine(w) (normalised rotation (r_c, r_s) and translation), damped
/// where a transform pushes them out of band, sampled on the image grid with its margin, then mixed by a learned
/// C×C weight (1/√C).
public final class StyleGAN3Input: Module {
    public let affine: Linear
    let weight: Parameter
    let transform: Parameter, freqs: Parameter, phases: Parameter
    public let channels: Int, size: Int, samplingRate: Double, bandwidth: Double

    public init(wDim: Int, channels: Int, size: Int, samplingRate: Double, bandwidth: Double, rng: inout RandomGenerator) throws {
        (self.channels, self.size, self.samplingRate, self.bandwidth) = (channels, size, samplingRate, bandwidth)
        // Frequencies drawn uniformly from the disc of radius `bandwidth`, phases uniform in [−½, ½).
        var f = Tensor.randn([channels, 2], using: &rng).scalars
        for c in 0..<channels {
            let r = (f[2 * c] * f[2 * c] + f[2 * c + 1] * f[2 * c + 1]).squareRoot()
            let scale = Float(bandwidth) / (r * Foundation.exp(r * r).squareRoot().squareRoot())
            f[2 * c] *= scale
            f[2 * c + 1] *= scale
        }
        freqs = Parameter(try Tensor(shape: [channels, 2], scalars: f), trainable: false)
        phases = Parameter(Tensor.rand([channels], using: &rng, low: -0.5, high: 0.5), trainable: false)
        weight = Parameter(.randn([channels, channels], using: &rng))
        affine = try Linear(inFeatures: wDim, outFeatures: 4, initialisation: .equalized(gain: 1, lrMultiplier: 1), rng: &rng)
        try affine.weight.assign(.zeros([4, wDim]))
        try affine.bias?.assign(Tensor([1, 0, 0, 0]))
        transform = Parameter(try Tensor(shape: [3, 3], scalars: [1, 0, 0, 0, 1, 0, 0, 0, 1]), trainable: false)
        super.init()
        adopt(affine, as: "affine")
    }

    public override var children: [(name: String, module: Module)] { [("affine", affine)] }
    public override var ownParameters: [NamedParameter] { [("weight", weight)] }
    public override var ownBuffers: [NamedParameter] { [("transform", transform), ("freqs", freqs), ("phases", phases)] }
    public override var summary: String { "Fourier features: \(channels) channels, \(size)×\(size), sampling rate \(samplingRate), bandwidth \(bandwidth)" }

    /// The intermediate values, for tests against the reference's: the normalised transform parameters (N, 4), the
    /// transformed frequencies (N, C, 2) as x and y parts, phases (N, C), amplitudes (N, C), features before the mix.
    public struct Steps {
        public var t: Tensor, fx: Tensor, fy: Tensor, phases: Tensor, amplitudes: Tensor, features: Tensor, output: Tensor
    }

    public func steps(_ w: Tensor) throws -> Steps {
        let n = w.shape[0], c = channels
        let raw = try affine(w)
        func column(_ t: Tensor, _ j: Int) throws -> Tensor { try t.slice(axis: 1, start: j, end: j + 1) }  // (N, 1)
        let norm = (try column(raw, 0).square() + column(raw, 1).square()).sqrt()
        let t = try raw / norm
        let (rc, rs, tx, ty) = (try column(t, 0), try column(t, 1), try column(t, 2), try column(t, 3))
        // m_r · m_t: [[r_c, −r_s, −r_c·t_x + r_s·t_y], [r_s, r_c, −r_s·t_x − r_c·t_y], [0, 0, 1]], then · transform.
        let zero = Tensor.zeros([n, 1]), one = Tensor.full([n, 1], 1)
        let m: [[Tensor]] = [[rc, -rs, try -(rc * tx) + rs * ty], [rs, rc, try -(rs * tx) - rc * ty], [zero, zero, one]]
        let u = transform.value.scalars
        func entry(_ i: Int, _ j: Int) throws -> Tensor {
            try m[i][0] * u[j] + m[i][1] * u[3 + j] + m[i][2] * u[6 + j]
        }
        let f = freqs.value
        let f0 = try f.slice(axis: 1, start: 0, end: 1).reshaped([1, c]), f1 = try f.slice(axis: 1, start: 1, end: 2).reshaped([1, c])
        let fx = try f0 * entry(0, 0) + f1 * entry(1, 0), fy = try f0 * entry(0, 1) + f1 * entry(1, 1)      // (N, C)
        let ph = try phases.value.reshaped([1, c]) + f0 * entry(0, 2) + f1 * entry(1, 2)
        let amplitudes = try (1 - ((fx.square() + fy.square()).sqrt() - Float(bandwidth)) / Float(samplingRate / 2 - bandwidth)).clamp(min: 0, max: 1)
        // The sampling grid of affine_grid (align_corners false): (2i + 1)/size − 1, scaled by ½·size/rate.
        let g = (0..<size).map { Float(0.5 * Double(size) / samplingRate) * (Float(2 * $0 + 1) / Float(size) - 1) }
        let gx = try Tensor(g).reshaped([1, 1, 1, size]), gy = try Tensor(g).reshaped([1, 1, size, 1])
        let phase = try gx * fx.reshaped([n, c, 1, 1]) + gy * fy.reshaped([n, c, 1, 1]) + ph.reshaped([n, c, 1, 1])
        let features = try (phase * Float(2 * Double.pi)).sin() * amplitudes.reshaped([n, c, 1, 1])
        let mix = try (weight.value * Float(1 / Double(c).squareRoot())).reshaped([c, c, 1, 1])
        return Steps(t: t, fx: fx, fy: fy, phases: ph, amplitudes: amplitudes, features: features, output: try Tensor.conv2d(features, mix))
    }

    public func forward(w: Tensor) throws -> Tensor { try steps(w).output }
}

/// A StyleGAN3 synthesis layer (`L{i}_{size}_{channels}`): styles = affine(w); a modulated convolution whose weight
/// and styles are first normalised by their RMS, demodulated (not for toRGB, whose styles are scaled by
/// 1/√(C_in·k²)), scaled by the input gain rsqrt(magnitude_ema); then the filtered leaky ReLU of the schedule.
public final class StyleGAN3Layer: Module {
    public let spec: StyleGAN3Schedule.Layer
    public let affine: Linear
    let weight: Parameter, bias: Parameter, magnitudeEMA: Parameter
    let upFilter: Parameter?, downFilter: Parameter?

    public init(_ spec: StyleGAN3Schedule.Layer, wDim: Int, rng: inout RandomGenerator) throws {
        self.spec = spec
        affine = try Linear(inFeatures: wDim, outFeatures: spec.inChannels, initialisation: .equalized(gain: 1, lrMultiplier: 1, biasInit: 1), rng: &rng)
        weight = Parameter(.randn([spec.outChannels, spec.inChannels, spec.convKernel, spec.convKernel], using: &rng))
        bias = Parameter(.zeros([spec.outChannels]))
        magnitudeEMA = Parameter(Tensor(1), trainable: false)
        func filter(_ taps: Int, _ cutoff: Double, _ halfWidth: Double) throws -> Parameter? {
            try LowpassFilter.design(taps: taps, cutoff: cutoff, width: 2 * halfWidth, samplingRate: spec.tmpSamplingRate)
                .map { Parameter(Tensor($0.map(Float.init)), trainable: false) }
        }
        upFilter = try filter(spec.upTaps, spec.inCutoff, spec.inHalfWidth)
        downFilter = try filter(spec.downTaps, spec.outCutoff, spec.outHalfWidth)
        super.init()
        adopt(affine, as: "affine")
    }

    public override var children: [(name: String, module: Module)] { [("affine", affine)] }
    public override var ownParameters: [NamedParameter] { [("weight", weight), ("bias", bias)] }
    public override var ownBuffers: [NamedParameter] {
        [("magnitude_ema", magnitudeEMA)] + (upFilter.map { [("up_filter", $0)] } ?? []) + (downFilter.map { [("down_filter", $0)] } ?? [])
    }
    public override var summary: String {
        let s = spec
        return (s.isToRGB ? "toRGB " : "") + "modulated conv \(s.convKernel)×\(s.convKernel) \(s.inChannels)→\(s.outChannels), "
            + "\(s.inSize)→\(s.outSize) px, up \(s.upFactor) down \(s.downFactor), cutoff \(String(format: "%.3g", s.outCutoff))"
    }

    /// The modulated convolution (before the bias and the filtered leaky ReLU).
    public func modulated(_ x: Tensor, styles: Tensor) throws -> Tensor {
        let s = spec, n = x.shape[0]
        guard x.rank == 4, x.shape[1] == s.inChannels, x.shape[2] == s.inSize, x.shape[3] == s.inSize else {
            throw located("\(summary) expects (N, \(s.inChannels), \(s.inSize), \(s.inSize)), got \(x.shape.shapeDescription)")
        }
        var w = weight.value, st = styles
        let demodulate = !s.isToRGB
        if s.isToRGB { st = st * Float(1 / Double(s.inChannels * s.convKernel * s.convKernel).squareRoot()) }
        if demodulate {
            w = try w / w.square().mean(axes: [1, 2, 3], keepDims: true).sqrt()
            st = try st / st.square().mean().sqrt()
        }
        var modulated = try w.unsqueezed(0) * st.reshaped([n, 1, s.inChannels, 1, 1])
        if demodulate { modulated = try modulated * StyleGANOps.demodulation(modulated).reshaped([n, s.outChannels, 1, 1, 1]) }
        modulated = try modulated * (1 / magnitudeEMA.value.sqrt())
        let k = s.convKernel
        let y = try Tensor.conv2d(try x.reshaped([1, n * s.inChannels, s.inSize, s.inSize]),
                                  try modulated.reshaped([n * s.outChannels, s.inChannels, k, k]), padding: (k - 1, k - 1), groups: n)
        return try y.reshaped([n, s.outChannels, y.shape[2], y.shape[3]])
    }

    public func forward(_ x: Tensor, w: Tensor) throws -> Tensor {
        let s = spec
        do {
            let y = try modulated(x, styles: try affine(w))
            return try filteredLeakyRelu(y, upFilter: upFilter?.value.scalars, downFilter: downFilter?.value.scalars, bias: bias.value,
                                         up: s.upFactor, down: s.downFactor, padding: s.padding,
                                         gain: s.isToRGB ? 1 : StyleGANOps.lreluGain, slope: s.isToRGB ? 1 : 0.2, clamp: 256)
        } catch let e as TensorError { throw located(e.description) }
    }
}
