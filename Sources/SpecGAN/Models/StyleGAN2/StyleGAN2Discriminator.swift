import Foundation
import SpecTensor

/// StyleGAN2's discriminator convolution (`Conv2dLayer`): weight · 1/√(C_in·k²), FIR ×2 downsampling when asked,
/// bias, leaky ReLU · √2 or linear, times the layer gain, clamped to ±256 · gain when it has a clamp.
public final class StyleGAN2Conv: Module {
    let weight: Parameter, bias: Parameter?, resampleFilter: Parameter
    public let down: Int, lrelu: Bool, clamped: Bool

    public init(inChannels: Int, outChannels: Int, kernel: Int, bias: Bool = true, lrelu: Bool, down: Int = 1, clamped: Bool = true,
                rng: inout RandomGenerator) throws {
        weight = Parameter(.randn([outChannels, inChannels, kernel, kernel], using: &rng))
        self.bias = bias ? Parameter(.zeros([outChannels])) : nil
        resampleFilter = Parameter(try StyleGANOps.filterBuffer(), trainable: false)
        (self.down, self.lrelu, self.clamped) = (down, lrelu, clamped)
    }

    public override var ownParameters: [NamedParameter] { [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []) }
    public override var ownBuffers: [NamedParameter] { [("resample_filter", resampleFilter)] }
    public override var summary: String {
        let k = weight.shape[2]
        return "conv \(k)×\(k) \(weight.shape[1])→\(weight.shape[0])" + (down > 1 ? ", down ×\(down)" : "") + (lrelu ? ", lrelu" : "")
    }
    public override func validateState() throws { try StyleGAN2Generator.checkFilter(resampleFilter, at: path) }

    public func forward(_ x: Tensor, gain: Float) throws -> Tensor {
        let (i, k) = (weight.shape[1], weight.shape[2])
        guard x.rank == 4, x.shape[1] == i else { throw located("\(summary) expects (N, \(i), H, W), got \(x.shape.shapeDescription)") }
        do {
            let w = weight.value * Float(1 / Double(i * k * k).squareRoot())
            let y = try StyleGANOps.conv2dResample(x, w, down: down, padding: k / 2)
            return try StyleGANOps.biasAct(y, bias: bias?.value, lrelu: lrelu, gain: (lrelu ? StyleGANOps.lreluGain : 1) * gain,
                                           clamp: clamped ? 256 * gain : nil)
        } catch let e as TensorError { throw located(e.description) }
    }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, gain: 1) }
}

/// A resnet block of the discriminator (`b{res}`): fromRGB (first block only), conv0, conv1 with ×2 down and gain
/// √½, and a 1×1 skip with ×2 down, no bias, linear, gain √½; the output is skip(x) + conv1(conv0(x)).
public final class StyleGAN2DiscriminatorBlock: Module {
    public let fromRGB: StyleGAN2Conv?
    public let conv0: StyleGAN2Conv, conv1: StyleGAN2Conv, skip: StyleGAN2Conv
    let resampleFilter: Parameter
    public let resolution: Int

    public init(inChannels: Int, tmpChannels: Int, outChannels: Int, resolution: Int, imageChannels: Int, rng: inout RandomGenerator) throws {
        self.resolution = resolution
        fromRGB = inChannels == 0 ? try StyleGAN2Conv(inChannels: imageChannels, outChannels: tmpChannels, kernel: 1, lrelu: true, rng: &rng) : nil
        conv0 = try StyleGAN2Conv(inChannels: tmpChannels, outChannels: tmpChannels, kernel: 3, lrelu: true, rng: &rng)
        conv1 = try StyleGAN2Conv(inChannels: tmpChannels, outChannels: outChannels, kernel: 3, lrelu: true, down: 2, rng: &rng)
        skip = try StyleGAN2Conv(inChannels: tmpChannels, outChannels: outChannels, kernel: 1, bias: false, lrelu: false, down: 2, clamped: false, rng: &rng)
        resampleFilter = Parameter(try StyleGANOps.filterBuffer(), trainable: false)
        super.init()
        for (name, child) in children { adopt(child, as: name) }
    }

    public override var children: [(name: String, module: Module)] {
        (fromRGB.map { [("fromrgb", $0 as Module)] } ?? []) + [("conv0", conv0), ("conv1", conv1), ("skip", skip)]
    }
    public override var ownBuffers: [NamedParameter] { [("resample_filter", resampleFilter)] }
    public override var summary: String { "resnet block \(resolution)×\(resolution) → \(resolution / 2)×\(resolution / 2)" }
    public override func validateState() throws { try StyleGAN2Generator.checkFilter(resampleFilter, at: path) }

    public override func forward(_ x: Tensor) throws -> Tensor {
        let h = try fromRGB.map { try $0(x) } ?? x
        let half = Float(0.5.squareRoot())
        return try skip.forward(h, gain: half) + conv1.forward(try conv0(h), gain: half)
    }
}

