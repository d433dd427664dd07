import SpecTensor

/// A 2-D convolution layer: PyTorch's nn.Conv2d (stride, padding in any mode, groups, optional bias) with either
/// PyTorch's initialisation or the equalised learning rate. Padding other than zeros is applied explicitly before a
/// convolution without padding, as the reference does.
public final class Conv2d: Module {
    public let weight: Parameter
    public let bias: Parameter?
    public let stride: Int
    public let padding: Int
    public let paddingMode: PaddingMode
    public let groups: Int
    public let initialisation: Initialisation
    let weightScale: Float
    let biasScale: Float

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, paddingMode: PaddingMode = .zeros,
                groups: Int = 1, bias: Bool = true, initialisation: Initialisation = .pytorch, rng: inout RandomGenerator) throws {
        guard inChannels > 0, outChannels > 0, kernel > 0, stride > 0, padding >= 0, groups > 0 else {
            throw GANError.invalidConfiguration("a conv needs positive channel counts, kernel size, stride and groups and a padding ≥ 0, got \(inChannels)→\(outChannels), kernel \(kernel), stride \(stride), padding \(padding), groups \(groups)")
        }
        guard inChannels % groups == 0, outChannels % groups == 0 else {
            throw GANError.invalidConfiguration("a conv with \(groups) groups needs channel counts divisible by \(groups), got \(inChannels)→\(outChannels)")
        }
        guard paddingMode == .zeros || padding <= kernel else {
            throw GANError.invalidConfiguration("\(paddingMode.rawValue) padding of \(padding) is wider than the kernel (\(kernel))")
        }
        let fanIn = inChannels / groups * kernel * kernel
        let made = try initialisation.make(weightShape: [outChannels, inChannels / groups, kernel, kernel], biasCount: bias ? outChannels : nil,
                                       fanIn: fanIn, rng: &rng)
        weight = Parameter(made.weight)
        self.bias = made.bias.map { Parameter($0) }
        (self.stride, self.padding, self.paddingMode, self.groups, self.initialisation) = (stride, padding, paddingMode, groups, initialisation)
        weightScale = made.weightScale
        biasScale = made.biasScale
    }

    private init(copying o: Conv2d) {
        weight = Parameter(o.weight.value)
        bias = o.bias.map { Parameter($0.value) }
        (stride, padding, paddingMode, groups, initialisation) = (o.stride, o.padding, o.paddingMode, o.groups, o.initialisation)
        weightScale = o.weightScale
        biasScale = o.biasScale
    }

    public var inChannels: Int { weight.shape[1] * groups }
    public var outChannels: Int { weight.shape[0] }
    public var kernel: Int { weight.shape[2] }

    public override var ownParameters: [NamedParameter] { [("weight", weight)] + (bias.map { [("bias", $0)] } ?? []) }
    public override func copy() -> Conv2d { Conv2d(copying: self) }

    public override var summary: String {
        var s = "conv \(kernel)×\(kernel) \(inChannels)→\(outChannels)"
        if stride != 1 { s += ", stride \(stride)" }
        if padding > 0 { s += ", \(paddingMode.rawValue) padding \(padding)" }
        if groups != 1 { s += ", \(groups) groups" }
        if bias == nil { s += ", no bias" }
        return s + initialisation.note
    }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, keepingEvery: 1) }

    /// The convolution, then every `factor`-th row and column of its output (`factor` 1: the convolution), computed
    /// as the convolution at `factor` times the stride: only the outputs that are kept.
    public func forward(_ x: Tensor, keepingEvery factor: Int) throws -> Tensor {
        guard x.rank == 4, x.shape[1] == inChannels else {
            throw located("\(summary) expects (N, \(inChannels), H, W), got \(x.shape.shapeDescription)")
        }
        do {
            let input = padding > 0 && paddingMode != .zeros ? try x.padded([padding, padding, padding, padding], mode: paddingMode) : x
            let pad = paddingMode == .zeros ? padding : 0
            return try Tensor.conv2d(input, weightScale == 1 ? weight.value : weight.value * weightScale,
                                     bias: bias.map { biasScale == 1 ? $0.value : $0.value * biasScale },
                                     stride: (stride * factor, stride * factor), padding: (pad, pad), groups: groups)
        } catch let e as TensorError { throw located("\(summary): \(e.description)") }
    }
}
