import SpecTensor

/// PGGAN's discriminator at full resolution (level of detail 0), as the reference builds it.
///
/// `input{b}` is a 1×1 fromRGB conv for each resolution (only `input0` is used). From the input resolution down to
/// 8 (block b = log2(resolution) − log2(res)): `layer{2b}` a 3×3 conv, `layer{2b+1}` a 3×3 conv followed by ×2
/// downsampling. At 4×4: `layer{2b}` minibatch std then a 3×3 conv, `layer{2b+1}` a dense layer on the flattened
/// map, `layer{2b+2}` a linear dense layer (gain 1) with 1 + label_size outputs. Every other block ends in
/// LeakyReLU(0.2).
public final class PGGANDiscriminator: Module, Model {
    public struct Configuration: Equatable, Sendable {
        public var resolution: Int
        public var divide: Int
        public var downsampling: DownsamplingMode
        public var padding: PaddingMode
        /// Extra logits for class-conditional use: the output has 1 + labelSize columns.
        public var labelSize: Int
        public var minibatchStdGroup: Int
        public var imageChannels: Int

        public init(resolution: Int, divide: Int = 1, downsampling: DownsamplingMode = .avg, padding: PaddingMode = .zeros,
                    labelSize: Int = 0, minibatchStdGroup: Int = 16, imageChannels: Int = 3) {
            self.resolution = resolution
            self.divide = divide
            self.downsampling = downsampling
            self.padding = padding
            self.labelSize = labelSize
            self.minibatchStdGroup = minibatchStdGroup
            self.imageChannels = imageChannels
        }
    }

    public let configuration: Configuration
    /// The level-of-detail buffer; always 0 (full resolution).
    public let lod: Parameter
    /// `input0`, `input1`, …; only `input0` is used.
    public let fromRGB: [ConvBlock]
    /// The 3×3 conv blocks `layer0` … `layer{2b}` (the last one with minibatch std).
    public let convBlocks: [ConvBlock]
    /// The two dense blocks at the end.
    public let denseBlocks: [DenseBlock]
    /// Every block under its reference name, in the reference's registration order: input0, layer0, layer1, input1, …
    private let named: [(name: String, module: Module)]

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        try PGGAN.validate(resolution: c.resolution, divide: c.divide, lowest: 2, model: "pggan_discriminator")
        guard c.labelSize >= 0, c.imageChannels > 0, c.minibatchStdGroup >= 0 else {
            throw GANError.invalidConfiguration("pggan_discriminator: label size, image channels and group size must not be negative")
        }
        self.configuration = c
        lod = Parameter(Tensor(0), trainable: false)
        let nf = { PGGAN.featureMaps($0, divide: c.divide) }
        func conv(_ cin: Int, _ cout: Int, kernel: Int, padding: Int, gain: Double = 2.0.squareRoot()) throws -> Conv2d {
            try Conv2d(inChannels: cin, outChannels: cout, kernel: kernel, padding: padding, paddingMode: c.padding,
                       initialisation: .equalized(gain: gain), rng: &rng)
        }
        var fromRGB: [ConvBlock] = [], convBlocks: [ConvBlock] = [], named: [(name: String, module: Module)] = []
        let last = PGGAN.log2(c.resolution) - 2
        for b in 0...last {
            let res = c.resolution >> b
            fromRGB.append(ConvBlock(conv: try conv(c.imageChannels, nf(res), kernel: 1, padding: 0)))
            named.append(("input\(b)", fromRGB[b]))
            if res > 4 {
                convBlocks.append(ConvBlock(conv: try conv(nf(res), nf(res), kernel: 3, padding: 1)))
                convBlocks.append(ConvBlock(conv: try conv(nf(res), nf(res / 2), kernel: 3, padding: 1), downsample: c.downsampling))
                named += [("layer\(2 * b)", convBlocks[2 * b]), ("layer\(2 * b + 1)", convBlocks[2 * b + 1])]
            } else {
                let group = c.minibatchStdGroup > 1 ? c.minibatchStdGroup : nil
                convBlocks.append(ConvBlock(conv: try conv(nf(4) + (group == nil ? 0 : 1), nf(4), kernel: 3, padding: 1),
                                            minibatchStdGroup: group))
                named.append(("layer\(2 * b)", convBlocks[2 * b]))
            }
        }
        let b = last
        denseBlocks = [
            DenseBlock(dense: try Linear(inFeatures: nf(4) * 16, outFeatures: nf(2), initialisation: .equalized(), rng: &rng)),
            DenseBlock(dense: try Linear(inFeatures: nf(2), outFeatures: 1 + c.labelSize, initialisation: .equalized(gain: 1), rng: &rng),
                       activation: .linear),
        ]
        named += [("layer\(2 * b + 1)", denseBlocks[0]), ("layer\(2 * b + 2)", denseBlocks[1])]
        self.fromRGB = fromRGB
        self.convBlocks = convBlocks
        self.named = named
        super.init()
        for (name, block) in named { adopt(block, as: name) }
    }

    /// `pggan_discriminator(res:, divide:, down:, padding:, classes:)`; `labelSize` extra logits.
    public convenience init(resolution: Int, divide: Int = 1, downsampling: DownsamplingMode = .avg, padding: PaddingMode = .zeros,
                            labelSize: Int = 0, rng: inout RandomGenerator) throws {
        try self.init(Configuration(resolution: resolution, divide: divide, downsampling: downsampling, padding: padding,
                                    labelSize: labelSize), rng: &rng)
    }

    public override var ownBuffers: [NamedParameter] { [("lod", lod)] }
    public override var children: [(name: String, module: Module)] { named }
    public override var summary: String { "pggan_discriminator" }
    public var classCount: Int? { configuration.labelSize + 1 }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, classes: nil) }

    /// D(x) for images (N, C, res, res): logits (N, 1 + label_size), or (N, 1) with one class per sample.
    public func forward(_ x: Tensor, classes: [Int]?) throws -> Tensor {
        let c = configuration
        guard x.rank == 4, x.shape[1] == c.imageChannels, x.shape[2] == c.resolution, x.shape[3] == c.resolution else {
            throw GANError.invalidInput("pggan_discriminator: images must have shape (N, \(c.imageChannels), \(c.resolution), \(c.resolution)), got \(x.shape.shapeDescription)")
        }
        var y = try fromRGB[0](x)
        for block in convBlocks { y = try block(y) }
        for block in denseBlocks { y = try block(y) }
        return try classes.map { try selectLogits(y, classes: $0) } ?? y
    }

    public override func copy() throws -> PGGANDiscriminator {
        var rng = RandomGenerator(seed: 0)
        let twin = try PGGANDiscriminator(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }

    public override func validateState() throws {
        guard lod.value.scalars == [0] else {
            throw GANError.invalidConfiguration("pggan_discriminator: the lod buffer is \(lod.value.scalars); only full resolution (lod 0) is supported")
        }
    }
}
