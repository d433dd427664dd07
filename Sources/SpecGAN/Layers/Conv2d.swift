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

    /// Whether `forward(zeroInserted:)` applies: zero padding no wider than the kernel less one, unit stride, one group.
    public var convolvesZeroInsertion: Bool { paddingMode == .zeros && padding < kernel && stride == 1 && groups == 1 }

    /// The convolution of x upsampled ×2 by zero insertion (x at even rows and columns, zeros between), computed as
    /// the transposed convolution at stride 2 with the kernels flipped: only the products with x's values, a quarter
    /// of the work, and no upsampled image to make or keep. Needs `convolvesZeroInsertion`.
    public func forward(zeroInserted x: Tensor) throws -> Tensor {
        try applied(to: x) { weight, bias in
            // Output row r sums w[k]·x[i] where r = 2i + (kernel − 1 − k) − (kernel − 1 − padding): the transposed
            // convolution with padding kernel − 1 − padding; one row of output padding makes the height
            // 2H + 2·padding − kernel + 1, that of the conv of the upsampled image.
            let pad = kernel - 1 - padding
            let y = try Tensor.convTranspose2d(x, weight.permuted([1, 0, 2, 3]).flipped(axes: [2, 3]), stride: (2, 2),
                                               padding: (pad, pad), outputPadding: (1, 1))
            guard let bias else { return y }
            return try y + bias.reshaped([1, outChannels, 1, 1])
        }
    }

    /// The convolution, then every `factor`-th row and column of its output (`factor` 1: the convolution), computed
    /// as the convolution at `factor` times the stride: only the outputs that are kept.
    public func forward(_ x: Tensor, keepingEvery factor: Int) throws -> Tensor {
        try applied(to: x) { weight, bias in
            let input = padding > 0 && paddingMode != .zeros ? try x.padded([padding, padding, padding, padding], mode: paddingMode) : x
            let pad = paddingMode == .zeros ? padding : 0
            return try Tensor.conv2d(input, weight, bias: bias, stride: (stride * factor, stride * factor), padding: (pad, pad), groups: groups)
        }
    }

    /// `body` on the scaled weight and bias, after checking x's shape; tensor errors name the layer.
    private func applied(to x: Tensor, _ body: (_ weight: Tensor, _ bias: Tensor?) throws -> Tensor) throws -> Tensor {
        guard x.rank == 4, x.shape[1] == inChannels else {
            throw located("\(summary) expects (N, \(inChannels), H, W), got \(x.shape.shapeDescription)")
        }
        do {
            return try body(weightScale == 1 ? weight.value : weight.value * weightScale,
                            bias.map { biasScale == 1 ? $0.value : $0.value * biasScale })
        } catch let e as TensorError { throw located("\(summary): \(e.description)") }
    }
}
