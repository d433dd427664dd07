import Foundation
import SpecTensor

/// PyTorch's `nn.Linear`: y = x·Wᵀ + b, initialised as PyTorch does (weight and bias uniform in ±1/√in_features).
public final class Linear: Layer {
    public let name: String
    public let weight: Parameter
    public let bias: Parameter?

    public init(name: String, inFeatures: Int, outFeatures: Int, bias: Bool = true, rng: inout RandomGenerator) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw GANError.invalidConfiguration("\(name): a linear layer needs positive sizes, got \(inFeatures)→\(outFeatures)")
        }
        self.name = name
        let bound = Float(1 / Double(inFeatures).squareRoot())
        weight = Parameter(name: name + ".weight", value: .rand([outFeatures, inFeatures], using: &rng, low: -bound, high: bound))
        self.bias = bias ? Parameter(name: name + ".bias", value: .rand([outFeatures], using: &rng, low: -bound, high: bound)) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }
    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }
    public var summary: String { "linear \(inFeatures)→\(outFeatures)" + (bias == nil ? " (no bias)" : "") }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 2, x.shape[1] == inFeatures else {
            throw GANError.invalidInput("\(name): expected (N, \(inFeatures)), got \(x.shape.shapeDescription)")
        }
        let y = try Tensor.matmul(x, weight.value, transposeB: true)
        return try bias.map { try y + $0.value } ?? y
    }
}
