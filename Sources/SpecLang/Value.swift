import SpecSyntax
import SpecTensor

/// A value of the spec language. Lists and records are shared references (as in Python), so `runs[mode] = r`
/// changes the record every binding of it sees; tensors are immutable values.
public enum Value: @unchecked Sendable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case `nil`
    case list(ListRef)
    case record(RecordRef)
    case tensor(Tensor)
    case function(Function)
    case builtin(Builtin)
    /// Models, runs, optimisers, data sets and other values that higher modules define.
    case object(SpecObject)

    public var typeName: String {
        switch self {
        case .number: "number"
        case .string: "string"
        case .bool: "bool"
        case .nil: "nil"
        case .list: "list"
        case .record: "record"
        case .tensor: "tensor"
        case .function: "function"
        case .builtin: "builtin"
        case .object(let o): o.typeName
        }
    }

    /// `nil` and `false` are false; everything else is true, except that a number must be non-zero and a
    /// one-element tensor non-zero (a larger tensor has no truth value: an error, as in NumPy).
    public func truthValue(at span: SourceSpan?) throws -> Bool {
        switch self {
        case .bool(let b): return b
        case .nil: return false
        case .number(let n): return n != 0
        case .tensor(let t):
            guard let v = t.item else {
                throw SpecError(.type, "a tensor of shape \(t.shape.shapeDescription) has no single truth value", at: span,
                                notes: [.init("reduce it first, e.g. with any(), all(), or compare a sum")])
            }
            return v != 0
        default: return true
        }
    }
}

/// A mutable list shared by reference.
public final class ListRef: @unchecked Sendable {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
    deinit {
        var pending = items.filter(\.isContainer)
        items = []  // now `pending` holds the only references to children nobody else holds
        Teardown.drain(&pending)
    }
}

/// Frees nested lists and records one at a time instead of by recursion, so a list nested 100000 deep is freed
/// without exhausting the stack: children that only the dying container holds are emptied into a work list first.
enum Teardown {
    static func drain(_ pending: inout [Value]) {
        while !pending.isEmpty {
            var list: ListRef?, record: RecordRef?
            switch pending.removeLast() {
            case .list(let l): list = l
            case .record(let r): record = r
            default: break
            }
            if var l = list {
                list = nil
                if isKnownUniquelyReferenced(&l) { pending += l.items.filter(\.isContainer); l.items = [] }
            }
            if var r = record {
                record = nil
                if isKnownUniquelyReferenced(&r) { pending += r.takeValues().filter(\.isContainer) }
            }
        }
    }
}

extension Value {
    var isContainer: Bool {
        switch self {
        case .list, .record: return true
        default: return false
        }
    }
}

/// A mutable record (dictionary from string keys) that keeps its keys in insertion order.
public final class RecordRef: @unchecked Sendable {
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]

    public init(_ entries: [(String, Value)] = []) {
        for (k, v) in entries { self[k] = v }
    }

    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if storage[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil, storage[key] != nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
        }
    }

    public var entries: [(String, Value)] { keys.compactMap { k in storage[k].map { (k, $0) } } }

    /// Empties the record, handing its values over (for `Teardown`).
    func takeValues() -> [Value] {
        defer { storage = [:]; keys = [] }
        return Array(storage.values)
    }

    deinit {
        var pending = storage.values.filter(\.isContainer)
        storage = [:]
        Teardown.drain(&pending)
    }
    public var count: Int { keys.count }
}

/// A value defined outside the language core (a model, a training run, an optimiser, a data set…).
public protocol SpecObject: AnyObject, Sendable {
    var typeName: String { get }
    /// Names `field(_:)` answers, for completion and error messages.
    var fieldNames: [String] { get }
    func field(_ name: String) throws -> Value?
    /// A compact multi-line description for the REPL.
    var summary: String { get }
}
