import Foundation
import SpecSyntax
import SpecTensor

/// A tree-walking interpreter: one session's global bindings, random generator, output and file fence.
public final class Interpreter: @unchecked Sendable {
    public let registry: BuiltinRegistry
    let globals: Scope
    /// Where `print` and `show` write; the REPL prints, reports capture per cell.
    public var output: (String) -> Void = { print($0) }
    /// Files written by the current statement (figures, images), for reports to embed.
    public var onFileWritten: (WrittenFile) -> Void = { _ in }
    /// The start and end of a testbed's training, so that reports fold a run's progress and files into one line.
    public var onRun: (RunEvent) -> Void = { _ in }
    public var rng: RandomGenerator
    public private(set) var seed: UInt64
    public var files: FileAccess
    /// The stop requests this session obeys (Ctrl-C's flag unless replaced).
    public var interrupts: InterruptFlag = Interrupt.process
    /// While a testbed runs one training step (spec code), a Ctrl-C waits for the step's end: the run then stops at
    /// that iteration boundary with its checkpoint, instead of an error in the middle of the step.
    var defersInterrupts = false
    /// Testbed calls that do not say `resume:` continue the run in their folder (`spec run --resume`, as sweeps run).
    public var resumesRuns = false
    /// Values that replace the initialisers of top-level `let` statements (`spec run --set name=value`).
    public var letOverrides: [String: Value] = [:]
    /// How much of a value `print`, `str`, `show` and the REPL show (`print_options`).
    public var printOptions = PrintOptions()
    /// Statements and loop iterations allowed before evaluation stops (fuzz tests bound runaway programs).
    public var stepBudget: Int?
    /// The terminal of an interactive session (the REPL sets it when standard output is one); nil in scripts, so
    /// `show` draws terminal plots and inline images only at a terminal.
    public var terminal: InteractiveTerminal?
    /// Figures written without a path so far (`figure_1.png`, `figure_2.png`, …).
    var figuresNumbered = 0
    /// Folder that relative imports resolve against, per file being run.
    private var importBase: [URL] = []
    /// The top-level scope of every file imported this session, by path: each file runs once.
    private var modules: [String: Scope] = [:]
    /// Files being imported, outermost first, to report import cycles.
    private var importing: [String] = []
    /// The testbeds' shipped steps, once defined (TestbedSteps.swift).
    var shippedSteps: [String: Value] = [:]
    private var namesGiven: [String: Int] = [:]
    private var steps = 0
    var callDepth = 0
    static let maxCallDepth = 400

    public init(registry: BuiltinRegistry = .standard, seed: UInt64 = 0, files: FileAccess = .unrestricted) {
        self.registry = registry
        self.globals = Scope(parent: nil)
        self.seed = seed
        self.rng = RandomGenerator(seed: seed)
        self.files = files
    }

    /// Restarts every random stream from `seed`.
    public func reseed(_ seed: UInt64) {
        self.seed = seed
        rng = RandomGenerator(seed: seed)
    }

    /// Parses and runs source text; returns the value of a final expression statement, if any.
    @discardableResult
    public func run(_ source: String, name: String = "<input>", url: URL? = nil) throws -> Value? {
        let file = SourceFile(name: name, text: source)
        let program = try Parser.parseProgram(file)
        return try run(program.statements[...], baseURL: url?.deletingLastPathComponent())
    }

