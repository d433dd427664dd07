import SpecTensor

struct ConversionError: Error { let message: String }

/// Conversions between language values and tensors.
public enum Convert {
    /// Lists nest at most this deep in a tensor: deeper means a list that contains itself, or not a tensor.
    static let maxNesting = 64

    /// A number, bool, tensor, or (nested) list of numbers or equally shaped tensors as a tensor.
    public static func tensor(_ value: Value) throws -> Tensor { try tensor(value, depth: 0) }

    private static func tensor(_ value: Value, depth: Int) throws -> Tensor {
        guard depth <= maxNesting else {
            throw ConversionError(message: "the list nests deeper than \(maxNesting) levels (does it contain itself?); a tensor has at most \(maxNesting) axes here")
        }
        switch value {
        case .tensor(let t): return t
        case .object(let p as ParameterObject): return p.value
        case .number(let n): return Tensor(Float(n))
        case .bool(let b): return Tensor(b ? 1 : 0)
        case .list(let l):
            guard !l.items.isEmpty else { return Tensor.zeros([0]) }
            if l.items.allSatisfy({ if case .number = $0 { return true } else { return false } }) {
                return Tensor(l.items.map { if case .number(let n) = $0 { Float(n) } else { 0 } })
            }
            let parts = try l.items.map { try tensor($0, depth: depth + 1) }
            guard parts.allSatisfy({ $0.shape == parts[0].shape }) else {
                throw ConversionError(message: "the list's elements have different shapes and cannot form a tensor")
            }
            do { return try Tensor.stack(parts.map { $0.detached() }, axis: 0) } catch { throw ConversionError(message: "\(error)") }
        default: throw ConversionError(message: "expected a tensor, a number or a list of numbers, got \(Printer.describeType(value))")
        }
    }

    /// A number, or the value of a one-element tensor or parameter (what `str`, `format` and string interpolation
    /// show as a number); nil for anything else.
    public static func number(_ value: Value) -> Double? {
        switch value.resolvingParameters {
        case .number(let n): return n
        case .tensor(let t): return t.item.map(Double.init)
        default: return nil
        }
    }

    /// A tensor as nested lists of numbers (0-d: a number).
    public static func nestedList(_ t: Tensor) -> Value {
        func build(_ axis: Int, _ offset: Int) -> Value {
            if axis == t.rank { return .number(Double(t.scalars[offset])) }
            let stride = t.shape[(axis + 1)...].reduce(1, *)
            return .list(ListRef((0..<t.shape[axis]).map { build(axis + 1, offset + $0 * stride) }))
        }
        return build(0, 0)
    }
}
