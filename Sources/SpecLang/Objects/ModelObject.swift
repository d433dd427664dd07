import SpecGAN
import SpecTensor

/// A network in a script: called like a function (`g(z)`, `d(x)`, `d(x, classes)`, `imgs(indices)`), with its
/// parameters, architecture and layer table as fields. Parameters are shared with optimisers, EMA updates and
/// testbeds that use the model, as in PyTorch.
public final class ModelObject: CallableObject, @unchecked Sendable {
    public let model: any Model
    public let architecture: Architecture

    public init(_ model: any Model) throws {
        self.model = model
        architecture = try Architecture(of: model)
    }

    public var typeName: String { "model" }
    public var fieldNames: [String] { ["kind", "config", "parameters", "parameter_count", "frozen", "layers"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "kind": return .string(architecture.kind)
        case "config": return try JSONValue(encoding: architecture).value
        case "parameters": return parameterRecord
        case "parameter_count": return .number(Double(model.parameterCount))
        case "frozen": return .bool(model.parameters.allSatisfy(\.isFrozen))
        case "layers":
            return .list(ListRef(model.layerTable.map { row in
                .record(RecordRef([("name", .string(row.name)), ("computes", .string(row.summary)),
                                   ("shapes", .list(ListRef(row.parameterShapes.map { .list(ListRef($0.map { .number(Double($0)) })) }))),
                                   ("parameters", .number(Double(row.parameterCount)))]))
            }))
        default: return nil
        }
    }

    /// Parameter name → tensor, in the reference's order. The tensors are the live parameters: gradients taken
    /// with respect to them reach the model.
    public var parameterRecord: Value {
        .record(RecordRef(model.namedParameters.map { ($0.name, .tensor($0.value)) }))
    }

    public var summary: String { "\(architecture.kind) model\n" + model.layerTableText() }

    public var callable: Builtin {
        let model = self.model, kind = architecture.kind
        switch architecture {
        case .directGenerator:
            return Builtin(kind, topic: .gan, [.init("indices", .tensor, "image indices (a number, list or 1-d tensor)")],
                           summary: "The trainable images at the given indices.", example: "g([0, 1])") { args in
                let idx = try args.tensor("indices")
                return .tensor(try args.checked("indices") { try model(idx) })
            }
        case .pgganGenerator:
            return Builtin(kind, topic: .gan, [.init("z", .tensor, "latent codes (N, z_dim)")],
                           summary: "Images generated from latent codes.", example: "g(randn([2, 64]))") { args in
                let z = try args.tensor("z")
                return .tensor(try args.checked("z") { try model(z) })
            }
        case .pgganDiscriminator, .mlp, .spectralDiscriminator:
            return Builtin(kind, topic: .gan, [.init("x", .tensor, "the input batch"),
                                               .init("classes", .any, default: .nil, "one class index per sample: the logit of that class, (N, 1)")],
                           summary: "Logits of a batch, or of each sample's class.", example: "d(x, [0, 1])") { args in
                let x = try args.tensor("x"), classes = try args.classIndices("classes")
                return .tensor(try args.checked("x") { try model(x, classes: classes) })
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
