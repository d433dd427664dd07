import Foundation
import SpecTensor

/// The reference's StyleGAN2 generator (its `SG2Generator`: NVlabs' networks_stylegan2 Generator with channels
/// divided, skip architecture, no class input): `mapping` makes ws from z, `synthesis` blocks b4 … b{res} make the
/// image. Parameter and buffer names are the reference's state_dict names.
public final class StyleGAN2Generator: Module, Model {
    public struct Configuration: Equatable, Sendable {
        public var resolution: Int
        public var zDim: Int
        public var divide: Int
        public var imageChannels: Int
        public var mappingLayers: Int

        public init(resolution: Int, zDim: Int = 512, divide: Int = 1, imageChannels: Int = 3, mappingLayers: Int = 8) {
            (self.resolution, self.zDim, self.divide, self.imageChannels, self.mappingLayers) = (resolution, zDim, divide, imageChannels, mappingLayers)
        }

        func channels(_ res: Int) -> Int { StyleGANOps.channels(res, divide: divide) }
        var wDim: Int { 512 / divide }
    }

    public let configuration: Configuration
    public let mapping: StyleGAN2Mapping
    public let blocks: [StyleGAN2SynthesisBlock]
    /// The synthesis network, a container naming the blocks `synthesis.b4`, ….
    private let synthesis: NamedBlocks
    /// Drawn from for random noise when a caller gives no generator of its own.
    private var noiseRNG: RandomGenerator

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        try StyleGANOps.validate("stylegan2_generator", resolution: c.resolution, minimum: 4, divide: c.divide)
        guard c.zDim > 0, c.imageChannels > 0, c.mappingLayers > 0 else {
            throw GANError.invalidConfiguration("stylegan2_generator: z_dim, image channels and mapping layers must be positive, got \(c.zDim), \(c.imageChannels), \(c.mappingLayers)")
        }
        self.configuration = c
        var blocks: [StyleGAN2SynthesisBlock] = []
        var res = 4
        while res <= c.resolution {
            blocks.append(try StyleGAN2SynthesisBlock(inChannels: res == 4 ? 0 : c.channels(res / 2), outChannels: c.channels(res), wDim: c.wDim,
                                                      resolution: res, imageChannels: c.imageChannels, rng: &rng))
            res *= 2
        }
        // Each block after the first shares its first w with the previous block's toRGB.
        let numWs = blocks.map(\.numWs).reduce(0, +) - (blocks.count - 1)
        mapping = try StyleGAN2Mapping(zDim: c.zDim, cDim: 0, wDim: c.wDim, numWs: numWs, layers: c.mappingLayers, keepsAverage: true, rng: &rng)
        self.blocks = blocks
        synthesis = NamedBlocks(blocks.map { ("b\($0.resolution)", $0) })
        noiseRNG = RandomGenerator(seed: rng.next())
        super.init()
        adopt(mapping, as: "mapping")
        adopt(synthesis, as: "synthesis")
    }

    public override var children: [(name: String, module: Module)] {
        [("mapping", mapping), ("synthesis", synthesis)]
    }
    public override var summary: String { "stylegan2_generator" }

    /// The image for latents `z` (N, z_dim), with the noise from `noise`.
    public func forward(_ z: Tensor, noise: SynthesisNoise) throws -> Tensor {
        try synthesize(try ws(z), noise: noise)
    }

    /// The mapping network's ws (N, num_ws, w_dim).
    public func ws(_ z: Tensor) throws -> Tensor {
        guard z.rank == 2, z.shape[1] == configuration.zDim else {
            throw GANError.invalidInput("stylegan2_generator: latents must have shape (N, \(configuration.zDim)), got \(z.shape.shapeDescription)")
        }
        return try mapping.forward(z: z, c: nil)
    }

    /// The synthesis network on ws; `activations` receives every block's (x, image).
    public func synthesize(_ ws: Tensor, noise: SynthesisNoise, activations: ((Int, Tensor, Tensor) -> Void)? = nil) throws -> Tensor {
        var x: Tensor?, image: Tensor?
        var offset = 0
        for block in blocks {
            let rows = try ws.slice(axis: 1, start: offset, end: offset + block.numWs)
            let out = try block.forward(x: x, image: image, ws: rows, noise: noise)
            (x, image) = (out.x, out.image)
            activations?(block.resolution, out.x, out.image)
            offset += block.numWs - 1
        }
        guard let image else { throw GANError.invalidInput("stylegan2_generator: no blocks") }
        return image
    }

    public override func forward(_ z: Tensor) throws -> Tensor { try forward(z, random: &noiseRNG) }

    /// The testbeds' call: random noise drawn from `random`.
    public override func forward(_ z: Tensor, random: inout RandomGenerator) throws -> Tensor {
        let noise = SynthesisNoise(.random, rng: random)
        defer { random = noise.rng }
        return try forward(z, noise: noise)
    }

    public func forward(_ z: Tensor, classes: [Int]?) throws -> Tensor {
        guard classes == nil else { throw GANError.invalidInput("stylegan2_generator is not class-conditional: call it without classes") }
        return try forward(z)
    }

    public override func copy() throws -> StyleGAN2Generator {
        var rng = RandomGenerator(seed: 0)
        let twin = try StyleGAN2Generator(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }

    /// Only the [1, 3, 3, 1] filter is implemented: a loaded `resample_filter` must be it.
    static func checkFilter(_ buffer: Parameter, at path: String) throws {
        let expected = StyleGANOps.filter2D
        guard buffer.shape == [4, 4], zip(buffer.value.scalars, expected).allSatisfy({ Swift.abs($0 - $1) <= 1e-7 }) else {
            throw GANError.invalidConfiguration("\(path).resample_filter: only StyleGAN's [1, 3, 3, 1] filter is supported")
        }
    }
}

/// Blocks under the reference's names (`b4`, `b8`, …): the synthesis network's container.
final class NamedBlocks: Module {
    let blocks: [(name: String, module: Module)]
    init(_ blocks: [(name: String, module: Module)]) {
        self.blocks = blocks
        super.init()
        for (name, block) in blocks { adopt(block, as: name) }
    }
    override var children: [(name: String, module: Module)] { blocks }
    override var summary: String { "\(blocks.count) blocks" }
}
