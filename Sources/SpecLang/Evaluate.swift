import SpecGAN
import SpecSyntax
import SpecTensor

/// Expressions and calls.
extension Interpreter {
    func evaluate(_ expr: Expr, in scope: Scope) throws -> Value {
        switch expr.kind {
        case .integer(let n): return .number(Double(n))
        case .float(let x): return .number(x)
        case .bool(let b): return .bool(b)
        case .nil: return .nil
        case .string(let parts):
            let pieces = try parts.map { part in
                switch part {
                case .text(let t): return t
                case .interpolation(let e): return Printer.plain(try evaluate(e, in: scope), printOptions)
                }
            }
            try Operators.checkSize(pieces.reduce(0) { $0 + $1.utf8.count }, bytesEach: 1, "string", at: expr.span)
            return .string(pieces.joined())
        case .name(let name): return try lookupName(name, at: expr.span, in: scope)
        case .list(let items): return .list(ListRef(try items.map { try evaluate($0, in: scope) }))
        case .comprehension(let c): return .list(ListRef(try comprehension(c, in: scope)))
        case .record(let entries):
            return .record(RecordRef(try entries.map { ($0.key.name, try evaluate($0.value, in: scope)) }))
        case let .unary(op, operand):
            return try Operators.unary(op, try evaluate(operand, in: scope), at: expr.span)
        case let .binary(op, lhs, rhs):
            // `and` / `or` evaluate their right side only when needed and give a bool.
            if op == .and || op == .or {
                let left = try evaluate(lhs, in: scope).truthValue(at: lhs.span)
                if op == .and ? !left : left { return .bool(left) }
                return .bool(try evaluate(rhs, in: scope).truthValue(at: rhs.span))
            }
            return try Operators.binary(op, try evaluate(lhs, in: scope), try evaluate(rhs, in: scope), at: expr.span)
        case let .field(base, name):
            return try Indexing.field(try evaluate(base, in: scope), name.name, at: name.span, interpreter: self)
        case let .index(base, items):
            let container = try evaluate(base, in: scope)
            return try Indexing.index(container, try indexKeys(items, in: scope), at: expr.span)
        case .function(let literal):
            return .function(Function(name: "<anonymous>", literal: literal, closure: scope, span: expr.span))
        case let .call(callee, arguments):
            return try evaluateCall(callee, arguments, span: expr.span, in: scope)
        }
    }

    /// The items of `[element for variables in sequence if condition]`, each in a scope of its own as `for` makes.
    private func comprehension(_ c: Comprehension, in scope: Scope) throws -> [Value] {
        var result: [Value] = []
        for item in try iterate(try evaluate(c.sequence, in: scope), at: c.sequence.span) {
            try tick(c.sequence.span)
            let inner = Scope(parent: scope)
            try bind(c.variables, item, in: inner, at: c.sequence.span)
            if let condition = c.condition, !(try evaluate(condition, in: inner).truthValue(at: condition.span)) { continue }
            result.append(try evaluate(c.element, in: inner))
        }
        return result
    }

    /// The keys of `x[…]`: values, and slices with whole-number bounds.
    func indexKeys(_ items: [IndexItem], in scope: Scope) throws -> [Indexing.Key] {
        try items.map { item -> Indexing.Key in
            switch item.kind {
            case .single(let e): return .single(try evaluate(e, in: scope))
            case let .slice(start, stop, step):
                func bound(_ e: Expr?) throws -> Int? {
                    guard let e else { return nil }
                    guard case .number(let n) = try evaluate(e, in: scope), n.rounded() == n, Swift.abs(n) < 1e15 else {
                        throw SpecError(.type, "slice bounds must be whole numbers", at: e.span)
                    }
                    return Int(n)
                }
                return .slice(try bound(start), try bound(stop), try bound(step))
            }
        }
    }

