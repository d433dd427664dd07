import SpecGAN
import SpecTensor

/// A network in a script: a prebuilt model, a layer, a container or a model the script defined, called like a
/// function (`g(z)`, `d(x, classes)`, `layer(x)`), with its parameters and layer table as fields. Parameters are
/// shared with optimisers, EMA updates and testbeds that use the model, as in PyTorch.
public final class ModelObject: CallableObject, @unchecked Sendable {
    public let module: Module
    /// How to build it again, for the prebuilt models (run folders record it); nil for layers and script models.
    public let architecture: Architecture?

    public init(_ module: Module) {
        self.module = module
        architecture = try? Architecture(of: module)
    }

    /// `pggan_generator`, …, `model` for a script's own, `layer` for layers and containers.
    public var kind: String { architecture?.kind ?? (module is ScriptModel ? "model" : "layer") }

    public var typeName: String { "model" }
    static let standardFields = ValueTypes.names("model")
    public var fieldNames: [String] { Self.standardFields + ((module as? ScriptModel)?.entryNames ?? []) }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "kind": return .string(kind)
        case "config": return try architecture.map { try JSONValue(encoding: $0).value } ?? .string(module.summary)
        case "parameters": return parameterRecord
        case "parameter_count": return .number(Double(module.parameterCount))
        case "frozen": return .bool(module.isFrozen)
        case "layers":
            return .list(ListRef(module.layerTable.map { row in
                .record(RecordRef([("name", .string(row.name)), ("computes", .string(row.summary)),
                                   ("shapes", .list(ListRef(row.parameterShapes.map { .list(ListRef($0.map { .number(Double($0)) })) }))),
                                   ("parameters", .number(Double(row.parameterCount)))]))
            }))
        default: return (module as? ScriptModel)?.entry(name)
        }
    }

    /// Parameter name → tensor, in declaration order. The tensors are the live parameters: gradients taken with
    /// respect to them reach the model.
    public var parameterRecord: Value {
        .record(RecordRef(module.namedParameters.map { ($0.name, .tensor($0.parameter.value)) }))
    }

    public var summary: String {
        let title = architecture == nil ? "\(kind): \(module.summary)" : "\(kind) model"
        return title + "\n" + module.layerTableText()
    }

    /// Runs the model on `x`, with one class per sample for a class-conditional model.
    public func forward(_ x: Tensor, classes: [Int]?) throws -> Tensor {
        if let m = module as? Model { return try m.forward(x, classes: classes) }
        guard classes == nil else { throw GANError.invalidInput("\(module.summary) takes no classes") }
        return try module.forward(x)
    }

    public var callable: Builtin {
        let model = self
        switch architecture {
        case .directGenerator?:
            return Builtin(kind, topic: .gan, [.init("indices", .tensor, "image indices (a number, list or 1-d tensor)")],
                           summary: "The trainable images at the given indices.", example: "g([0, 1])") { args in
                let idx = try args.tensor("indices")
                return .tensor(try args.checked("indices") { try model.forward(idx, classes: nil) })
            }
        case .pgganGenerator?, .stylegan3Generator?:
            return Builtin(kind, topic: .gan, [.init("z", .tensor, "latent codes (N, z_dim)")],
                           summary: "Images generated from latent codes.", example: "g(randn([2, 64]))") { args in
                let z = try args.tensor("z")
                return .tensor(try args.checked("z") { try model.forward(z, classes: nil) })
            }
        case .stylegan2Generator?:
            return Builtin(kind, topic: .gan, [.init("z", .tensor, "latent codes (N, z_dim)"),
                                               .init("noise", .any, default: .string("random"), keywordOnly: true, choices: SynthesisNoise.Mode.names,
                                                     "random (drawn from the session's stream, as the testbeds do), const (the stored noise_const buffers), none, or a list of draws (N, 1, res, res), one per synthesis layer")],
                           summary: "Images generated from latent codes.", example: "g(randn([2, 64]), noise: \"const\")") { args in
                let z = try args.tensor("z")
                guard let g = model.module as? StyleGAN2Generator else { throw args.error("z", "this model is not a stylegan2 generator") }
                let noise: SynthesisNoise
                switch args.value("noise") {
                case .list(let l): noise = SynthesisNoise(given: try l.items.map { try Convert.tensor($0) })
                default:
                    let mode = try args.mode("noise", SynthesisNoise.Mode.self)
                    guard mode == .random else { return .tensor(try args.checked("z") { try g.forward(z, noise: SynthesisNoise(mode)) }) }
                    return .tensor(try args.checked("z") { try g.forward(z, random: &args.interpreter.rng) })
                }
                return .tensor(try args.checked("z") { try g.forward(z, noise: noise) })
            }
        case .pgganDiscriminator?, .mlp?, .spectralDiscriminator?, .stylegan2Discriminator?:
            return Builtin(kind, topic: .gan, [.init("x", .tensor, "the input batch"),
                                               .init("classes", .any, default: .nil, "one class index per sample: the logit of that class, (N, 1)")],
                           summary: "Logits of a batch, or of each sample's class.", example: "d(x, [0, 1])") { args in
                let x = try args.tensor("x"), classes = try args.classIndices("classes")
                return .tensor(try args.checked("x") { try model.forward(x, classes: classes) })
            }
        case nil:
            return Builtin("layer", topic: .layers, [.init("x", .tensor, "the input")],
                           summary: "The layer applied to its input.", example: "linear(2, 3)(randn([4, 2]))") { args in
                let x = try args.tensor("x")
                return .tensor(try args.checked("x") { try model.module.forward(x) })
            }
        }
    }
}

extension Arguments {
    /// A model argument.
    public func model(_ name: String) throws -> ModelObject {
        try object(name, as: ModelObject.self, described: "a model")
    }

    /// Class indices given as a number, a list or a 1-d tensor of whole numbers; nil when the argument is nil.
    public func classIndices(_ name: String) throws -> [Int]? {
        if isNil(name) { return nil }
        let t = try tensor(name)
        return try checked(name) { try indices(from: t, name: "class index") }
    }
}
