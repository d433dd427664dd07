import SpecSyntax
import SpecTensor

/// The arguments of one builtin call, bound to its parameters (defaults filled in, types checked), with typed
/// accessors whose errors point at the argument in the source.
public struct Arguments {
    public let builtin: Builtin
    public let interpreter: Interpreter
    /// The whole call, for errors that concern no single argument.
    public let span: SourceSpan?
    private var values: [String: Value] = [:]
    private var spans: [String: SourceSpan] = [:]

    init(builtin: Builtin, interpreter: Interpreter, span: SourceSpan?, positional: [(Value, SourceSpan?)],
         keywords: [KeywordArgument]) throws {
        self.builtin = builtin
        self.interpreter = interpreter
        self.span = span
        let params = builtin.parameters
        var queue = positional[...]
        for p in params where !p.keywordOnly {
            if p.variadic {
                values[p.name] = .list(ListRef(queue.map(\.0)))
                spans[p.name] = queue.first?.1
                queue.removeAll()
                break
            }
            guard let (v, s) = queue.popFirst() else { break }
            values[p.name] = v
            spans[p.name] = s
        }
        if let extra = queue.first { throw CallErrors.tooManyPositional(builtin, given: positional.count, at: extra.1 ?? span) }
        for k in keywords {
            guard params.contains(where: { $0.name == k.name }) else {
                throw CallErrors.unknownKeyword(builtin, k.name, at: k.nameSpan ?? k.span ?? span)
            }
            guard values[k.name] == nil else { throw CallErrors.givenTwice(builtin, k.name, at: k.nameSpan ?? k.span ?? span) }
            values[k.name] = k.value
            spans[k.name] = k.span
        }
        for p in params {
            if values[p.name] == nil {
                guard let d = p.defaultValue else { throw CallErrors.missing(builtin, p, at: span) }
                values[p.name] = d
            } else if let v = values[p.name], !p.variadic {
                try check(v, against: p)
            }
        }
    }

    private func check(_ v: Value, against p: Builtin.Parameter) throws {
        if case .nil = v, p.defaultValue.map({ if case .nil = $0 { return true } else { return false } }) == true { return }
        let ok: Bool
        switch (p.type, v) {
        case (.any, _): ok = true
        case (.number, .number), (.bool, .bool), (.string, .string), (.list, .list), (.record, .record): ok = true
        case (.number, .tensor(let t)): ok = t.count == 1
        case (.integer, .number(let n)): ok = n.rounded() == n
        case (.tensor, .tensor), (.tensor, .number), (.tensor, .list), (.tensor, .bool): ok = true
        case (.tensor, .object(let o)), (.number, .object(let o)): ok = o is ParameterObject
        case (.function, .function), (.function, .builtin): ok = true
        case (.shape, .list), (.shape, .number): ok = true
        case (.axes, .number), (.axes, .list): ok = true
        case (.object, .object): ok = true
        default: ok = false
        }
        guard ok else {
            throw SpecError(.type, "\(builtin.name): '\(p.name)' must be \(article(p.type.description)), got \(Printer.describeType(v))",
                            at: spans[p.name] ?? span)
        }
        if let choices = p.choices, case .string(let s) = v, !choices.contains(s) {
            throw CallErrors.notAChoice(s, of: p, in: builtin, at: spans[p.name] ?? span)
        }
    }

    private func article(_ s: String) -> String { (s.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + s }

    public func spanOf(_ name: String) -> SourceSpan? { spans[name] ?? span }

    /// An error of this call, prefixed once with the builtin's name (messages from below may carry it already).
    public func error(_ name: String, _ message: String, kind: SpecError.Kind = .value) -> SpecError {
        SpecError(kind, Interpreter.prefixed(builtin, message), at: spanOf(name))
    }

    /// Whether the caller passed the argument (or left it to its default).
    public func isGiven(_ name: String) -> Bool { spans[name] != nil }

    public func value(_ name: String) -> Value { values[name] ?? .nil }

    public func isNil(_ name: String) -> Bool { if case .nil = value(name) { return true } else { return false } }

    public func number(_ name: String) throws -> Double {
        guard let n = Convert.number(value(name)) else {
            throw error(name, "'\(name)' must be a number, got \(Printer.describeType(value(name)))", kind: .type)
        }
        return n
    }

    public func float(_ name: String) throws -> Float { Float(try number(name)) }

    public func int(_ name: String) throws -> Int {
        let n = try number(name)
        guard n.rounded() == n, Swift.abs(n) < 1e15 else { throw error(name, "'\(name)' must be a whole number, got \(Printer.number(n))") }
        return Int(n)
    }

    /// A whole number of at least `minimum`.
    public func count(_ name: String, minimum: Int = 1) throws -> Int {
        let n = try int(name)
        guard n >= minimum else { throw error(name, "'\(name)' must be at least \(minimum), got \(n)") }
        return n
    }

    public func optionalInt(_ name: String) throws -> Int? { isNil(name) ? nil : try int(name) }

    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = value(name) else { throw error(name, "'\(name)' must be true or false", kind: .type) }
        return b
    }

