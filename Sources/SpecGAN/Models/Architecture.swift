import SpecTensor

/// What a model is, without its weights: enough to build it again (a run's configuration, resuming a run).
/// Encoded as a flat JSON object with a `kind` (the builtin's name) and the builtin's parameter names.
public enum Architecture: Equatable, Sendable {
    case pgganGenerator(PGGANGenerator.Configuration)
    case pgganDiscriminator(PGGANDiscriminator.Configuration)
    case mlp(MLP.Configuration)
    case directGenerator(DirectGenerator.Configuration)
    case spectralDiscriminator(SpectralDiscriminator.Configuration)
    case stylegan2Generator(StyleGAN2Generator.Configuration)
    case stylegan2Discriminator(StyleGAN2Discriminator.Configuration)
    case stylegan3Generator(StyleGAN3Generator.Configuration)

    /// The name of the builtin that makes such a model (`pggan_generator`, …).
    public var kind: String {
        switch self {
        case .pgganGenerator: "pggan_generator"
        case .pgganDiscriminator: "pggan_discriminator"
        case .mlp: "mlp"
        case .directGenerator: "direct_generator"
        case .spectralDiscriminator: "spectral_discriminator"
        case .stylegan2Generator: "stylegan2_generator"
        case .stylegan2Discriminator: "stylegan2_discriminator"
        case .stylegan3Generator: "stylegan3_generator"
        }
    }

    /// A new model of this architecture, initialised from `rng`.
    public func build(rng: inout RandomGenerator) throws -> any Model {
        switch self {
        case .pgganGenerator(let c): try PGGANGenerator(c, rng: &rng)
        case .pgganDiscriminator(let c): try PGGANDiscriminator(c, rng: &rng)
        case .mlp(let c): try MLP(c, rng: &rng)
        case .directGenerator(let c): try DirectGenerator(c, rng: &rng)
        case .spectralDiscriminator(let c): try SpectralDiscriminator(c, rng: &rng)
        case .stylegan2Generator(let c): try StyleGAN2Generator(c, rng: &rng)
        case .stylegan2Discriminator(let c): try StyleGAN2Discriminator(c, rng: &rng)
        case .stylegan3Generator(let c): try StyleGAN3Generator(c, rng: &rng)
        }
    }

    /// The architecture of a model built by this module.
    public init(of model: Module) throws {
        switch model {
        case let m as PGGANGenerator: self = .pgganGenerator(m.configuration)
        case let m as PGGANDiscriminator: self = .pgganDiscriminator(m.configuration)
        case let m as MLP: self = .mlp(m.configuration)
        case let m as DirectGenerator: self = .directGenerator(m.configuration)
        case let m as SpectralDiscriminator: self = .spectralDiscriminator(m.configuration)
        case let m as StyleGAN2Generator: self = .stylegan2Generator(m.configuration)
        case let m as StyleGAN2Discriminator: self = .stylegan2Discriminator(m.configuration)
        case let m as StyleGAN3Generator: self = .stylegan3Generator(m.configuration)
        default: throw GANError.invalidInput("a model of type \(type(of: model)) has no known architecture")
        }
    }
}

