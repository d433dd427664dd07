import SpecTensor

/// A fully connected layer, y = x·(s·W)ᵀ + s_b·b: PyTorch's nn.Linear, or PGGAN's and StyleGAN's equalised dense
/// layer (see `Initialisation`). Inputs of rank above 2 are flattened per sample.
public final class Linear: Module {
    public let weight: Parameter
    public let bias: Parameter?
    public let initialisation: Initialisation
    let weightScale: Float
    let biasScale: Float

    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, initialisation: Initialisation = .pytorch,
                rng: inout RandomGenerator) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw GANError.invalidConfiguration("a linear layer needs positive sizes, got \(inFeatures)→\(outFeatures)")
        }
        let made = try initialisation.make(weightShape: [outFeatures, inFeatures], biasCount: bias ? outFeatures : nil, fanIn: inFeatures, rng: &rng)
        weight = Parameter(made.weight)
        self.bias = made.bias.map { Parameter($0) }
        self.initialisation = initialisation
        weightScale = made.weightScale
        biasScale = made.biasScale
    }

    private init(copying other: Linear) {
        weight = Parameter(other.weight.value)
        bias = other.bias.map { Parameter($0.value) }
        initialisation = other.initialisation
        weightScale = other.weightScale
        biasScale = other.biasScale
    }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public override var ownParameters: [NamedParameter] { [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []) }
    public override var summary: String {
        "linear \(inFeatures)→\(outFeatures)" + (bias == nil ? ", no bias" : "") + initialisation.note
    }
    public override func copy() -> Linear { Linear(copying: self) }

    public override func forward(_ x: Tensor) throws -> Tensor {
        let flat = x.rank > 2 ? try x.flattened(from: 1) : x
        guard flat.rank == 2, flat.shape[1] == inFeatures else {
            throw located("\(summary) expects (N, \(inFeatures)), got \(x.shape.shapeDescription)")
        }
        let y = try Tensor.matmul(flat, weightScale == 1 ? weight.value : weight.value * weightScale, transposeB: true)
        guard let bias else { return y }
        return try y + (biasScale == 1 ? bias.value : bias.value * biasScale)
    }
}
