import Foundation
import SpecSyntax

/// `spec check`: what can be found wrong in a script without running it, all of it at once. Unknown names (at the
/// top level a name must be defined before its use; functions may use any top-level name, since they run later),
/// calls with wrong argument counts or names, a string outside a mode's choices, calling what cannot be called,
/// imports that cannot be read (checking goes on after them), and `--set` names the script does not define.
public struct Checker {
    let registry: BuiltinRegistry
    let imports: ImportedFiles
    /// The folder of the file being checked, against which its imports resolve.
    let baseURL: URL
    private var errors: [SpecError] = []
    /// This file's top-level names, visible inside its functions.
    private var globals: [String: StaticValue] = [:]
    /// Names assigned with `=` somewhere: what they hold is not known from their definition.
    private var reassigned: Set<String> = []
    /// True after an import that could not be read: any name might come from it, so unknown names are not reported.
    private var namesAreOpen = false

    init(registry: BuiltinRegistry, imports: ImportedFiles, baseURL: URL) {
        self.registry = registry
        self.imports = imports
        self.baseURL = baseURL
    }

    /// Every problem found in `program` and the files it imports; `overrides` are the names given to `--set`.
    public static func check(_ program: Program, baseURL: URL, overrides: [String] = [], registry: BuiltinRegistry = .standard) -> [SpecError] {
        let imports = ImportedFiles(registry: registry)
        var checker = Checker(registry: registry, imports: imports, baseURL: baseURL)
        let overridable = overridableNames(in: program)
        var errors = overrides.filter { !overridable.contains($0) }.map { name in
            let note = SpecError.Note.didYouMean(name, among: Array(overridable))
            return SpecError(.name, "--set \(name): the script has no top-level 'let \(name) = …'", notes: note.map { [$0] } ?? [])
        }
        errors += checker.check(program, unknown: Set(overrides)).errors
        return errors
    }

    /// The names `--set` may replace: those of the top-level `let name = …` statements.
    public static func overridableNames(in program: Program) -> Set<String> {
        Set(program.statements.compactMap { stmt in
            if case .let(let names, _) = stmt.kind, names.count == 1 { names[0].name } else { nil }
        })
    }

    /// Checks one file; returns its errors and the names it defines at the top level (what importing it gives).
    mutating func check(_ program: Program, unknown: Set<String> = []) -> (errors: [SpecError], names: [String: StaticValue]) {
        reassigned = AssignedNames.in(program.statements).union(unknown)
        var defined: [String: Int] = [:]
        for stmt in program.statements {
            switch stmt.kind {
            case let .let(names, value):
                for n in names { globals[n.name] = names.count == 1 ? StaticValue.of(value, in: [:]) : .unknown; defined[n.name, default: 0] += 1 }
            case let .function(name, literal):
                globals[name.name] = .function(name: name.name, literal)
                defined[name.name, default: 0] += 1
            case let .import(path, alias):
                guard let module = imports.load(path, relativeTo: baseURL) else { continue }
                if let alias { globals[alias.name] = .module(path: path, module.names) } else { globals.merge(module.names) { _, new in new } }
            default: break
            }
        }
        for (name, count) in defined where count > 1 || reassigned.contains(name) { globals[name] = .unknown }
        var scope: [String: StaticValue] = [:]
        for stmt in program.statements { statement(stmt, &scope, inFunction: false) }
        return (errors, scope)
    }

    // MARK: Statements

    private mutating func statement(_ stmt: Stmt, _ scope: inout [String: StaticValue], inFunction: Bool) {
        switch stmt.kind {
        case let .let(names, e):
            expression(e, scope, inFunction: inFunction)
            let value = names.count == 1 ? StaticValue.of(e, in: scope) : .unknown
            for n in names { scope[n.name] = reassigned.contains(n.name) ? .unknown : value }
        case let .assign(target, _, value):
            expression(target, scope, inFunction: inFunction)
            expression(value, scope, inFunction: inFunction)
        case .expression(let e): expression(e, scope, inFunction: inFunction)
        case let .function(name, literal):
            scope[name.name] = reassigned.contains(name.name) ? .unknown : .function(name: name.name, literal)
            function(literal, scope)
        case let .if(branches, elseBlock):
            for b in branches {
                expression(b.condition, scope, inFunction: inFunction)
                block(b.body, scope, inFunction: inFunction)
            }
            if let elseBlock { block(elseBlock, scope, inFunction: inFunction) }
        case let .for(variables, sequence, body):
            expression(sequence, scope, inFunction: inFunction)
            var inner = scope
            for v in variables { inner[v.name] = .unknown }
            block(body, inner, inFunction: inFunction)
        case let .while(condition, body):
            expression(condition, scope, inFunction: inFunction)
            block(body, scope, inFunction: inFunction)
        case .return(let e): if let e { expression(e, scope, inFunction: inFunction) }
        case .break, .continue: break
        case let .import(path, alias):
            guard let module = imports.load(path, relativeTo: baseURL) else {
                namesAreOpen = true
                errors.append(imports.failure(path, relativeTo: baseURL, at: stmt.span))
                return
            }
            errors += imports.takeErrors(of: module)
            if let alias { scope[alias.name] = .module(path: path, module.names) } else { scope.merge(module.names) { _, new in new } }
        }
    }

