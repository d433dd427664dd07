import Foundation
import SpecSyntax
import SpecTensor

/// Unary and binary operators on numbers, tensors (with broadcasting), strings and lists.
enum Operators {
    static func unary(_ op: UnaryOperator, _ v: Value, at span: SourceSpan) throws -> Value {
        let v = v.resolvingParameters
        switch (op, v) {
        case (.not, _): return .bool(!(try v.truthValue(at: span)))
        case (.negate, .number(let n)): return .number(-n)
        case (.negate, .tensor(let t)): return .tensor(-t)
        case (.plus, .number), (.plus, .tensor): return v
        default: throw SpecError(.type, "unary '\(op.rawValue)' does not apply to \(Printer.describeType(v))", at: span)
        }
    }

    /// Lists and strings grow within the memory limit too (doubling one 60 times must be an error, not an abort).
    /// Their items are counted at 16 times their size: each holds more than its slot (a list, a record, a string).
    static func checkSize(_ count: Int, bytesEach: Int, _ what: String, at span: SourceSpan) throws {
        do { try AllocationLimit.checkedCount(count, bytesPerElement: 16 * bytesEach, op: what) } catch {
            throw SpecError(.value, "a \(what) of \(count) items would take more than the memory limit of \(AllocationLimit.describe(AllocationLimit.bytes))", at: span)
        }
    }

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, at span: SourceSpan) throws -> Value {
        let (a, b) = (a.resolvingParameters, b.resolvingParameters)
        switch (a, b) {
        case let (.number(x), .number(y)): return try numbers(op, x, y, at: span)
        case (.tensor, .tensor), (.tensor, .number), (.number, .tensor), (.tensor, .bool), (.bool, .tensor):
            return try tensors(op, try Convert.tensor(a), try Convert.tensor(b), at: span)
        case let (.string(x), .string(y)):
            switch op {
            case .add:
                try checkSize(x.utf8.count + y.utf8.count, bytesEach: 1, "string", at: span)
                return .string(x + y)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            default: break
            }
        case let (.list(x), .list(y)) where op == .add:
            try checkSize(x.items.count + y.items.count, bytesEach: MemoryLayout<Value>.stride, "list", at: span)
            return .list(ListRef(x.items + y.items))
        case let (.list(x), .number(n)) where op == .multiply && n.rounded() == n && n >= 0 && n < 1e7:
            let (count, overflow) = x.items.count.multipliedReportingOverflow(by: Int(n))
            try checkSize(overflow ? Int.max / 64 : count, bytesEach: MemoryLayout<Value>.stride, "list", at: span)
            return .list(ListRef(Array(repeating: x.items, count: Int(n)).flatMap { $0 }))
        default: break
        }
        switch op {
        case .equal: return .bool(equal(a, b))
        case .notEqual: return .bool(!equal(a, b))
        default:
            throw SpecError(.type, "'\(op.rawValue)' does not apply to \(Printer.describeType(a)) and \(Printer.describeType(b))", at: span)
        }
    }

    private static func numbers(_ op: BinaryOperator, _ x: Double, _ y: Double, at span: SourceSpan) throws -> Value {
        switch op {
        case .add: return .number(x + y)
        case .subtract: return .number(x - y)
        case .multiply: return .number(x * y)
        case .divide: return .number(x / y)
        case .floorDivide:
            guard y != 0 else { throw SpecError(.value, "floor division by zero", at: span) }
            return .number((x / y).rounded(.down))  // towards −∞, as Python's //
        case .remainder:
            guard y != 0 else { throw SpecError(.value, "remainder of division by zero", at: span) }
            let r = fmod(x, y)
            return .number(r != 0 && (r < 0) != (y < 0) ? r + y : r)  // the sign of the divisor, as Python
        case .power: return .number(pow(x, y))
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .less: return .bool(x < y)
        case .lessEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterEqual: return .bool(x >= y)
        case .matrixMultiply: throw SpecError(.type, "'@' multiplies tensors, not numbers", at: span)
        case .and, .or: throw SpecError(.syntax, "internal: logical operators are evaluated lazily", at: span)
        }
    }

    private static func tensors(_ op: BinaryOperator, _ x: Tensor, _ y: Tensor, at span: SourceSpan) throws -> Value {
        do {
            switch op {
            case .add: return .tensor(try x + y)
            case .subtract: return .tensor(try x - y)
            case .multiply: return .tensor(try x * y)
            case .divide: return .tensor(try x / y)
            case .power: return .tensor(try Tensor.pow(x, y))
            case .matrixMultiply: return .tensor(try Tensor.matmul(x, y))
            case .equal: return .tensor(try x.compare(y, .eq))
            case .notEqual: return .tensor(try x.compare(y, .ne))
            case .less: return .tensor(try x.compare(y, .lt))
            case .lessEqual: return .tensor(try x.compare(y, .le))
            case .greater: return .tensor(try x.compare(y, .gt))
            case .greaterEqual: return .tensor(try x.compare(y, .ge))
            case .floorDivide: return .tensor(Tensor.floorValues(try x / y))
            case .remainder:
                let q = try (x / y)
                let floored = Tensor.floorValues(q)
                return .tensor(try x - floored * y)
            case .and, .or: throw SpecError(.syntax, "internal: logical operators are evaluated lazily", at: span)
            }
        } catch let e as TensorError {
            throw SpecError(.value, e.description, at: span)
        }
    }

    /// Structural equality for plain values, identity for shared objects, element-wise for tensors (all equal).
    /// Structural equality, without recursion on the native stack (any nesting depth) and defined for lists and
    /// records that contain themselves: two containers are equal when no difference can be found by walking both
    /// in step (a pair met again is not compared again).
    static func equal(_ a: Value, _ b: Value) -> Bool {
        var pending = [(a, b)]
        var compared = Set<[ObjectIdentifier]>()
        while let (x, y) = pending.popLast() {
            switch (x, y) {
            case let (.number(p), .number(q)): if p != q { return false }
            case let (.string(p), .string(q)): if p != q { return false }
            case let (.bool(p), .bool(q)): if p != q { return false }
            case (.nil, .nil): continue
            case let (.list(p), .list(q)):
                guard p !== q, compared.insert([ObjectIdentifier(p), ObjectIdentifier(q)]).inserted else { continue }
                guard p.items.count == q.items.count else { return false }
                pending += zip(p.items, q.items).map { ($0, $1) }
            case let (.record(p), .record(q)):
                guard p !== q, compared.insert([ObjectIdentifier(p), ObjectIdentifier(q)]).inserted else { continue }
                guard p.keys == q.keys else { return false }
                pending += p.keys.map { (p[$0] ?? .nil, q[$0] ?? .nil) }
            case let (.tensor(p), .tensor(q)): if p.shape != q.shape || p.scalars != q.scalars { return false }
            case let (.function(p), .function(q)): if p !== q { return false }
            case let (.builtin(p), .builtin(q)): if p !== q { return false }
            case let (.object(p), .object(q)): if p !== q { return false }
            default: return false
            }
        }
        return true
    }
}

extension Tensor {
    /// Rounds toward −∞; no gradient (the result is piecewise constant).
    static func floorValues(_ t: Tensor) -> Tensor {
        (try? Tensor(shape: t.shape, scalars: t.scalars.map { $0.rounded(.down) })) ?? t
    }
}
