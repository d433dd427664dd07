import SpecGAN
import SpecSyntax
import SpecTensor

/// A model a script defines with `model({…})`: its entries, in declaration order, are sub-models and layers
/// (children), lists or records of them (`blocks.0.conv`), parameters (`param(x)`), buffers (`buffer(x)`), plain
/// settings, and the `forward` function, called with the model itself first: `forward: fn (self, x) { … }`.
final class ScriptModel: Module, Model {
    /// The entries as the script gave them.
    let entries: [(name: String, value: Value)]
    private let structure: [(name: String, part: ModulePart)]
    let forwardFunction: Value?
    private weak var interpreter: Interpreter?

    init(entries: [(name: String, value: Value)], interpreter: Interpreter) throws {
        self.entries = entries
        self.interpreter = interpreter
        var structure: [(name: String, part: ModulePart)] = []
        var forward: Value?
        for (name, value) in entries {
            if name == "forward" {
                switch value {
                case .function, .builtin: forward = value
                default: throw GANError.invalidConfiguration("'forward' must be a function fn (self, x, …), got \(Printer.describeType(value))")
                }
                continue
            }
            guard !ModelObject.standardFields.contains(name) else {
                throw GANError.invalidConfiguration("'\(name)' is a field every model has; give the entry another name")
            }
            if let part = try ModulePart(value, name: name) { structure.append((name, part)) }
        }
        self.structure = structure
        forwardFunction = forward
        super.init()
        for (name, part) in structure { part.adopt(into: self, as: name) }
    }

    var entryNames: [String] { entries.map(\.name) }
    func entry(_ name: String) -> Value? { entries.first { $0.name == name }?.value }

    override var ownParameters: [NamedParameter] { structure.compactMap { if case .parameter(let p) = $0.part { ($0.name, p) } else { nil } } }
    override var ownBuffers: [NamedParameter] { structure.compactMap { if case .buffer(let p) = $0.part { ($0.name, p) } else { nil } } }
    override var children: [(name: String, module: Module)] { structure.compactMap { n, part in part.module.map { (n, $0) } } }
    override var summary: String { "model with " + (structure.isEmpty ? "no parameters" : structure.map(\.name).joined(separator: ", ")) }

    override func copy() throws -> Module {
        guard let interpreter else { throw GANError.invalidInput("the session that defined this model has ended") }
        return try ScriptModel(entries: try entries.map { ($0.name, try ModulePart.copy($0.value)) }, interpreter: interpreter)
    }

    override func forward(_ x: Tensor) throws -> Tensor { try call([.tensor(x)]) }

    /// The call with the interpreter's random stream replaced by `random` (its draws continue `random`).
    override func forward(_ x: Tensor, random: inout RandomGenerator) throws -> Tensor {
        guard let interpreter else { throw GANError.invalidInput("the session that defined this model has ended") }
        let session = interpreter.rng
        interpreter.rng = random
        defer {
            random = interpreter.rng
            interpreter.rng = session
        }
        return try call([.tensor(x)])
    }

    /// `forward(self, x)`, or `forward(self, x, classes)` with the classes as a 1-d tensor.
    func forward(_ x: Tensor, classes: [Int]?) throws -> Tensor {
        try call([.tensor(x)] + (classes.map { [.tensor(Tensor($0.map(Float.init)))] } ?? []))
    }

    /// Calls `forward` with the model first; the result must be a tensor.
    func call(_ arguments: [Value], keywords: [KeywordArgument] = [], at span: SourceSpan? = nil) throws -> Tensor {
        guard let interpreter else { throw GANError.invalidInput("the session that defined this model has ended") }
        guard let forwardFunction else {
            throw GANError.invalidInput("this model has no forward function: give model({…}) an entry forward: fn (self, x) { … }")
        }
        let result = try interpreter.call(forwardFunction, positional: ([.object(ModelObject(self))] + arguments).map { ($0, span) },
                                          keywords: keywords, at: span)
        guard case .tensor(let t) = result.resolvingParameters else {
            throw SpecError(.type, "the forward function of \(path.isEmpty ? "a model" : "model '\(path)'") returned \(Printer.describeType(result)), not a tensor", at: span)
        }
        return t
    }
}

