import Foundation
import SpecTensor

/// Where the synthesis layers' noise comes from: fresh N(0, 1) draws per call (the testbeds' default), the stored
/// `noise_const` buffers, none, or given draws (N, 1, res, res), one per layer in order.
public final class SynthesisNoise {
    public enum Mode: String, CaseIterable, Sendable { case random, const, none }
    public let mode: Mode
    public private(set) var rng: RandomGenerator
    /// Draws to hand out in order instead of sampling; nil samples.
    private var given: [Tensor]?

    public init(_ mode: Mode, rng: RandomGenerator = RandomGenerator(seed: 0)) {
        self.mode = mode
        self.rng = rng
        given = nil
    }

    /// Noise read from a list instead of drawn (the reference's recorded draws).
    public init(given draws: [Tensor]) {
        mode = .random
        rng = RandomGenerator(seed: 0)
        given = draws
    }

    /// The unscaled noise for a layer: (N, 1, res, res), (res, res) for the constant, nil for none.
    func next(batch: Int, resolution: Int, constant: Tensor) throws -> Tensor? {
        switch mode {
        case .none: return nil
        case .const: return constant
        case .random:
            guard var draws = given else { return Tensor.randn([batch, 1, resolution, resolution], using: &rng) }
            guard !draws.isEmpty else { throw GANError.invalidInput("stylegan2: fewer noise draws given than the generator has layers") }
            let draw = draws.removeFirst()
            given = draws
            guard draw.shape == [batch, 1, resolution, resolution] else {
                throw GANError.invalidInput("stylegan2: a noise draw of shape \(draw.shape.shapeDescription) where (\(batch), 1, \(resolution), \(resolution)) was due")
            }
            return draw
        }
    }
}

/// A StyleGAN2 synthesis layer (`conv0`, `conv1`): styles = affine(w); a modulated, demodulated 3×3 convolution
/// (with ×2 upsampling for conv0); plus noise · noise_strength; plus the bias; leaky ReLU · √2; clamp ±256.
public final class StyleGAN2SynthesisLayer: Module {
    public let affine: Linear
    let weight: Parameter, bias: Parameter, noiseStrength: Parameter
    let noiseConst: Parameter, resampleFilter: Parameter
    public let up: Int, resolution: Int

    public init(inChannels: Int, outChannels: Int, wDim: Int, resolution: Int, up: Int, rng: inout RandomGenerator) throws {
        affine = try Linear(inFeatures: wDim, outFeatures: inChannels, initialisation: .equalized(gain: 1, lrMultiplier: 1, biasInit: 1), rng: &rng)
        weight = Parameter(.randn([outChannels, inChannels, 3, 3], using: &rng))
        bias = Parameter(.zeros([outChannels]))
        noiseStrength = Parameter(Tensor(0))
        noiseConst = Parameter(.randn([resolution, resolution], using: &rng), trainable: false)
        resampleFilter = Parameter(try StyleGANOps.filterBuffer(), trainable: false)
        (self.up, self.resolution) = (up, resolution)
        super.init()
        adopt(affine, as: "affine")
    }

    public override var children: [(name: String, module: Module)] { [("affine", affine)] }
    public override var ownParameters: [NamedParameter] { [("weight", weight), ("noise_strength", noiseStrength), ("bias", bias)] }
    public override var ownBuffers: [NamedParameter] { [("resample_filter", resampleFilter), ("noise_const", noiseConst)] }
    public override var summary: String {
        "modulated conv 3×3 \(weight.shape[1])→\(weight.shape[0])" + (up > 1 ? ", up ×\(up)" : "") + ", noise, lrelu, \(resolution)×\(resolution)"
    }
    public override func validateState() throws { try StyleGAN2Generator.checkFilter(resampleFilter, at: path) }

    /// The modulated convolution plus the scaled noise, before the bias (the reference's `*_modconv`).
    public func modulated(_ x: Tensor, styles: Tensor, noise: SynthesisNoise) throws -> Tensor {
        let y = try StyleGANOps.modulatedConv(x, weight: weight.value, styles: styles, demodulate: true, up: up, padding: 1, flipWeight: up == 1)
        guard let n = try noise.next(batch: x.shape[0], resolution: resolution, constant: noiseConst.value) else { return y }
        return try y + n * noiseStrength.value
    }

    public func forward(_ x: Tensor, w: Tensor, noise: SynthesisNoise) throws -> Tensor {
        do {
            let y = try modulated(x, styles: try affine(w), noise: noise)
            return try StyleGANOps.biasAct(y, bias: bias.value, lrelu: true, gain: StyleGANOps.lreluGain, clamp: 256)
        } catch let e as TensorError { throw located(e.description) }
    }
}

