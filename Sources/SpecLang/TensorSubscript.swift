import SpecSyntax
import SpecTensor

/// What the keys of `x[…]` mean for a tensor, read (`Tensor.indexed`) and replaced (`Tensor.replacing`).
///
/// A number picks one position and drops the axis; a slice keeps it (any step, as in Python); a list of numbers,
/// or a 1-D tensor of whole numbers, gathers those positions; a tensor of 0s and 1s (what comparisons give), or a
/// list of true and false, is a mask over as many axes as it has. A tensor of only 0s and 1s is always a mask: to
/// gather positions 0 and 1 from such a tensor `i`, index with `tolist(i)`.
extension Indexing {
    static func tensor(_ t: Tensor, _ keys: [Key], at span: SourceSpan) throws -> Tensor {
        let entries = try keys.map { try tensorEntry($0, at: span) }
        do { return try t.indexed(entries) } catch let e as TensorError { throw SpecError(.index, e.description, at: span) }
    }

    /// `t` with `t[keys]` replaced by `value` (broadcast to the selection's shape).
    static func replacing(_ t: Tensor, _ keys: [Key], with value: Value, at span: SourceSpan) throws -> Tensor {
        let entries = try keys.map { try tensorEntry($0, at: span) }
        let v: Tensor
        do { v = try Convert.tensor(value) } catch let e as ConversionError {
            throw SpecError(.type, "cannot put \(Printer.describeType(value)) into a tensor: \(e.message)", at: span)
        }
        do { return try t.replacing(entries, with: v) } catch let e as TensorError { throw SpecError(.index, e.description, at: span) }
    }

    private static func tensorEntry(_ key: Key, at span: SourceSpan) throws -> TensorIndex {
        switch key {
        case let .slice(start, stop, step): return .slice(start: start, stop: stop, step: step ?? 1)
        case .single(let value):
            switch value.resolvingParameters {
            case .number(let n): return .position(try whole(n, at: span))
            case .list(let l):
                let numbers = l.items.compactMap { if case .number(let n) = $0 { n } else { nil } }
                if numbers.count == l.items.count { return .positions(try numbers.map { try whole($0, at: span) }) }
                let mask: Tensor
                do { mask = try Convert.tensor(value) } catch let e as ConversionError { throw SpecError(.index, "an index list: \(e.message)", at: span) }
                guard isMask(mask) else {
                    throw SpecError(.index, "an index list holds whole numbers, or true and false for a mask; got \(Printer.short(value))", at: span)
                }
                return .mask(mask)
            case .tensor(let t):
                if t.rank == 0 { return .position(try whole(Double(t.scalars[0]), at: span)) }
                if isMask(t) { return .mask(t) }
                guard t.rank == 1 else {
                    throw SpecError(.index, "a tensor index is a mask of 0s and 1s or a 1-D tensor of positions, got \(Printer.describeType(value)) with other values", at: span)
                }
                return .positions(try t.scalars.map { try whole(Double($0), at: span) })
            default:
                throw SpecError(.index, "a tensor is indexed by numbers, slices, lists of positions and masks, not by \(Printer.describeType(value))", at: span)
            }
        }
    }

    private static func isMask(_ t: Tensor) -> Bool { t.count > 0 && t.scalars.allSatisfy { $0 == 0 || $0 == 1 } }
}