/// What an entry of a script model contributes to its module tree.
enum ModulePart {
    case module(Module)
    case parameter(SpecGAN.Parameter)
    case buffer(SpecGAN.Parameter)
    /// A list or record of modules and parameters: a container named by position or key.
    case container(ModuleContainer)

    /// Lists and records of parts nest at most this deep (deeper: a list that contains itself, most likely).
    static let maxNesting = 32

    /// nil for plain settings (numbers, strings, functions, lists of those).
    init?(_ value: Value, name: String, depth: Int = 0) throws {
        switch value {
        case .object(let m as ModelObject): self = .module(m.module)
        case .object(let p as ParameterObject): self = p.isBuffer ? .buffer(p.parameter) : .parameter(p.parameter)
        case .list, .record:
            guard depth < Self.maxNesting else {
                throw GANError.invalidConfiguration("'\(name.split(separator: ".").prefix(3).joined(separator: "."))…' nests deeper than \(Self.maxNesting) levels (does a list or record contain itself?)")
            }
            let items: [(String, Value)]
            if case .list(let l) = value { items = l.items.enumerated().map { (String($0), $1) } } else if case .record(let r) = value { items = r.entries } else { items = [] }
            guard let c = try ModuleContainer(items, name: name, depth: depth + 1) else { return nil }
            self = .container(c)
        default: return nil
        }
    }

    var module: Module? {
        switch self {
        case .module(let m): m
        case .container(let c): c
        case .parameter, .buffer: nil
        }
    }

    func adopt(into owner: Module, as name: String) { if let module { owner.adopt(module, as: name) } }

    /// A deep copy of an entry's value: modules and parameters get their own copies, settings are shared.
    static func copy(_ value: Value, depth: Int = 0) throws -> Value {
        switch value {
        case .object(let m as ModelObject): return .object(ModelObject(try m.module.copy()))
        case .object(let p as ParameterObject):
            return .object(ParameterObject(SpecGAN.Parameter(p.value, trainable: !p.parameter.isFrozen), isBuffer: p.isBuffer))
        case .list where depth >= maxNesting, .record where depth >= maxNesting:
            throw GANError.invalidConfiguration("a model's entries nest deeper than \(maxNesting) levels")
        case .list(let l): return .list(ListRef(try l.items.map { try copy($0, depth: depth + 1) }))
        case .record(let r): return .record(RecordRef(try r.entries.map { ($0.0, try copy($0.1, depth: depth + 1)) }))
        default: return value
        }
    }
}

/// The modules and parameters of a list or record entry (`blocks: [conv(…), conv(…)]` gives `blocks.0`, `blocks.1`).
final class ModuleContainer: Module {
    private let parts: [(name: String, part: ModulePart)]

    /// nil when no item is a module or parameter; an error when only some are.
    init?(_ items: [(String, Value)], name: String, depth: Int) throws {
        let parts = try items.map { key, v in (key, try ModulePart(v, name: "\(name).\(key)", depth: depth)) }
        let found = parts.filter { $0.1 != nil }.count
        guard found > 0 else { return nil }
        guard found == parts.count else {
            let odd = parts.first { $0.1 == nil }.map(\.0) ?? ""
            throw GANError.invalidConfiguration("'\(name)' mixes models or parameters with other values ('\(name).\(odd)'); keep settings in an entry of their own")
        }
        self.parts = parts.compactMap { k, p in p.map { (k, $0) } }
        super.init()
        for (k, part) in self.parts { part.adopt(into: self, as: k) }
    }

    override var ownParameters: [NamedParameter] { parts.compactMap { if case .parameter(let p) = $0.part { ($0.name, p) } else { nil } } }
    override var ownBuffers: [NamedParameter] { parts.compactMap { if case .buffer(let p) = $0.part { ($0.name, p) } else { nil } } }
    override var children: [(name: String, module: Module)] { parts.compactMap { n, part in part.module.map { (n, $0) } } }
    override var summary: String { "\(parts.count) entries" }
}