    public func string(_ name: String) throws -> String {
        guard case .string(let s) = value(name) else { throw error(name, "'\(name)' must be a string, got \(Printer.describeType(value(name)))", kind: .type) }
        return s
    }

    public func optionalString(_ name: String) throws -> String? { isNil(name) ? nil : try string(name) }

    /// A string argument of a parameter declared with `choices` (binding the call has checked it is one of them).
    public func choice(_ name: String) throws -> String { try string(name) }

    public func list(_ name: String) throws -> [Value] {
        guard case .list(let l) = value(name) else { throw error(name, "'\(name)' must be a list", kind: .type) }
        return l.items
    }

    public func record(_ name: String) throws -> RecordRef {
        guard case .record(let r) = value(name) else { throw error(name, "'\(name)' must be a record", kind: .type) }
        return r
    }

    public func tensor(_ name: String) throws -> Tensor {
        do { return try Convert.tensor(value(name)) } catch let e as ConversionError {
            throw error(name, "'\(name)': \(e.message)", kind: .type)
        }
    }

    public func optionalTensor(_ name: String) throws -> Tensor? { isNil(name) ? nil : try tensor(name) }

    public func shape(_ name: String) throws -> [Int] {
        let items: [Value]
        switch value(name) {
        case .number: items = [value(name)]
        case .list(let l): items = l.items
        default: throw error(name, "'\(name)' must be a list of sizes", kind: .type)
        }
        let sizes = try items.map { item in
            guard case .number(let n) = item, n.rounded() == n, n >= 0, n < 1e12 else {
                throw error(name, "'\(name)' must hold non-negative whole numbers, got \(Printer.short(item))")
            }
            return Int(n)
        }
        // A shape's tensor must fit in memory (counts and pads are checked by the ops that use them).
        do { try AllocationLimit.checkedCount(sizes, op: builtin.name) } catch let e as TensorError { throw error(name, e.description) }
        return sizes
    }

    /// nil (all axes), one axis, or a list of axes.
    public func axes(_ name: String) throws -> [Int]? {
        switch value(name) {
        case .nil: return nil
        case .number: return [try int(name)]
        case .list(let l):
            return try l.items.map { item in
                guard case .number(let n) = item, n.rounded() == n, Swift.abs(n) < 1e15 else { throw error(name, "axes must be whole numbers") }
                return Int(n)
            }
        default: throw error(name, "'\(name)' must be an axis or a list of axes", kind: .type)
        }
    }

    public func object<T>(_ name: String, as type: T.Type, described: String) throws -> T {
        guard case .object(let o) = value(name), let t = o as? T else {
            throw error(name, "'\(name)' must be \(described), got \(Printer.describeType(value(name)))", kind: .type)
        }
        return t
    }

    /// This call as spec source, every given argument by its parameter's name in the registry's order
    /// (`toyset(res: 64, count: 10, seed: 0)`): how a data set records where it came from. `resolved` gives values
    /// that the call left to a default but that must be recorded (a seed drawn from the session).
    public func callText(resolved: [String: Value] = [:]) -> String {
        let parts = builtin.parameters.compactMap { p -> String? in
            guard let v = resolved[p.name] ?? (isGiven(p.name) ? value(p.name) : nil) else { return nil }
            return "\(p.name): \(Printer.literal(v))"
        }
        return "\(builtin.name)(\(parts.joined(separator: ", ")))"
    }

    /// Calls a function value passed as an argument.
    public func call(_ name: String, _ arguments: [Value]) throws -> Value {
        try interpreter.call(value(name), arguments: arguments, at: spanOf(name))
    }
}