/// StyleGAN2's toRGB: a 1×1 modulated convolution without demodulation (styles · 1/√C_in), plus bias, clamp ±256.
public final class StyleGAN2ToRGB: Module {
    public let affine: Linear
    let weight: Parameter, bias: Parameter

    public init(inChannels: Int, imageChannels: Int, wDim: Int, rng: inout RandomGenerator) throws {
        affine = try Linear(inFeatures: wDim, outFeatures: inChannels, initialisation: .equalized(gain: 1, lrMultiplier: 1, biasInit: 1), rng: &rng)
        weight = Parameter(.randn([imageChannels, inChannels, 1, 1], using: &rng))
        bias = Parameter(.zeros([imageChannels]))
        super.init()
        adopt(affine, as: "affine")
    }

    public override var children: [(name: String, module: Module)] { [("affine", affine)] }
    public override var ownParameters: [NamedParameter] { [("weight", weight), ("bias", bias)] }
    public override var summary: String { "toRGB: modulated conv 1×1 \(weight.shape[1])→\(weight.shape[0])" }

    public func forward(_ x: Tensor, w: Tensor) throws -> Tensor {
        let styles = try affine(w) * Float(1 / Double(weight.shape[1]).squareRoot())
        let y = try StyleGANOps.modulatedConv(x, weight: weight.value, styles: styles, demodulate: false)
        return try StyleGANOps.biasAct(y, bias: bias.value, lrelu: false, clamp: 256)
    }
}

/// A synthesis block (`b4`, `b8`, …) of the skip architecture: b4 starts from the learned `const`, later blocks
/// run conv0 (×2 up) on the previous features; then conv1 and toRGB, and the image so far is upsampled (the FIR
/// filter, gain 4) and the new toRGB output added.
public final class StyleGAN2SynthesisBlock: Module {
    let constant: Parameter?
    public let conv0: StyleGAN2SynthesisLayer?
    public let conv1: StyleGAN2SynthesisLayer
    public let toRGB: StyleGAN2ToRGB
    let resampleFilter: Parameter
    public let resolution: Int

    public init(inChannels: Int, outChannels: Int, wDim: Int, resolution: Int, imageChannels: Int, rng: inout RandomGenerator) throws {
        self.resolution = resolution
        constant = inChannels == 0 ? Parameter(.randn([outChannels, resolution, resolution], using: &rng)) : nil
        conv0 = inChannels == 0 ? nil : try StyleGAN2SynthesisLayer(inChannels: inChannels, outChannels: outChannels, wDim: wDim,
                                                                    resolution: resolution, up: 2, rng: &rng)
        conv1 = try StyleGAN2SynthesisLayer(inChannels: outChannels, outChannels: outChannels, wDim: wDim, resolution: resolution, up: 1, rng: &rng)
        toRGB = try StyleGAN2ToRGB(inChannels: outChannels, imageChannels: imageChannels, wDim: wDim, rng: &rng)
        resampleFilter = Parameter(try StyleGANOps.filterBuffer(), trainable: false)
        super.init()
        for (name, child) in children { adopt(child, as: name) }
    }

    /// ws this block reads: conv0 (if any), conv1, toRGB.
    public var numWs: Int { conv0 == nil ? 2 : 3 }
    public override var children: [(name: String, module: Module)] {
        (conv0.map { [("conv0", $0 as Module)] } ?? []) + [("conv1", conv1), ("torgb", toRGB)]
    }
    public override var ownParameters: [NamedParameter] { constant.map { [("const", $0)] } ?? [] }
    public override var ownBuffers: [NamedParameter] { [("resample_filter", resampleFilter)] }
    public override var summary: String { "synthesis block \(resolution)×\(resolution)" }
    public override func validateState() throws { try StyleGAN2Generator.checkFilter(resampleFilter, at: path) }

    /// The block's features and image; `ws` (N, numWs, wDim) are its rows of w.
    public func forward(x: Tensor?, image: Tensor?, ws: Tensor, noise: SynthesisNoise) throws -> (x: Tensor, image: Tensor) {
        let n = ws.shape[0]
        func w(_ i: Int) throws -> Tensor { try ws.select(axis: 1, index: i) }
        var h: Tensor
        if let constant {
            h = try constant.value.unsqueezed(0).repeated([n, 1, 1, 1])
        } else if let conv0, let x {
            h = try conv0.forward(x, w: try w(0), noise: noise)
        } else {
            throw located("a block after the first needs the previous block's features")
        }
        let offset = conv0 == nil ? 0 : 1
        h = try conv1.forward(h, w: try w(offset), noise: noise)
        let rgb = try toRGB.forward(h, w: try w(offset + 1))
        guard let image else { return (h, rgb) }
        return (h, try image.upfirdn2d(filter: StyleGANOps.filter, up: 2, padding: (2, 1, 2, 1), gain: 4) + rgb)
    }
}
