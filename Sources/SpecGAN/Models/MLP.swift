import SpecTensor

/// The reference's MLP: Linear layers (PyTorch initialisation) with an activation between them, none after the
/// last; parameters named as its `nn.Sequential` (`main.0.weight`, `main.2.weight`, …). Class-conditional like
/// the discriminator: with one class per sample it returns that class's output, (N, 1). Inputs of rank above 2
/// (images, when an MLP is the discriminator of the testbed) are flattened per sample.
public final class MLP: Module, Model {
    public struct Configuration: Equatable, Sendable {
        public var inputSize: Int
        public var outputSize: Int
        /// Widths of the hidden layers' inputs: the first is the input layer's output, one per hidden layer after.
        public var hiddenWidths: [Int]
        public var activation: Activation
        public var bias: Bool

        /// `hiddenCount` hidden layers of width `width` (the reference's `nhidden` and `dhidden`).
        public init(inputSize: Int, outputSize: Int, hiddenCount: Int = 3, width: Int = 16,
                    activation: Activation = .relu, bias: Bool = true) {
            self.init(inputSize: inputSize, outputSize: outputSize,
                      hiddenWidths: [Int](repeating: width, count: max(hiddenCount, 0) + 1), activation: activation, bias: bias)
        }

        /// Explicit widths, `hiddenCount + 1` of them.
        public init(inputSize: Int, outputSize: Int, hiddenWidths: [Int], activation: Activation = .relu, bias: Bool = true) {
            self.inputSize = inputSize
            self.outputSize = outputSize
            self.hiddenWidths = hiddenWidths
            self.activation = activation
            self.bias = bias
        }
    }

    public let configuration: Configuration
    /// The reference's `main`: linear layers with the activation between them.
    public let main: Sequential

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        guard !c.hiddenWidths.isEmpty else { throw GANError.invalidConfiguration("mlp: needs at least one hidden width") }
        let sizes = [c.inputSize] + c.hiddenWidths + [c.outputSize]
        guard sizes.allSatisfy({ $0 > 0 }) else { throw GANError.invalidConfiguration("mlp: layer sizes must be positive, got \(sizes)") }
        // All the weights together must fit, before a single layer is made (a billion small layers do not).
        var total = 0
        for i in 0..<(sizes.count - 1) {
            let (w, o1) = sizes[i].multipliedReportingOverflow(by: sizes[i + 1])
            let (t, o2) = total.addingReportingOverflow(w)
            guard !o1, !o2, t <= AllocationLimit.bytes / 4 else {
                throw GANError.invalidConfiguration("mlp: \(sizes.count - 1) layers of these sizes would take more than the memory limit of \(AllocationLimit.describe(AllocationLimit.bytes))")
            }
            total = t
        }
        self.configuration = c
        // nn.Sequential numbers the activations too, so linear layer i is `main.{2i}`.
        var layers: [Module] = []
        for i in 0..<(sizes.count - 1) {
            if i > 0 { layers.append(FunctionLayer.activation(c.activation)) }
            layers.append(try Linear(inFeatures: sizes[i], outFeatures: sizes[i + 1], bias: c.bias, rng: &rng))
        }
        main = Sequential(layers)
        super.init()
        adopt(main, as: "main")
    }

    public override var children: [(name: String, module: Module)] { [("main", main)] }
    public override var summary: String { "mlp" }
    public var classCount: Int? { configuration.outputSize }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, classes: nil) }

    public func forward(_ x: Tensor, classes: [Int]?) throws -> Tensor {
        let y = try main(x.rank > 2 ? try x.reshaped([x.shape[0], -1]) : x)
        return try classes.map { try selectLogits(y, classes: $0) } ?? y
    }

    public override func copy() throws -> MLP {
        var rng = RandomGenerator(seed: 0)
        let twin = try MLP(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }
}
