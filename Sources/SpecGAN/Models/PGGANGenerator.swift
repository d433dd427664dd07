import SpecTensor

/// PGGAN's generator at full resolution (level of detail 0, no progressive growing), as the reference builds it.
///
/// For each resolution 4, 8, …, `resolution` (block b = log2(res) − 2): `layer{2b}` (at 4×4 a 4×4 conv with zero
/// padding 3 on the latent viewed as a 1×1 image, otherwise upsample ×2 then a 3×3 conv), `layer{2b+1}` (3×3 conv;
/// ×4 output channels before a pixel-shuffle upsampling) and the toRGB block `output{b}` (1×1 conv, gain 1,
/// linear; only the last one is used). Every block starts with pixel norm; the latent is pixel-normed once more
/// before `layer0`.
public final class PGGANGenerator: Module, Model {
    public struct Configuration: Equatable, Sendable {
        public var resolution: Int
        public var zDim: Int
        public var divide: Int
        public var upsampling: UpsamplingMode
        public var padding: PaddingMode
        public var finalTanh: Bool
        public var imageChannels: Int

        public init(resolution: Int, zDim: Int = 512, divide: Int = 1, upsampling: UpsamplingMode = .nearest,
                    padding: PaddingMode = .zeros, finalTanh: Bool = false, imageChannels: Int = 3) {
            self.resolution = resolution
            self.zDim = zDim
            self.divide = divide
            self.upsampling = upsampling
            self.padding = padding
            self.finalTanh = finalTanh
            self.imageChannels = imageChannels
        }
    }

    public let configuration: Configuration
    /// The level-of-detail buffer; always 0 (full resolution).
    public let lod: Parameter
    /// `layer0`, `layer1`, … in order.
    public let blocks: [ConvBlock]
    /// `output0`, `output1`, …; only the last is used.
    public let toRGB: [ConvBlock]

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        try PGGAN.validate(resolution: c.resolution, divide: c.divide, lowest: c.resolution, model: "pggan_generator")
        guard c.zDim > 0, c.imageChannels > 0 else {
            throw GANError.invalidConfiguration("pggan_generator: z_dim and image channels must be positive, got \(c.zDim) and \(c.imageChannels)")
        }
        self.configuration = c
        lod = Parameter(Tensor(0), trainable: false)
        func conv(_ cin: Int, _ cout: Int, kernel: Int, padding: Int, mode: PaddingMode, gain: Double = 2.0.squareRoot()) throws -> Conv2d {
            try Conv2d(inChannels: cin, outChannels: cout, kernel: kernel, padding: padding, paddingMode: mode,
                       initialisation: .equalized(gain: gain), rng: &rng)
        }
        var blocks: [ConvBlock] = [], toRGB: [ConvBlock] = []
        let last = PGGAN.log2(c.resolution) - 2
        for b in 0...last {
            let res = 4 << b
            let nf = PGGAN.featureMaps(res, divide: c.divide)
            let multiplier = c.upsampling == .shuffle && b != last ? 4 : 1
            if b == 0 {
                blocks.append(ConvBlock(conv: try conv(c.zDim, nf, kernel: 4, padding: 3, mode: .zeros), pixelNorm: true))
            } else {
                blocks.append(ConvBlock(conv: try conv(PGGAN.featureMaps(res / 2, divide: c.divide), nf, kernel: 3, padding: 1, mode: c.padding),
                                        pixelNorm: true, upsample: c.upsampling))
            }
            blocks.append(ConvBlock(conv: try conv(nf, nf * multiplier, kernel: 3, padding: 1, mode: c.padding), pixelNorm: true))
            toRGB.append(ConvBlock(conv: try conv(nf, c.imageChannels, kernel: 1, padding: 0, mode: .zeros, gain: 1),
                                   pixelNorm: true, activation: .linear))
        }
        self.blocks = blocks
        self.toRGB = toRGB
        super.init()
        for (name, block) in children { adopt(block, as: name) }
    }

    /// `pggan_generator(res:, z_dim:, divide:, up:, padding:, tanh:)`.
    public convenience init(resolution: Int, zDim: Int = 512, divide: Int = 1, upsampling: UpsamplingMode = .nearest,
                            padding: PaddingMode = .zeros, finalTanh: Bool = false, rng: inout RandomGenerator) throws {
        try self.init(Configuration(resolution: resolution, zDim: zDim, divide: divide, upsampling: upsampling,
                                    padding: padding, finalTanh: finalTanh), rng: &rng)
    }

    /// The blocks in the reference's registration order: layer0, layer1, output0, layer2, layer3, output1, …
    public override var children: [(name: String, module: Module)] {
        toRGB.indices.flatMap { b -> [(name: String, module: Module)] in
            [("layer\(2 * b)", blocks[2 * b]), ("layer\(2 * b + 1)", blocks[2 * b + 1]), ("output\(b)", toRGB[b])]
        }
    }
    public override var ownBuffers: [NamedParameter] { [("lod", lod)] }
    public override var summary: String { "pggan_generator" }

    public override func forward(_ z: Tensor) throws -> Tensor { try forward(z, classes: nil) }

    /// G(z) for latents of shape (N, z_dim): images (N, image_channels, resolution, resolution).
    public func forward(_ z: Tensor, classes: [Int]?) throws -> Tensor {
        guard classes == nil else { throw GANError.invalidInput("pggan_generator is not class-conditional: call it without classes") }
        guard z.rank == 2, z.shape[1] == configuration.zDim else {
            throw GANError.invalidInput("pggan_generator: latents must have shape (N, \(configuration.zDim)), got \(z.shape.shapeDescription)")
        }
        var x = try pixelNorm(z).reshaped([z.shape[0], configuration.zDim, 1, 1])
        for block in blocks { x = try block(x) }
        let image = try toRGB[toRGB.count - 1](x)
        return configuration.finalTanh ? image.tanh() : image
    }

    public override func copy() throws -> PGGANGenerator {
        var rng = RandomGenerator(seed: 0)
        let twin = try PGGANGenerator(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }

    public override func validateState() throws {
        guard lod.value.scalars == [0] else {
            throw GANError.invalidConfiguration("pggan_generator: the lod buffer is \(lod.value.scalars); only full resolution (lod 0) is supported")
        }
    }
}
