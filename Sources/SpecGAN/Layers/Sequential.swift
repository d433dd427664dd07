import SpecTensor

/// Modules applied one after the other, named by position (`0`, `1`, …) as PyTorch's nn.Sequential.
public final class Sequential: Module {
    public let layers: [Module]

    public init(_ layers: [Module]) {
        self.layers = layers
        super.init()
        for (i, layer) in layers.enumerated() { adopt(layer, as: String(i)) }
    }

    public override var children: [(name: String, module: Module)] { layers.enumerated().map { (String($0), $1) } }
    public override var summary: String { "sequential of \(layers.count)" }
    public override func copy() throws -> Module { Sequential(try layers.map { try $0.copy() }) }

    public override func forward(_ x: Tensor) throws -> Tensor {
        try layers.reduce(x) { try $1.forward($0) }
    }

    public override func forward(_ x: Tensor, random: inout RandomGenerator) throws -> Tensor {
        var y = x
        for layer in layers { y = try layer.forward(y, random: &random) }
        return y
    }
}
