/// A field of a value type (`run.error`, `m.parameters`): declared once here, so completion, `help` and
/// docs/reference.md list the same fields the values answer.
public struct FieldDoc: Sendable {
    public let name: String
    public let type: String
    public let doc: String

    init(_ name: String, _ type: String, _ doc: String) {
        self.name = name
        self.type = type
        self.doc = doc
    }
}

/// A kind of value with fields.
public struct ValueType: Sendable {
    public let name: String
    public let summary: String
    public let fields: [FieldDoc]
    /// Fields that depend on the value (a model's own entries, a run's model roles).
    public let more: String?

    public var fieldNames: [String] { fields.map(\.name) }
}

enum ValueTypes {
    static func register(_ r: BuiltinRegistry) { all.forEach(r.add) }

    /// The declared field names of a type.
    static func names(_ type: String) -> [String] { all.first { $0.name == type }?.fieldNames ?? [] }

    static let all: [ValueType] = [
        ValueType(name: "tensor", summary: "float32 values of any shape; every operation returns a new one.", fields: [
            .init("shape", "list", "the size of every axis"),
            .init("rank", "number", "the number of axes"),
            .init("count", "number", "the number of values"),
            .init("grad", "tensor or nil", "the gradient accumulated by backward passes, for a tensor that requires one"),
            .init("requires_grad", "bool", "whether operations on it are recorded for gradients"),
            .init("T", "tensor", "the last two axes swapped"),
        ], more: nil),
        ValueType(name: "model", summary: "a network: prebuilt (pggan_generator, …), a layer, a sequential, or model({…}); called like a function.", fields: [
            .init("kind", "string", "pggan_generator, …, model for your own, layer for layers and containers"),
            .init("config", "record or string", "how a prebuilt model was built (its builtin's arguments); a layer's description otherwise"),
            .init("parameters", "record", "full parameter name → tensor, as parameters(m)"),
            .init("parameter_count", "number", "the number of trainable values"),
            .init("frozen", "bool", "whether every parameter is frozen"),
            .init("layers", "list", "the layer table: a record per layer with name, computes, shapes and parameters"),
        ], more: "a model made with model({…}) also answers each of its entries (self.conv, self.blocks)"),
        ValueType(name: "parameter", summary: "a trainable tensor made by param(x) (or a buffer by buffer(x)): optimisers update it in place.", fields: [
            .init("value", "tensor", "the current value"),
            .init("shape", "list", "the size of every axis"),
            .init("rank", "number", "the number of axes"),
            .init("count", "number", "the number of values"),
            .init("grad", "tensor or nil", "the gradient the last backward passes accumulated"),
            .init("requires_grad", "bool", "false when frozen or a buffer"),
            .init("T", "tensor", "the last two axes swapped"),
            .init("frozen", "bool", "whether gradient recording is off"),
        ], more: nil),
        ValueType(name: "optimizer", summary: "Adam or SGD over named parameters, made by adam(…) or sgd(…).", fields: [
            .init("kind", "string", "adam or sgd"),
            .init("lr", "number", "the learning rate"),
            .init("betas", "list", "Adam's moment decay rates"),
            .init("eps", "number", "Adam's denominator term"),
            .init("steps", "number", "Adam's updates so far"),
            .init("momentum", "number", "SGD's momentum factor"),
            .init("dampening", "number", "SGD's momentum dampening"),
            .init("nesterov", "bool", "whether SGD uses Nesterov momentum"),
            .init("weight_decay", "number", "the L2 weight decay"),
            .init("parameter_count", "number", "the number of values it updates"),
            .init("names", "list", "the full names of its parameters, prefixed by position or key"),
        ], more: "an Adam answers kind, lr, betas, eps, weight_decay, steps; an SGD kind, lr, momentum, dampening, nesterov, weight_decay"),
        ValueType(name: "dataset", summary: "images (N, C, H, W) in [−1, 1] with where they came from (toyset, image_folder, load_image).", fields: [
            .init("images", "tensor", "the images"),
            .init("count", "number", "the number of images"),
            .init("res", "number", "their width"),
            .init("channels", "number", "their channels"),
            .init("source", "string", "where they came from, as a builtin call"),
        ], more: "the toy set also answers the frequencies it drew"),
        ValueType(name: "run", summary: "a testbed run: its history, folder and models (generator_testbed, discriminator_testbed, resume).", fields: [
            .init("dir", "string", "the run folder"),
            .init("kind", "string", "generator_testbed or discriminator_testbed"),
            .init("step", "number", "the iterations done"),
            .init("steps", "list", "the iterations evaluated"),
            .init("spectra", "tensor", "the generated images' mean reduced spectrum at each evaluation, (E, L)"),
            .init("spectra_std", "tensor", "their standard deviation over images, (E, L)"),
            .init("real", "record", "the data's spectrum statistics"),
            .init("error", "tensor", "the spectrum error at each evaluation, (E, L − 1)"),
            .init("psnr", "tensor", "the mean PSNR at each evaluation"),
            .init("losses", "record", "step and every loss the step returned, per iteration"),
            .init("samples", "list", "the sample images of each evaluation"),
            .init("interrupted", "bool", "whether Ctrl-C stopped the last training call"),
            .init("config", "record", "the run's resolved configuration (config.json)"),
            .init("data", "dataset", "the images it learns"),
        ], more: "and its models by role: discriminator, generator, ema, spectral (discriminator testbed), generator (generator testbed)"),
    ]
}
