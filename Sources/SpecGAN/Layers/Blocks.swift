import SpecTensor

/// The reference's PGGAN conv block: optional pixel norm (generator) or minibatch std (discriminator), optional
/// ×2 upsampling, the equalised conv, the activation, optional ×2 downsampling, in that order. The conv's weight
/// and bias are the block's own (`layer0.weight`), as in the reference.
public final class ConvBlock: Module {
    public let conv: Conv2d
    public let pixelNorm: Bool
    public let minibatchStdGroup: Int?
    public let upsample: UpsamplingMode?
    public let activation: Activation
    public let downsample: DownsamplingMode?

    public init(conv: Conv2d, pixelNorm: Bool = false, minibatchStdGroup: Int? = nil,
                upsample: UpsamplingMode? = nil, activation: Activation = .leakyRelu(0.2),
                downsample: DownsamplingMode? = nil) {
        self.conv = conv
        self.pixelNorm = pixelNorm
        self.minibatchStdGroup = minibatchStdGroup
        self.upsample = upsample
        self.activation = activation
        self.downsample = downsample
        super.init()
        adopt(conv, as: "")
    }

    public override var ownParameters: [NamedParameter] { conv.ownParameters }

    public override var summary: String {
        var parts: [String] = []
        if pixelNorm { parts.append("pixel norm") }
        if let g = minibatchStdGroup { parts.append("minibatch std (group \(g))") }
        if let up = upsample { parts.append("up \(up.rawValue)") }
        parts.append("conv \(conv.kernel)×\(conv.kernel) \(conv.inChannels)→\(conv.outChannels)"
                     + (conv.padding > 0 && conv.paddingMode != .zeros ? " \(conv.paddingMode.rawValue)" : ""))
        if activation != .linear { parts.append(activation.description) }
        if let down = downsample { parts.append("down \(down.rawValue)") }
        return parts.joined(separator: ", ")
    }

    public override func copy() throws -> Module {
        ConvBlock(conv: conv.copy(), pixelNorm: pixelNorm, minibatchStdGroup: minibatchStdGroup,
                  upsample: upsample, activation: activation, downsample: downsample)
    }

    public override func forward(_ x: Tensor) throws -> Tensor {
        var y = x
        if pixelNorm { y = try SpecGAN.pixelNorm(y) }
        if let g = minibatchStdGroup { y = try minibatchStd(y, groupSize: g) }
        // A conv of a zero-inserted image is a transposed conv of the image at stride 2: only the products with the
        // image's values, a quarter of the conv's work, and no upsampled image to make or keep (see Conv2d).
        if upsample == .zeros, conv.convolvesZeroInsertion {
            y = activation(try conv.forward(zeroInserted: y))
        } else {
            if let up = upsample { y = try up(y) }
            // Every second row and column of a pointwise activation of the conv is the activation of the conv at twice
            // the stride: a quarter of the conv's work, and no full-size activation to keep for the backward.
            if downsample == .stride { return activation(try conv.forward(y, keepingEvery: 2)) }
            y = activation(try conv(y))
        }
        if let down = downsample { y = try down(y) }
        return y
    }
}

/// The reference's dense block: equalised dense layer on the flattened input, then the activation.
public final class DenseBlock: Module {
    public let dense: Linear
    public let activation: Activation

    public init(dense: Linear, activation: Activation = .leakyRelu(0.2)) {
        self.dense = dense
        self.activation = activation
        super.init()
        adopt(dense, as: "")
    }

    public override var ownParameters: [NamedParameter] { dense.ownParameters }
    public override var summary: String {
        "dense \(dense.inFeatures)→\(dense.outFeatures)" + (activation == .linear ? "" : ", \(activation)")
    }
    public override func copy() throws -> Module { DenseBlock(dense: dense.copy(), activation: activation) }
    public override func forward(_ x: Tensor) throws -> Tensor { activation(try dense(x)) }
}
