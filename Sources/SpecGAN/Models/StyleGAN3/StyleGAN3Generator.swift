import Foundation
import SpecTensor

/// The reference's StyleGAN3 generator (its `SG3Generator`: NVlabs' StyleGAN3-T with channels divided): a 2-layer
/// mapping network (lr multiplier 0.01), the Fourier-feature input, 15 synthesis layers of the schedule (the last
/// one toRGB), and the output scaled by ¼. Its forward pass draws nothing: the input's frequencies and phases are
/// fixed buffers. Parameter and buffer names are the reference's state_dict names.
public final class StyleGAN3Generator: Module, Model {
    public struct Configuration: Equatable, Sendable {
        public var resolution: Int
        public var zDim: Int
        public var divide: Int
        public var imageChannels: Int

        public init(resolution: Int, zDim: Int = 512, divide: Int = 1, imageChannels: Int = 3) {
            (self.resolution, self.zDim, self.divide, self.imageChannels) = (resolution, zDim, divide, imageChannels)
        }

        var wDim: Int { 512 / divide }
        var schedule: StyleGAN3Schedule {
            StyleGAN3Schedule(resolution: resolution, imageChannels: imageChannels, channelBase: 32768 / divide, channelMax: 512 / divide)
        }
    }

    public let configuration: Configuration
    public let schedule: StyleGAN3Schedule
    public let mapping: StyleGAN2Mapping
    public let input: StyleGAN3Input
    public let layers: [StyleGAN3Layer]
    private let synthesis: NamedBlocks
    public static let outputScale: Float = 0.25

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        try StyleGANOps.validate("stylegan3_generator", resolution: c.resolution, minimum: 16, divide: c.divide)
        guard c.zDim > 0, c.imageChannels > 0 else {
            throw GANError.invalidConfiguration("stylegan3_generator: z_dim and image channels must be positive, got \(c.zDim) and \(c.imageChannels)")
        }
        self.configuration = c
        schedule = c.schedule
        mapping = try StyleGAN2Mapping(zDim: c.zDim, cDim: 0, wDim: c.wDim, numWs: schedule.numWs, layers: 2, keepsAverage: true, rng: &rng)
        let i = schedule.input
        input = try StyleGAN3Input(wDim: c.wDim, channels: i.channels, size: i.size, samplingRate: i.samplingRate, bandwidth: i.bandwidth, rng: &rng)
        layers = try schedule.layers.map { try StyleGAN3Layer($0, wDim: c.wDim, rng: &rng) }
        synthesis = NamedBlocks([("input", input)] + layers.map { ($0.spec.name, $0) })
        super.init()
        adopt(mapping, as: "mapping")
        adopt(synthesis, as: "synthesis")
    }

    public override var children: [(name: String, module: Module)] { [("mapping", mapping), ("synthesis", synthesis)] }
    public override var summary: String { "stylegan3_generator" }

    public func ws(_ z: Tensor) throws -> Tensor {
        guard z.rank == 2, z.shape[1] == configuration.zDim else {
            throw GANError.invalidInput("stylegan3_generator: latents must have shape (N, \(configuration.zDim)), got \(z.shape.shapeDescription)")
        }
        return try mapping.forward(z: z, c: nil)
    }

    /// The synthesis network on ws (N, num_ws, w_dim); `activations` receives each module's output by name.
    public func synthesize(_ ws: Tensor, activations: ((String, Tensor) -> Void)? = nil) throws -> Tensor {
        var x = try input.forward(w: try ws.select(axis: 1, index: 0))
        activations?("input", x)
        for (k, layer) in layers.enumerated() {
            x = try layer.forward(x, w: try ws.select(axis: 1, index: k + 1))
            activations?(layer.spec.name, x)
        }
        return x * Self.outputScale
    }

    public override func forward(_ z: Tensor) throws -> Tensor { try synthesize(try ws(z)) }

    public func forward(_ z: Tensor, classes: [Int]?) throws -> Tensor {
        guard classes == nil else { throw GANError.invalidInput("stylegan3_generator is not class-conditional: call it without classes") }
        return try forward(z)
    }

    public override func copy() throws -> StyleGAN3Generator {
        var rng = RandomGenerator(seed: 0)
        let twin = try StyleGAN3Generator(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }
}
