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
    public var onFileWritten: (URL) -> Void = { _ in }
    public var rng: RandomGenerator
    public private(set) var seed: UInt64
    public var files: FileAccess
    /// The stop requests this session obeys (Ctrl-C's flag unless replaced).
    public var interrupts: InterruptFlag = Interrupt.process
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
    private var imported: Set<String> = []
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
        imported.removeAll()
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
        if interrupts.isRequested {
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
        case .let(let name, let e):
            if scope === globals, let override = letOverrides[name.name] {
                scope.define(name.name, override)
            } else {
                scope.define(name.name, try evaluate(e, in: scope))
            }
        case .expression(let e):
            _ = try evaluate(e, in: scope)
        case let .assign(target, op, value):
            try assign(target, op, value, in: scope)
        case let .function(name, literal):
            scope.define(name.name, .function(Function(name: name.name, literal: literal, closure: scope, span: stmt.span)))
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
        case let .for(index, element, sequence, body):
            let items = try iterate(try evaluate(sequence, in: scope), at: sequence.span)
            for (i, item) in items.enumerated() {
                try tick(sequence.span)
                let loopScope = Scope(parent: scope)
                loopScope.define(element.name, item)
                if let index { loopScope.define(index.name, .number(Double(i))) }
                let flow = try execute(body, in: loopScope)
                if case .breakLoop = flow { break }
                if case .returned = flow { return flow }
            }
        case .break: return .breakLoop
        case .continue: return .continueLoop
        case .return(let e):
            return .returned(try e.map { try evaluate($0, in: scope) } ?? .nil)
        case .import(let path):
            try runImport(path, at: stmt.span)
        }
        return .normal
    }

    /// The items a `for` loop visits: list items, record keys, a tensor's slices along its first axis, a string's
    /// characters.
    func iterate(_ v: Value, at span: SourceSpan) throws -> [Value] {
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

    private func runImport(_ path: String, at span: SourceSpan) throws {
        let base = importBase.last ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
        let checked = try files.readURL(url.path, at: span)
        guard imported.insert(checked.path).inserted else { return }  // each file once: cycles end here
        let text: String
        do { text = try String(contentsOf: checked, encoding: .utf8) } catch {
            imported.remove(checked.path)
            throw SpecError(.io, "cannot import \(path): \(error.localizedDescription)", at: span)
        }
        let program = try Parser.parseProgram(SourceFile(name: checked.path, text: text))
        importBase.append(checked.deletingLastPathComponent())
        defer { importBase.removeLast() }
        for stmt in program.statements { try checkTopLevel(try execute(stmt, in: globals), stmt) }
    }

    func lookupName(_ name: String, at span: SourceSpan, in scope: Scope) throws -> Value {
        if let v = scope.lookup(name) { return v }
        if let b = registry[name] { return .builtin(b) }
        let note = SpecError.Note.didYouMean(name, among: scope.visibleNames + registry.names)
        throw SpecError(.name, "unknown name '\(name)'", at: span, notes: note.map { [$0] } ?? [])
    }
}