    /// Runs top-level statements (a whole program or one cell).
    @discardableResult
    public func run(_ statements: ArraySlice<Stmt>, baseURL: URL? = nil) throws -> Value? {
        steps = 0
        importBase.append(baseURL ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        defer { importBase.removeLast() }
        var last: Value?
        for stmt in statements {
            last = nil
            if case .expression(let e) = stmt.kind {
                try tick(stmt.span)
                last = try evaluate(e, in: globals)
            } else {
                try checkTopLevel(try execute(stmt, in: globals), stmt)
            }
        }
        return last
    }

    /// Binds a global name (the REPL's `--set` overrides, tests).
    public func define(_ name: String, _ value: Value) { globals.define(name, value) }

    public func lookup(_ name: String) -> Value? { globals.lookup(name) ?? registry[name].map { .builtin($0) } }

    /// The session's own bindings, sorted by name.
    public var bindings: [(String, Value)] { globals.bindings }

    /// `base` the first time a session asks for it, then `base_2`, `base_3`, … (default names of run folders).
    public func sessionName(_ base: String) -> String {
        let n = (namesGiven[base] ?? 0) + 1
        namesGiven[base] = n
        return n == 1 ? base : "\(base)_\(n)"
    }

    /// Forgets every binding and restarts the random stream (`:reset`).
    public func reset() {
        globals.removeAll()
        modules.removeAll()
        namesGiven.removeAll()
        printOptions = PrintOptions()
        reseed(seed)
    }

    /// Every name a user can refer to: bindings, then builtins.
    public var knownNames: [String] { globals.visibleNames + registry.names }

    // MARK: Statements

    enum Flow {
        case normal, breakLoop, continueLoop
        case returned(Value)
    }

    func tick(_ span: SourceSpan) throws {
        steps += 1
        if let budget = stepBudget, steps > budget {
            throw SpecError(.runtime, "the step budget of \(budget) is exhausted", at: span)
        }
        if !defersInterrupts, interrupts.isRequested {
            interrupts.clear()
            throw SpecError(.interrupted, "interrupted", at: span)
        }
    }

    func execute(_ block: Block, in scope: Scope) throws -> Flow {
        let inner = Scope(parent: scope)
        for stmt in block.statements {
            let flow = try execute(stmt, in: inner)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ stmt: Stmt, in scope: Scope) throws -> Flow {
        try tick(stmt.span)
        switch stmt.kind {
        case .let(let names, let e):
            if scope === globals, names.count == 1, let override = letOverrides[names[0].name] {
                scope.define(names[0].name, override, at: names[0].span)
            } else {
                try bind(names, try evaluate(e, in: scope), in: scope, at: e.span)
            }
        case .expression(let e):
            _ = try evaluate(e, in: scope)
        case let .assign(target, op, value):
            try assign(target, op, value, in: scope)
        case let .function(name, literal):
            scope.define(name.name, .function(Function(name: name.name, literal: literal, closure: scope, span: stmt.span)), at: name.span)
        case let .if(branches, elseBlock):
            for branch in branches where try evaluate(branch.condition, in: scope).truthValue(at: branch.condition.span) {
                return try execute(branch.body, in: scope)
            }
            if let elseBlock { return try execute(elseBlock, in: scope) }
        case let .while(condition, body):
            while try evaluate(condition, in: scope).truthValue(at: condition.span) {
                try tick(condition.span)
                let flow = try execute(body, in: scope)
                if case .breakLoop = flow { break }
                if case .returned = flow { return flow }
            }
        case let .for(variables, sequence, body):
            let items = try iterate(try evaluate(sequence, in: scope), at: sequence.span)
            for item in items {
                try tick(sequence.span)
                let loopScope = Scope(parent: scope)
                try bind(variables, item, in: loopScope, at: sequence.span)
                let flow = try execute(body, in: loopScope)
                if case .breakLoop = flow { break }
                if case .returned = flow { return flow }
            }
        case .break: return .breakLoop
        case .continue: return .continueLoop
        case .return(let e):
            return .returned(try e.map { try evaluate($0, in: scope) } ?? .nil)
        case let .import(path, alias):
            try runImport(path, alias: alias, into: scope, at: stmt.span)
        }
        return .normal
    }

    /// Binds one name to `value`, or unpacks `value` (a list, a tensor's rows, …: whatever `for` visits) into several.
    func bind(_ names: [Identifier], _ value: Value, in scope: Scope, at span: SourceSpan) throws {
        guard names.count > 1 else { return scope.define(names[0].name, value, at: names[0].span) }
        let items = try iterate(value, at: span)
        guard items.count == names.count else {
            throw SpecError(.value, "cannot unpack \(items.count) item\(items.count == 1 ? "" : "s") into \(names.count) names (\(names.map(\.name).joined(separator: ", ")))",
                            at: span)
        }
        for (name, item) in zip(names, items) { scope.define(name.name, item, at: name.span) }
    }

    /// The items a `for` loop visits: list items, record keys, a tensor's slices along its first axis, a string's
    /// characters.
    func iterate(_ v: Value, at span: SourceSpan?) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .record(let r): return r.keys.map { .string($0) }
        case .string(let s): return s.map { .string(String($0)) }
        case .tensor(let t):
            guard t.rank > 0 else { throw SpecError(.type, "cannot iterate over a 0-d tensor", at: span) }
            return try (0..<t.shape[0]).map { .tensor(try t.select(axis: 0, index: $0)) }
        case .object(let o):
            if let items = try o.field("items"), case .list(let l) = items { return l.items }
            throw SpecError(.type, "cannot iterate over a \(o.typeName)", at: span)
        default:
            throw SpecError(.type, "cannot iterate over \(Printer.describeType(v))", at: span,
                            notes: [.init("use range(n) to count")])
        }
    }

