import Foundation
import SpecSyntax

/// `spec check`: finds names a program uses but never defines, without running it. Functions may use globals
/// defined later in the file (they are looked up when called), so every top-level name counts as defined inside
/// function bodies; at the top level a name must be defined before its use.
public struct Resolver {
    let registry: BuiltinRegistry
    private var errors: [SpecError] = []
    private var globals: Set<String> = []

    public init(registry: BuiltinRegistry = .standard) { self.registry = registry }

    /// Every unresolved name, in source order; `imported` are the names other files define.
    public static func unresolvedNames(in program: Program, imported: Set<String> = [], registry: BuiltinRegistry = .standard) -> [SpecError] {
        var r = Resolver(registry: registry)
        r.globals = imported
        for stmt in program.statements {
            switch stmt.kind {
            case .let(let name, _): r.globals.insert(name.name)
            case .function(let name, _): r.globals.insert(name.name)
            default: break
            }
        }
        var defined = imported
        for stmt in program.statements { r.statement(stmt, &defined, inFunction: false) }
        return r.errors
    }

    private mutating func statement(_ stmt: Stmt, _ scope: inout Set<String>, inFunction: Bool) {
        switch stmt.kind {
        case let .let(name, e):
            expression(e, scope, inFunction: inFunction)
            scope.insert(name.name)
        case let .assign(target, _, value):
            expression(target, scope, inFunction: inFunction)
            expression(value, scope, inFunction: inFunction)
        case .expression(let e): expression(e, scope, inFunction: inFunction)
        case let .function(name, literal):
            scope.insert(name.name)
            function(literal, scope)
        case let .if(branches, elseBlock):
            for b in branches {
                expression(b.condition, scope, inFunction: inFunction)
                block(b.body, scope, inFunction: inFunction)
            }
            if let elseBlock { block(elseBlock, scope, inFunction: inFunction) }
        case let .for(index, element, sequence, body):
            expression(sequence, scope, inFunction: inFunction)
            var inner = scope
            inner.insert(element.name)
            if let index { inner.insert(index.name) }
            block(body, inner, inFunction: inFunction)
        case let .while(condition, body):
            expression(condition, scope, inFunction: inFunction)
            block(body, scope, inFunction: inFunction)
        case .return(let e): if let e { expression(e, scope, inFunction: inFunction) }
        case .break, .continue, .import: break
        }
    }

    private mutating func block(_ b: Block, _ scope: Set<String>, inFunction: Bool) {
        var inner = scope
        for stmt in b.statements { statement(stmt, &inner, inFunction: inFunction) }
    }

    private mutating func function(_ literal: FunctionLiteral, _ scope: Set<String>) {
        var inner = scope.union(globals)
        for p in literal.parameters {
            if let d = p.defaultValue { expression(d, inner, inFunction: true) }
            inner.insert(p.name.name)
        }
        for stmt in literal.body.statements { statement(stmt, &inner, inFunction: true) }
    }

    private mutating func expression(_ e: Expr, _ scope: Set<String>, inFunction: Bool) {
        switch e.kind {
        case .name(let name):
            guard !scope.contains(name), registry[name] == nil else { return }
            let candidates = Array(scope.union(globals)) + registry.names
            let note = SpecError.Note.didYouMean(name, among: candidates)
            errors.append(SpecError(.name, globals.contains(name) ? "'\(name)' is used before it is defined" : "unknown name '\(name)'",
                                    at: e.span, notes: note.map { [$0] } ?? []))
        case .integer, .float, .bool, .nil: break
        case .string(let parts):
            for case .interpolation(let inner) in parts { expression(inner, scope, inFunction: inFunction) }
        case .list(let items): items.forEach { expression($0, scope, inFunction: inFunction) }
        case .record(let entries): entries.forEach { expression($0.value, scope, inFunction: inFunction) }
        case let .unary(_, operand): expression(operand, scope, inFunction: inFunction)
        case let .binary(_, l, r):
            expression(l, scope, inFunction: inFunction)
            expression(r, scope, inFunction: inFunction)
        case let .call(callee, arguments):
            // A method call x.name(…) may name a builtin rather than a field: only the receiver is checked.
            expression(callee, scope, inFunction: inFunction)
            arguments.forEach { expression($0.value, scope, inFunction: inFunction) }
        case let .index(base, items):
            expression(base, scope, inFunction: inFunction)
            for item in items {
                switch item.kind {
                case .single(let i): expression(i, scope, inFunction: inFunction)
                case let .slice(a, b, c): [a, b, c].compactMap { $0 }.forEach { expression($0, scope, inFunction: inFunction) }
                }
            }
        case let .field(base, _): expression(base, scope, inFunction: inFunction)
        case .function(let literal): function(literal, scope)
        }
    }
}
