import SpecGAN
import SpecSyntax

/// What optimisers and `parameters()` accept: a model, a param(…), or a list or record of them, nested as deep as
/// wanted. Names are the models' own, prefixed by position or key, so two models never clash.
enum Trainable {
    static func named(_ args: Arguments, _ argument: String) throws -> [NamedParameter] {
        let named = try collect(args.value(argument), prefix: "", depth: 0, args: args, argument: argument)
        guard !named.isEmpty else { throw args.error(argument, "'\(argument)' holds nothing trainable (no model and no param)") }
        return named
    }

    private static func collect(_ v: Value, prefix: String, depth: Int, args: Arguments, argument: String) throws -> [NamedParameter] {
        func named(_ local: String) -> String { prefix.isEmpty ? local : local.isEmpty ? prefix : "\(prefix).\(local)" }
        guard depth < ModulePart.maxNesting else {
            throw args.error(argument, "'\(argument)' nests deeper than \(ModulePart.maxNesting) levels (does a list or record contain itself?)")
        }
        switch v {
        case .object(let m as ModelObject): return m.module.namedParameters.map { (named($0.name), $0.parameter) }
        case .object(let p as ParameterObject):
            guard !p.isBuffer else { throw args.error(argument, "\(prefix.isEmpty ? "a buffer" : "'\(prefix)' is a buffer and") cannot be trained") }
            return [(prefix.isEmpty ? "param" : prefix, p.parameter)]
        case .list(let l):
            return try l.items.enumerated().flatMap { try collect($1, prefix: named(String($0)), depth: depth + 1, args: args, argument: argument) }
        case .record(let r):
            return try r.entries.flatMap { try collect($1, prefix: named($0), depth: depth + 1, args: args, argument: argument) }
        case .tensor:
            throw SpecError(.type, "\(args.builtin.name): a plain tensor is a value and cannot be updated in place\(prefix.isEmpty ? "" : " ('\(prefix)')")",
                            at: args.spanOf(argument),
                            notes: [.init("make it trainable with param(…): let w = param(randn([3])); then adam([w]) updates w")])
        default:
            throw args.error(argument, "'\(argument)' must hold models or params, found \(Printer.describeType(v))\(prefix.isEmpty ? "" : " at '\(prefix)'")", kind: .type)
        }
    }

    /// `pggan_generator + pggan_discriminator`, `2 params`, … for an optimiser's summary (only called on values
    /// `named` accepted, so nesting is bounded).
    static func description(_ v: Value) -> String {
        switch v {
        case .object(let m as ModelObject): return m.kind
        case .object(let p as ParameterObject): return "a \(p.typeName)"
        case .list(let l): return l.items.map(description).joined(separator: " + ")
        case .record(let r): return r.entries.map { "\($0.0): \(description($0.1))" }.joined(separator: ", ")
        default: return Printer.describeType(v)
        }
    }
}
