import Foundation
import SpecTensor

/// A convolution with the equalised learning rate of PGGAN: the weight is stored as N(0, 1) draws and multiplied
/// at run time by gain / √fan_in (fan_in = in_channels · k · k), so its gradient flows through the multiply; the
/// bias starts at zero and is not scaled. Padding other than zeros is applied explicitly before a conv without
/// padding, as the reference does.
public final class EqualizedConv2d: Layer {
    public let name: String
    public let weight: Parameter
    public let bias: Parameter
    /// gain / √fan_in, applied to the weight in every forward pass.
    public let scale: Float
    public let padding: Int
    public let paddingMode: PaddingMode

    public init(name: String, inChannels: Int, outChannels: Int, kernel: Int, padding: Int,
                paddingMode: PaddingMode = .zeros, gain: Double = 2.0.squareRoot(), rng: inout RandomGenerator) throws {
        guard inChannels > 0, outChannels > 0, kernel > 0, padding >= 0 else {
            throw GANError.invalidConfiguration("\(name): a conv needs positive channel counts and kernel size, got \(inChannels)→\(outChannels), k \(kernel), padding \(padding)")
        }
        self.name = name
        weight = Parameter(name: name + ".weight", value: .randn([outChannels, inChannels, kernel, kernel], using: &rng))
        bias = Parameter(name: name + ".bias", value: .zeros([outChannels]))
        scale = Float(gain / Double(inChannels * kernel * kernel).squareRoot())
        self.padding = padding
        self.paddingMode = paddingMode
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var inChannels: Int { weight.shape[1] }
    public var outChannels: Int { weight.shape[0] }
    public var kernel: Int { weight.shape[2] }

    public var summary: String {
        "conv \(kernel)×\(kernel) \(inChannels)→\(outChannels)" + (padding > 0 && paddingMode != .zeros ? " \(paddingMode.rawValue)" : "")
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 4, x.shape[1] == inChannels else {
            throw GANError.invalidInput("\(name): expected (N, \(inChannels), H, W), got \(x.shape.shapeDescription)")
        }
        let input = padding > 0 && paddingMode != .zeros
            ? try x.padded([padding, padding, padding, padding], mode: paddingMode) : x
        let pad = paddingMode == .zeros ? padding : 0
        return try Tensor.conv2d(input, weight.value * scale, bias: bias.value, padding: (pad, pad))
    }
}

/// A fully connected layer with the equalised learning rate (fan_in = in_features); (N, …) inputs are flattened.
public final class EqualizedDense: Layer {
    public let name: String
    public let weight: Parameter
    public let bias: Parameter
    public let scale: Float

    public init(name: String, inFeatures: Int, outFeatures: Int, gain: Double = 2.0.squareRoot(),
                rng: inout RandomGenerator) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw GANError.invalidConfiguration("\(name): a dense layer needs positive sizes, got \(inFeatures)→\(outFeatures)")
        }
        self.name = name
        weight = Parameter(name: name + ".weight", value: .randn([outFeatures, inFeatures], using: &rng))
        bias = Parameter(name: name + ".bias", value: .zeros([outFeatures]))
        scale = Float(gain / Double(inFeatures).squareRoot())
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }
    public var summary: String { "dense \(inFeatures)→\(outFeatures)" }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let flat = x.rank == 2 ? x : try x.flattened(from: 1)
        guard flat.rank == 2, flat.shape[1] == inFeatures else {
            throw GANError.invalidInput("\(name): expected \(inFeatures) features per sample, got \(x.shape.shapeDescription)")
        }
        return try Tensor.matmul(flat, weight.value * scale, transposeB: true) + bias.value
    }
}