/// The reference's StyleGAN2 discriminator (its `SG2Discriminator`: resnet architecture, channels divided, a
/// projection on a class mapping): blocks b{res} … b8, then the epilogue b4 (minibatch std with groups of 4, 3×3
/// conv, dense, the `out` layer) whose output is projected on cmap = mapping(class input) and scaled by 1/√cmap_dim.
///
/// With `classes` 1 the class input is the class index as one number, as the reference feeds it (its testbed only
/// runs on one image, class 0); with more classes it is the one-hot vector the reference evidently meant.
public final class StyleGAN2Discriminator: Module, Model {
    public struct Configuration: Equatable, Sendable {
        public var resolution: Int
        public var divide: Int
        public var classes: Int
        public var imageChannels: Int

        public init(resolution: Int, divide: Int = 1, classes: Int = 1, imageChannels: Int = 3) {
            (self.resolution, self.divide, self.classes, self.imageChannels) = (resolution, divide, classes, imageChannels)
        }

        func channels(_ res: Int) -> Int { StyleGANOps.channels(res, divide: divide) }
    }

    public let configuration: Configuration
    public let blocks: [StyleGAN2DiscriminatorBlock]
    let net: NamedBlocks
    public let epilogueConv: StyleGAN2Conv, fc: Linear, out: Linear
    private let epilogue: NamedBlocks
    public let mapping: StyleGAN2Mapping

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        try StyleGANOps.validate("stylegan2_discriminator", resolution: c.resolution, minimum: 8, divide: c.divide)
        guard c.classes > 0, c.imageChannels > 0 else {
            throw GANError.invalidConfiguration("stylegan2_discriminator: classes and image channels must be positive, got \(c.classes) and \(c.imageChannels)")
        }
        self.configuration = c
        var blocks: [StyleGAN2DiscriminatorBlock] = []
        var res = c.resolution
        while res > 4 {
            blocks.append(try StyleGAN2DiscriminatorBlock(inChannels: res == c.resolution ? 0 : c.channels(res), tmpChannels: c.channels(res),
                                                          outChannels: c.channels(res / 2), resolution: res, imageChannels: c.imageChannels, rng: &rng))
            res /= 2
        }
        let c4 = c.channels(4)
        epilogueConv = try StyleGAN2Conv(inChannels: c4 + 1, outChannels: c4, kernel: 3, lrelu: true, rng: &rng)
        fc = try Linear(inFeatures: c4 * 16, outFeatures: c4, initialisation: .equalized(gain: 1, lrMultiplier: 1), rng: &rng)
        out = try Linear(inFeatures: c4, outFeatures: c4, initialisation: .equalized(gain: 1, lrMultiplier: 1), rng: &rng)
        mapping = try StyleGAN2Mapping(zDim: 0, cDim: c.classes, wDim: c4, numWs: nil, keepsAverage: false, rng: &rng)
        self.blocks = blocks
        net = NamedBlocks(blocks.map { ("b\($0.resolution)", $0) })
        epilogue = NamedBlocks([("conv", epilogueConv), ("fc", fc), ("out", out)])
        super.init()
        for (name, child) in children { adopt(child, as: name) }
    }

    public override var children: [(name: String, module: Module)] {
        net.blocks + [("b4", epilogue), ("mapping", mapping)]
    }
    public override var summary: String { "stylegan2_discriminator" }
    public var classCount: Int? { configuration.classes }

    /// The class input of the mapping network: the index as one number (one class), or one-hot rows.
    public func classInput(_ classes: [Int]) throws -> Tensor {
        let k = configuration.classes
        if k == 1 { return try Tensor(classes.map(Float.init)).reshaped([classes.count, 1]) }
        if let bad = classes.first(where: { $0 < 0 || $0 >= k }) {
            throw GANError.invalidInput("stylegan2_discriminator: class \(bad) is out of range for \(k) classes")
        }
        var rows = [Float](repeating: 0, count: classes.count * k)
        for (i, c) in classes.enumerated() { rows[i * k + c] = 1 }
        return try Tensor(shape: [classes.count, k], scalars: rows)
    }

    /// The logit of each sample for its class (N, 1); without classes every sample is class 0.
    public func forward(_ x: Tensor, classes: [Int]?) throws -> Tensor {
        try forward(x, classInput: try classInput(classes ?? [Int](repeating: 0, count: x.shape.first ?? 0)))
    }

    /// The logits for a class input given as the mapping network reads it, (N, classes).
    public func forward(_ x: Tensor, classInput: Tensor) throws -> Tensor {
        let c = configuration
        guard x.rank == 4, x.shape[1] == c.imageChannels, x.shape[2] == c.resolution, x.shape[3] == c.resolution else {
            throw GANError.invalidInput("stylegan2_discriminator: images must have shape (N, \(c.imageChannels), \(c.resolution), \(c.resolution)), got \(x.shape.shapeDescription)")
        }
        var h = x
        for block in blocks { h = try block(h) }
        h = try epilogueConv(try minibatchStd(h, groupSize: 4))
        h = try out(try fc(h).leakyRelu(0.2) * StyleGANOps.lreluGain)
        let cmap = try mapping.forward(z: nil, c: classInput)
        return try (h * cmap).sum(axes: [1], keepDims: true) * Float(1 / Double(cmap.shape[1]).squareRoot())
    }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, classes: nil) }

    public override func copy() throws -> StyleGAN2Discriminator {
        var rng = RandomGenerator(seed: 0)
        let twin = try StyleGAN2Discriminator(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }
}