extension Architecture: Codable {
    private enum Key: String, CodingKey {
        case kind, res, z_dim, divide, up, down, padding, tanh, channels, label_size, minibatch_group
        case input, output, widths, activation, bias, count, classes, mapping_layers
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .pgganGenerator(let g):
            try c.encode(g.resolution, forKey: .res)
            try c.encode(g.zDim, forKey: .z_dim)
            try c.encode(g.divide, forKey: .divide)
            try c.encode(g.upsampling.rawValue, forKey: .up)
            try c.encode(g.padding.rawValue, forKey: .padding)
            try c.encode(g.finalTanh, forKey: .tanh)
            try c.encode(g.imageChannels, forKey: .channels)
        case .pgganDiscriminator(let d):
            try c.encode(d.resolution, forKey: .res)
            try c.encode(d.divide, forKey: .divide)
            try c.encode(d.downsampling.rawValue, forKey: .down)
            try c.encode(d.padding.rawValue, forKey: .padding)
            try c.encode(d.labelSize, forKey: .label_size)
            try c.encode(d.minibatchStdGroup, forKey: .minibatch_group)
            try c.encode(d.imageChannels, forKey: .channels)
        case .mlp(let m):
            try c.encode(m.inputSize, forKey: .input)
            try c.encode(m.outputSize, forKey: .output)
            try c.encode(m.hiddenWidths, forKey: .widths)
            try c.encode(m.activation.description, forKey: .activation)
            try c.encode(m.bias, forKey: .bias)
        case .directGenerator(let g):
            try c.encode(g.count, forKey: .count)
            try c.encode(g.resolution, forKey: .res)
            try c.encode(g.imageChannels, forKey: .channels)
        case .spectralDiscriminator(let s):
            try c.encode(s.resolution, forKey: .res)
            try c.encode(s.classes, forKey: .classes)
        case .stylegan2Generator(let g):
            try c.encode(g.resolution, forKey: .res)
            try c.encode(g.zDim, forKey: .z_dim)
            try c.encode(g.divide, forKey: .divide)
            try c.encode(g.imageChannels, forKey: .channels)
            try c.encode(g.mappingLayers, forKey: .mapping_layers)
        case .stylegan2Discriminator(let d):
            try c.encode(d.resolution, forKey: .res)
            try c.encode(d.divide, forKey: .divide)
            try c.encode(d.classes, forKey: .classes)
            try c.encode(d.imageChannels, forKey: .channels)
        case .stylegan3Generator(let g):
            try c.encode(g.resolution, forKey: .res)
            try c.encode(g.zDim, forKey: .z_dim)
            try c.encode(g.divide, forKey: .divide)
            try c.encode(g.imageChannels, forKey: .channels)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func int(_ key: Key) throws -> Int { try c.decode(Int.self, forKey: key) }
        func string(_ key: Key) throws -> String { try c.decode(String.self, forKey: key) }
        switch try string(.kind) {
        case "pggan_generator":
            self = .pgganGenerator(.init(resolution: try int(.res), zDim: try int(.z_dim), divide: try int(.divide),
                                         upsampling: try UpsamplingMode(name: try string(.up)),
                                         padding: try PaddingMode(name: try string(.padding)),
                                         finalTanh: try c.decode(Bool.self, forKey: .tanh), imageChannels: try int(.channels)))
        case "pggan_discriminator":
            self = .pgganDiscriminator(.init(resolution: try int(.res), divide: try int(.divide),
                                             downsampling: try DownsamplingMode(name: try string(.down)),
                                             padding: try PaddingMode(name: try string(.padding)), labelSize: try int(.label_size),
                                             minibatchStdGroup: try int(.minibatch_group), imageChannels: try int(.channels)))
        case "mlp":
            self = .mlp(.init(inputSize: try int(.input), outputSize: try int(.output), hiddenWidths: try c.decode([Int].self, forKey: .widths),
                              activation: try Activation(name: try string(.activation)), bias: try c.decode(Bool.self, forKey: .bias)))
        case "direct_generator":
            self = .directGenerator(.init(count: try int(.count), resolution: try int(.res), imageChannels: try int(.channels)))
        case "spectral_discriminator":
            self = .spectralDiscriminator(.init(resolution: try int(.res), classes: try int(.classes)))
        case "stylegan2_generator":
            self = .stylegan2Generator(.init(resolution: try int(.res), zDim: try int(.z_dim), divide: try int(.divide),
                                             imageChannels: try int(.channels), mappingLayers: try int(.mapping_layers)))
        case "stylegan2_discriminator":
            self = .stylegan2Discriminator(.init(resolution: try int(.res), divide: try int(.divide), classes: try int(.classes),
                                                 imageChannels: try int(.channels)))
        case "stylegan3_generator":
            self = .stylegan3Generator(.init(resolution: try int(.res), zDim: try int(.z_dim), divide: try int(.divide), imageChannels: try int(.channels)))
        case let other:
            throw GANError.invalidConfiguration("unknown model kind '\(other)'")
        }
    }
}
