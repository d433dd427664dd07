/// Every builtin, registered once. The interpreter, completion, `help` and docs/reference.md all read it.
public final class BuiltinRegistry: @unchecked Sendable {
    public private(set) var all: [Builtin] = []
    private var byName: [String: Builtin] = [:]

    public init() {}

    /// The kinds of values with fields (tensor, model, run, …), for completion, help and the reference.
    public private(set) var types: [ValueType] = []

    public subscript(name: String) -> Builtin? { byName[name] }
    public func type(named name: String) -> ValueType? { types.first { $0.name == name } }

    public func add(_ type: ValueType) {
        precondition(self.type(named: type.name) == nil, "value type \(type.name) registered twice")
        types.append(type)
    }
    public var names: [String] { all.map(\.name) }

    public func add(_ builtin: Builtin) {
        precondition(byName[builtin.name] == nil, "builtin \(builtin.name) registered twice")
        all.append(builtin)
        byName[builtin.name] = builtin
    }

    /// The registry of a normal session: every group of builtins.
    public static let standard: BuiltinRegistry = {
        let r = BuiltinRegistry()
        CoreBuiltins.register(r)
        ListBuiltins.register(r)
        StringBuiltins.register(r)
        TensorBuiltins.register(r)
        SpectrumBuiltins.register(r)
        MediaBuiltins.register(r)
        PlotBuiltins.register(r)
        LayerBuiltins.register(r)
        GANBuiltins.register(r)
        SweepBuiltins.register(r)
        ValueTypes.register(r)
        return r
    }()
}