    private mutating func block(_ b: Block, _ scope: [String: StaticValue], inFunction: Bool) {
        var inner = scope
        for stmt in b.statements { statement(stmt, &inner, inFunction: inFunction) }
    }

    private mutating func function(_ literal: FunctionLiteral, _ scope: [String: StaticValue]) {
        var inner = globals.merging(scope) { _, local in local }
        for p in literal.parameters {
            if let d = p.defaultValue { expression(d, inner, inFunction: true) }
            inner[p.name.name] = .unknown
        }
        for stmt in literal.body.statements { statement(stmt, &inner, inFunction: true) }
    }

    // MARK: Expressions

    private mutating func expression(_ e: Expr, _ scope: [String: StaticValue], inFunction: Bool) {
        switch e.kind {
        case .name(let name): resolve(name, at: e.span, scope)
        case .integer, .float, .bool, .nil: break
        case .string(let parts):
            for case .interpolation(let inner) in parts { expression(inner, scope, inFunction: inFunction) }
        case .list(let items): items.forEach { expression($0, scope, inFunction: inFunction) }
        case .comprehension(let c):
            expression(c.sequence, scope, inFunction: inFunction)
            var inner = scope
            for v in c.variables { inner[v.name] = .unknown }
            if let condition = c.condition { expression(condition, inner, inFunction: inFunction) }
            expression(c.element, inner, inFunction: inFunction)
        case .record(let entries): entries.forEach { expression($0.value, scope, inFunction: inFunction) }
        case let .unary(_, operand): expression(operand, scope, inFunction: inFunction)
        case let .binary(_, l, r):
            expression(l, scope, inFunction: inFunction)
            expression(r, scope, inFunction: inFunction)
        case let .call(callee, arguments):
            // A method call x.name(…) may name a builtin rather than a field: only the receiver is checked.
            if case let .field(base, _) = callee.kind { expression(base, scope, inFunction: inFunction) } else { expression(callee, scope, inFunction: inFunction) }
            arguments.forEach { expression($0.value, scope, inFunction: inFunction) }
            call(callee, arguments, at: e.span, scope)
        case let .index(base, items):
            expression(base, scope, inFunction: inFunction)
            for item in items {
                switch item.kind {
                case .single(let i): expression(i, scope, inFunction: inFunction)
                case let .slice(a, b, c): [a, b, c].compactMap { $0 }.forEach { expression($0, scope, inFunction: inFunction) }
                }
            }
        case let .field(base, name):
            expression(base, scope, inFunction: inFunction)
            _ = moduleMember(base, name, scope)
        case .function(let literal): function(literal, scope)
        }
    }

    private mutating func resolve(_ name: String, at span: SourceSpan, _ scope: [String: StaticValue]) {
        guard scope[name] == nil, registry[name] == nil, !namesAreOpen else { return }
        let candidates = Array(Set(scope.keys).union(globals.keys)) + registry.names
        let note = SpecError.Note.didYouMean(name, among: candidates)
        errors.append(SpecError(.name, globals[name] != nil ? "'\(name)' is used before it is defined" : "unknown name '\(name)'",
                                at: span, notes: note.map { [$0] } ?? []))
    }

    /// `h.name` where `h` is an imported file: the name must be one it defines.
    private mutating func moduleMember(_ base: Expr, _ name: Identifier, _ scope: [String: StaticValue]) -> StaticValue? {
        guard case .name(let m) = base.kind, case .module(let path, let names)? = scope[m] else { return nil }
        if let v = names[name.name] { return v }
        let note = SpecError.Note.didYouMean(name.name, among: Array(names.keys))
        errors.append(SpecError(.name, "\(path) defines no '\(name.name)'", at: name.span, notes: note.map { [$0] } ?? []))
        return .unknown
    }

    private mutating func call(_ callee: Expr, _ arguments: [Argument], at span: SourceSpan, _ scope: [String: StaticValue]) {
        let called: StaticValue
        switch callee.kind {
        case .name(let n):
            if let v = scope[n] {
                called = v
            } else if let b = registry[n] {
                errors += CallCheck.builtin(b, arguments, at: span)
                return
            } else {
                return
            }
        case let .field(base, name):
            guard let member = moduleMember(base, name, scope) else { return }
            called = member
        default:
            called = StaticValue.of(callee, in: scope)
        }
        switch called {
        case let .function(name, literal): errors += CallCheck.function(name, literal, arguments, at: span)
        case .plain(let what):
            let subject = if case .name(let n) = callee.kind { "'\(n)' is \(what), which" } else { what }
            errors.append(SpecError(.type, "\(subject) cannot be called", at: callee.span))
        case .module(let path, _): errors.append(SpecError(.type, "the module of \(path) cannot be called", at: callee.span))
        case .unknown: break
        }
    }
}
