import SpecSyntax
import SpecTensor

/// Indexing, slicing and field access.
enum Indexing {
    enum Key {
        case single(Value)
        case slice(Int?, Int?, Int?)
    }

    static func index(_ container: Value, _ keys: [Key], at span: SourceSpan) throws -> Value {
        switch container.resolvingParameters {
        case .list(let l):
            guard keys.count == 1 else { throw SpecError(.index, "a list takes one index", at: span) }
            switch keys[0] {
            case .single(let k): return l.items[try position(k, count: l.items.count, at: span)]
            case let .slice(a, b, c): return .list(ListRef(try slice(l.items, a, b, c, at: span)))
            }
        case .string(let s):
            let chars = Array(s)
            guard keys.count == 1 else { throw SpecError(.index, "a string takes one index", at: span) }
            switch keys[0] {
            case .single(let k): return .string(String(chars[try position(k, count: chars.count, at: span)]))
            case let .slice(a, b, c): return .string(String(try slice(chars, a, b, c, at: span)))
            }
        case .record(let r):
            guard keys.count == 1, case .single(let k) = keys[0], case .string(let name) = k else {
                throw SpecError(.index, "a record is indexed by one string key", at: span)
            }
            guard let v = r[name] else {
                let note = SpecError.Note.didYouMean(name, among: r.keys)
                throw SpecError(.index, "the record has no key \"\(name)\"", at: span,
                                notes: (note.map { [$0] } ?? []) + [.init(r.keys.isEmpty ? "the record is empty" : "keys: " + r.keys.joined(separator: ", "))])
            }
            return v
        case .tensor(let t):
            return .tensor(try tensor(t, keys, at: span))
        default:
            throw SpecError(.type, "\(Printer.describeType(container)) cannot be indexed", at: span)
        }
    }

    static func position(_ key: Value, count: Int, at span: SourceSpan) throws -> Int {
        guard case .number(let n) = key else {
            throw SpecError(.index, "an index must be a whole number, got \(Printer.short(key))", at: span)
        }
        let k = try whole(n, at: span)
        let i = k < 0 ? k + count : k
        guard i >= 0, i < count else { throw SpecError(.index, "index \(k) is out of range for length \(count)", at: span) }
        return i
    }

    static func whole(_ n: Double, at span: SourceSpan) throws -> Int {
        guard n.rounded() == n, Swift.abs(n) < 1e15 else {
            throw SpecError(.index, "an index must be a whole number, got \(Printer.number(n))", at: span)
        }
        return Int(n)
    }

    /// Python slicing: negative bounds count from the end, bounds are clamped, the step may be negative.
    static func slice<T>(_ items: [T], _ start: Int?, _ stop: Int?, _ step: Int?, at span: SourceSpan) throws -> [T] {
        do {
            return try Tensor.sliceIndices(count: items.count, start: start, stop: stop, step: step ?? 1).map { items[$0] }
        } catch let e as TensorError {
            throw SpecError(.index, e.description, at: span)
        }
    }

    /// `list[i] = value` and `record[key] = value`, which change the container in place (tensors are values:
    /// `Assignment` replaces them).
    static func set(_ container: Value, _ keys: [Key], _ value: Value, at span: SourceSpan) throws {
        guard keys.count == 1, case .single(let key) = keys[0] else {
            throw refusedAssignment(into: "a slice of \(Printer.describeType(container))", "only single items can be assigned", at: span)
        }
        switch container {
        case .list(let l): l.items[try position(key, count: l.items.count, at: span)] = value
        case .record(let r):
            guard case .string(let name) = key else { throw SpecError(.index, "record keys are strings", at: span) }
            r[name] = value
        default:
            throw refusedAssignment(into: Printer.describeType(container), "it has no items that can change", at: span)
        }
    }

    /// The one wording of every assignment the language refuses: what cannot be assigned into, why, and the way that
    /// always works.
    static func refusedAssignment(into what: String, _ why: String, at span: SourceSpan,
                                  instead: String = "build a new value and bind it, e.g. x = where(mask, value, x) for a tensor") -> SpecError {
        SpecError(.type, "cannot assign into \(what): \(why)", at: span, notes: [.init(instead)])
    }

    // MARK: Fields

    static func field(_ v: Value, _ name: String, at span: SourceSpan, interpreter: Interpreter) throws -> Value {
        if let f = try fieldIfPresent(v, name, interpreter: interpreter) { return f }
        throw missingField(v, name, at: span, interpreter: interpreter)
    }

    static func fieldIfPresent(_ v: Value, _ name: String, interpreter: Interpreter) throws -> Value? {
        switch v {
        case .record(let r): return r[name]
        case .list(let l): return name == "count" ? .number(Double(l.items.count)) : nil
        case .string(let s): return name == "count" ? .number(Double(s.count)) : nil
        case .tensor(let t): return tensorField(t, name)
        case .object(let o): return try o.field(name)
        default: return nil
        }
    }

    static func fieldNames(_ v: Value) -> [String] {
        switch v {
        case .record(let r): return r.keys
        case .list, .string: return ["count"]
        case .tensor: return tensorFields
        case .object(let o): return o.fieldNames
        default: return []
        }
    }

    static let tensorFields = ValueTypes.names("tensor")

    static func tensorField(_ t: Tensor, _ name: String) -> Value? {
        switch name {
        case "shape": return .list(ListRef(t.shape.map { .number(Double($0)) }))
        case "rank": return .number(Double(t.rank))
        case "count": return .number(Double(t.count))
        case "grad": return t.grad.map { .tensor($0) } ?? .nil
        case "requires_grad": return .bool(t.requiresGrad)
        case "T": return t.rank >= 2 ? (try? t.transposed()).map { .tensor($0) } : .tensor(t)
        default: return nil
        }
    }

    static func missingField(_ v: Value, _ name: String, at span: SourceSpan, interpreter: Interpreter) -> SpecError {
        let fields = fieldNames(v)
        var notes: [SpecError.Note] = []
        if let note = SpecError.Note.didYouMean(name, among: fields + interpreter.registry.names) { notes.append(note) }
        if !fields.isEmpty { notes.append(.init("fields: " + fields.joined(separator: ", "))) }
        return SpecError(.name, "\(Printer.describeType(v)) has no field or method '\(name)'", at: span, notes: notes)
    }
}
