import SpecTensor

/// The reference's PGGAN conv block: optional pixel norm (generator) or minibatch std (discriminator), optional
/// ×2 upsampling, the equalised conv, the activation, optional ×2 downsampling, in that order.
public final class ConvBlock: Layer {
    public let conv: EqualizedConv2d
    public let pixelNorm: Bool
    public let minibatchStdGroup: Int?
    public let upsample: UpsamplingMode?
    public let activation: Activation
    public let downsample: DownsamplingMode?

    public init(conv: EqualizedConv2d, pixelNorm: Bool = false, minibatchStdGroup: Int? = nil,
                upsample: UpsamplingMode? = nil, activation: Activation = .leakyRelu(0.2),
                downsample: DownsamplingMode? = nil) {
        self.conv = conv
        self.pixelNorm = pixelNorm
        self.minibatchStdGroup = minibatchStdGroup
        self.upsample = upsample
        self.activation = activation
        self.downsample = downsample
    }

    public var name: String { conv.name }
    public var parameters: [Parameter] { conv.parameters }

    public var summary: String {
        var parts: [String] = []
        if pixelNorm { parts.append("pixel norm") }
        if let g = minibatchStdGroup { parts.append("minibatch std (group \(g))") }
        if let up = upsample { parts.append("up \(up.rawValue)") }
        parts.append(conv.summary)
        if activation != .linear { parts.append(activation.description) }
        if let down = downsample { parts.append("down \(down.rawValue)") }
        return parts.joined(separator: ", ")
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        var y = x
        if pixelNorm { y = try SpecGAN.pixelNorm(y) }
        if let g = minibatchStdGroup { y = try minibatchStd(y, groupSize: g) }
        if let up = upsample { y = try up(y) }
        y = activation(try conv(y))
        if let down = downsample { y = try down(y) }
        return y
    }
}

/// The reference's dense block: flatten, equalised dense layer, activation.
public final class DenseBlock: Layer {
    public let dense: EqualizedDense
    public let activation: Activation

    public init(dense: EqualizedDense, activation: Activation = .leakyRelu(0.2)) {
        self.dense = dense
        self.activation = activation
    }

    public var name: String { dense.name }
    public var parameters: [Parameter] { dense.parameters }
    public var summary: String { dense.summary + (activation == .linear ? "" : ", \(activation)") }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { activation(try dense(x)) }
}