    /// `return`, `break` and `continue` have nothing to leave at the top level of a file.
    private func checkTopLevel(_ flow: Flow, _ stmt: Stmt) throws {
        switch flow {
        case .normal: return
        case .returned: throw SpecError(.syntax, "'return' outside a function", at: stmt.span)
        case .breakLoop, .continueLoop: throw SpecError(.syntax, "'break' or 'continue' outside a loop", at: stmt.span)
        }
    }

    /// `import "h.spec"` binds the file's top-level names in `scope`; `import "h.spec" as h` binds a record of them
    /// to `h`. Neither may replace a binding that came from elsewhere: an import silently redefining a name would
    /// change what earlier lines meant.
    private func runImport(_ path: String, alias: Identifier?, into scope: Scope, at span: SourceSpan) throws {
        let module = try loadModule(path, at: span)
        let exported = module.bindings
        if let alias {
            try importBinding(alias.name, .record(RecordRef(exported)), origin: alias.span, path: path, into: scope, at: span)
        } else {
            for (name, value) in exported { try importBinding(name, value, origin: module.own(name)?.origin, path: path, into: scope, at: span) }
        }
    }

    private func importBinding(_ name: String, _ value: Value, origin: SourceSpan?, path: String, into scope: Scope, at span: SourceSpan) throws {
        if let existing = scope.own(name), existing.origin == nil || existing.origin != origin {
            var notes: [SpecError.Note] = []
            if let place = existing.origin { notes.append(.init("'\(name)' is defined here", at: place)) }
            if let origin { notes.append(.init("and \(path) defines it here", at: origin)) }
            notes.append(.init("rename one, or import the file under a name: import \"\(path)\" as \(Self.moduleName(path))"))
            throw SpecError(.name, "import \"\(path)\" would replace the existing binding '\(name)'", at: span, notes: notes)
        }
        scope.define(name, value, at: origin)
    }

    /// A name for a file's module suggestion: `common` for "lib/common.spec".
    private static func moduleName(_ path: String) -> String {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let name = String(stem.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return name.first.map { $0.isLetter } == true ? name : "m_" + name
    }

    /// Runs an imported file once, in a scope of its own, and keeps that scope for later imports of the same file.
    private func loadModule(_ path: String, at span: SourceSpan) throws -> Scope {
        let base = importBase.last ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
        let checked = try files.readURL(url.path, at: span)
        if let module = modules[checked.path] { return module }
        if let start = importing.firstIndex(of: checked.path) {
            let chain = (importing[start...] + [checked.path]).map { URL(fileURLWithPath: $0).lastPathComponent }
            throw SpecError(.name, "import cycle: " + chain.joined(separator: " → "), at: span,
                            notes: [.init("move what both files need into a third file that both import")])
        }
        guard FileManager.default.fileExists(atPath: checked.path) else {
            throw SpecError(.io, "cannot import \(path): there is no file \(checked.path)", at: span)
        }
        let text: String
        do { text = try String(contentsOf: checked, encoding: .utf8) } catch {
            throw SpecError(.io, "cannot import \(path): \(error.localizedDescription)", at: span)
        }
        let program = try Parser.parseProgram(SourceFile(name: checked.path, text: text))
        let module = Scope(parent: nil)
        importBase.append(checked.deletingLastPathComponent())
        importing.append(checked.path)
        defer {
            importBase.removeLast()
            importing.removeLast()
        }
        for stmt in program.statements { try checkTopLevel(try execute(stmt, in: module), stmt) }
        modules[checked.path] = module
        return module
    }

    func lookupName(_ name: String, at span: SourceSpan, in scope: Scope) throws -> Value {
        if let v = scope.lookup(name) { return v }
        if let b = registry[name] { return .builtin(b) }
        let note = SpecError.Note.didYouMean(name, among: scope.visibleNames + registry.names)
        throw SpecError(.name, "unknown name '\(name)'", at: span, notes: note.map { [$0] } ?? [])
    }
}
