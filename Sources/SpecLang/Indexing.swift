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
            return .tensor(try tensorIndex(t, keys, at: span))
        default:
            throw SpecError(.type, "\(Printer.describeType(container)) cannot be indexed", at: span)
        }
    }

    /// Each key applies to the next axis: a number picks one index and drops the axis, a slice keeps it.
    private static func tensorIndex(_ t: Tensor, _ keys: [Key], at span: SourceSpan) throws -> Tensor {
        guard keys.count <= t.rank else {
            throw SpecError(.index, "\(keys.count) indices for a tensor of rank \(t.rank)", at: span)
        }
        var result = t
        var axis = 0
        do {
            for key in keys {
                switch key {
                case .single(let k):
                    let i = try position(k, count: result.shape[axis], at: span)
                    result = try result.select(axis: axis, index: i)
                case let .slice(a, b, c):
                    let step = c ?? 1
                    guard step > 0 else { throw SpecError(.index, "tensor slices need a positive step", at: span) }
                    result = try result.slice(axis: axis, start: a ?? 0, end: b, step: step)
                    axis += 1
                }
            }
        } catch let e as TensorError {
            throw SpecError(.index, e.description, at: span)
        }
        return result
    }

    static func position(_ key: Value, count: Int, at span: SourceSpan) throws -> Int {
        guard case .number(let n) = key, n.rounded() == n, Swift.abs(n) < 1e15 else {
            throw SpecError(.index, "an index must be a whole number, got \(Printer.short(key))", at: span)
        }
        let i = Int(n) < 0 ? Int(n) + count : Int(n)
        guard i >= 0, i < count else { throw SpecError(.index, "index \(Int(n)) is out of range for length \(count)", at: span) }
        return i
    }

    /// Python slicing: negative bounds count from the end, bounds are clamped, the step may be negative.
    static func slice<T>(_ items: [T], _ start: Int?, _ stop: Int?, _ step: Int?, at span: SourceSpan) throws -> [T] {
        let n = items.count, step = step ?? 1
        guard step != 0 else { throw SpecError(.index, "slice step cannot be zero", at: span) }
        func clamp(_ v: Int, _ lo: Int, _ hi: Int) -> Int { Swift.min(Swift.max(v, lo), hi) }
        func resolve(_ v: Int?, _ fallback: Int) -> Int? { v.map { $0 < 0 ? $0 + n : $0 } ?? fallback }
        if step > 0 {
            let a = clamp(resolve(start, 0) ?? 0, 0, n), b = clamp(resolve(stop, n) ?? n, 0, n)
            return a < b ? stride(from: a, to: b, by: step).map { items[$0] } : []
        }
        let a = clamp(resolve(start, n - 1) ?? n - 1, -1, n - 1), b = clamp(resolve(stop, -1) ?? -1, -1, n - 1)
        let lower = stop == nil ? -1 : b
        return a > lower ? stride(from: a, to: lower, by: step).map { items[$0] } : []
    }

    static func set(_ container: Value, _ key: Value, _ value: Value, at span: SourceSpan) throws {
        switch container {
        case .list(let l): l.items[try position(key, count: l.items.count, at: span)] = value
        case .record(let r):
            guard case .string(let name) = key else { throw SpecError(.index, "record keys are strings", at: span) }
            r[name] = value
        case .tensor:
            throw SpecError(.type, "tensors cannot be changed in place", at: span,
                            notes: [.init("build a new one, e.g. with where(mask, value, x)")])
        default:
            throw SpecError(.type, "\(Printer.describeType(container)) does not support item assignment", at: span)
        }
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