    private func evaluateCall(_ callee: Expr, _ arguments: [Argument], span: SourceSpan, in scope: Scope) throws -> Value {
        var positional: [(Value, SourceSpan?)] = []
        var keywords: [KeywordArgument] = []
        // A method call x.name(…) on a value without such a field calls the builtin `name` with x first.
        var function: Value
        if case let .field(base, name) = callee.kind {
            let receiver = try evaluate(base, in: scope)
            if let field = try Indexing.fieldIfPresent(receiver, name.name, interpreter: self) {
                function = field
            } else if let builtin = registry[name.name] {
                function = .builtin(builtin)
                positional.append((receiver, base.span))
            } else {
                throw Indexing.missingField(receiver, name.name, at: name.span, interpreter: self)
            }
        } else {
            function = try evaluate(callee, in: scope)
        }
        for argument in arguments {
            let value = try evaluate(argument.value, in: scope)
            if let label = argument.label {
                keywords.append(KeywordArgument(name: label.name, value: value, span: argument.value.span, nameSpan: label.span))
            } else {
                positional.append((value, argument.value.span))
            }
        }
        return try call(function, positional: positional, keywords: keywords, at: span)
    }

    /// Calls a function or builtin value with positional arguments (from builtins that take callbacks).
    public func call(_ function: Value, arguments: [Value], at span: SourceSpan?) throws -> Value {
        try call(function, positional: arguments.map { ($0, span) }, keywords: [], at: span)
    }

    func call(_ function: Value, positional: [(Value, SourceSpan?)], keywords: [KeywordArgument],
              at span: SourceSpan?) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        guard callDepth <= Self.maxCallDepth else {
            throw SpecError(.runtime, "calls nested more than \(Self.maxCallDepth) deep (runaway recursion?)", at: span)
        }
        if case .object(let m as ModelObject) = function, let script = m.module as? ScriptModel {
            do { return .tensor(try script.call(positional.map(\.0), keywords: keywords, at: span)) } catch let e as GANError {
                throw SpecError(.value, e.description, at: span)
            }
        }
        switch function {
        case .builtin(let builtin):
            var args = try Arguments(builtin: builtin, interpreter: self, span: span, positional: positional, keywords: keywords)
            do {
                return try builtin.body(&args)
            } catch var error as SpecError {
                if error.span == nil { error.span = span }
                throw error
            } catch let error as TensorError {
                throw SpecError(.value, Self.prefixed(builtin, error.description), at: span)
            } catch let error as ConversionError {
                throw SpecError(.type, Self.prefixed(builtin, error.message), at: span)
            } catch {
                // Errors of the modules below (media, GAN) become language errors at the call.
                throw SpecError(.value, Self.prefixed(builtin, "\(error)"), at: span)
            }
        case .function(let f):
            return try callFunction(f, positional: positional, keywords: keywords, at: span)
        case .object(let o as CallableObject):
            return try call(.builtin(o.callable), positional: positional, keywords: keywords, at: span)
        default:
            throw SpecError(.type, "\(Printer.describeType(function)) cannot be called", at: span)
        }
    }

    /// A message of a builtin's call, prefixed once with its name.
    static func prefixed(_ builtin: Builtin, _ message: String) -> String {
        message.hasPrefix("\(builtin.name): ") ? message : "\(builtin.name): \(message)"
    }

    private func callFunction(_ f: Function, positional: [(Value, SourceSpan?)], keywords: [KeywordArgument],
                              at span: SourceSpan?) throws -> Value {
        if let span { try tick(span) }
        let params = f.literal.parameters
        guard positional.count <= params.count else { throw CallErrors.tooMany(f.name, f.parameterNames, given: positional.count, at: span) }
        let frame = Scope(parent: f.closure)
        var bound = Set<String>()
        for (p, (value, _)) in zip(params, positional) {
            frame.define(p.name.name, value)
            bound.insert(p.name.name)
        }
        for k in keywords {
            guard params.contains(where: { $0.name.name == k.name }) else {
                throw CallErrors.unknownKeyword(f.name, f.parameterNames, k.name, at: k.nameSpan ?? k.span ?? span)
            }
            guard bound.insert(k.name).inserted else { throw CallErrors.givenTwice(k.name, at: k.nameSpan ?? k.span ?? span) }
            frame.define(k.name, k.value)
        }
        for p in params where !bound.contains(p.name.name) {
            guard let d = p.defaultValue else { throw CallErrors.missing(f.name, p.name.name, at: span) }
            frame.define(p.name.name, try evaluate(d, in: frame))
        }
        for stmt in f.literal.body.statements {
            switch try execute(stmt, in: frame) {
            case .normal: continue
            case .returned(let v): return v
            case .breakLoop, .continueLoop: throw SpecError(.syntax, "'break' or 'continue' outside a loop", at: stmt.span)
            }
        }
        return .nil
    }
}
