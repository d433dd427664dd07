import SpecMedia
import SpecSyntax
import SpecTensor

/// One argument of a plotting builtin being read: its errors name the argument and point at it in the source.
struct PlotInput {
    let args: Arguments
    let name: String

    init(_ args: Arguments, _ name: String) {
        self.args = args
        self.name = name
    }

    var value: Value { args.value(name) }

    func fail(_ message: String) -> SpecError { args.error(name, "'\(name)': \(message)") }

    /// Runs a media or tensor call, turning its error into one that names this argument.
    func media<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as MediaError { throw fail(unprefixed(e.description)) } catch let e as TensorError {
            throw fail(unprefixed(e.description))
        }
    }

    /// A message without the builtin's name in front (the error adds it once).
    private func unprefixed(_ message: String) -> String {
        let prefix = args.builtin.name + ": "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }

    /// Row `i` of a matrix as doubles.
    static func row(_ t: Tensor, _ i: Int) throws -> [Double] {
        let width = t.shape[1]
        return t.scalars[(i * width)..<((i + 1) * width)].map(Double.init)
    }

    /// The numbers of a 1-D tensor or a list of numbers (or of one-element tensors); nil for anything else.
    static func numbers(_ v: Value) -> [Double]? {
        switch v {
        case .tensor(let t) where t.rank == 1: return t.scalars.map(Double.init)
        case .list:
            guard let t = try? Convert.tensor(v), t.rank >= 1, t.count == t.shape[0] else { return nil }
            return t.scalars.map(Double.init)
        default: return nil
        }
    }

    /// A name or a non-empty list of names, as a list; nil when the argument is nil.
    func names() throws -> [String]? {
        switch value {
        case .nil: return nil
        case .string(let s): return [s]
        case .list(let l) where !l.items.isEmpty:
            return try l.items.map { item in
                guard case .string(let s) = item else { throw fail("must hold names (strings), got \(Printer.short(item))") }
                return s
            }
        case let v: throw fail("must be a name or a non-empty list of names, got \(Printer.describeType(v))")
        }
    }

    /// A whole number or a list of whole numbers, as a list; nil when the argument is nil.
    func steps() throws -> [Int]? {
        let items: [Value]
        switch value {
        case .nil: return nil
        case .number: items = [value]
        case .list(let l): items = l.items
        case .tensor(let t) where t.rank <= 1: items = t.scalars.map { .number(Double($0)) }
        default: throw fail("must be a step or a list of steps, got \(Printer.describeType(value))")
        }
        guard !items.isEmpty else { throw fail("the list of steps is empty") }
        return try items.map { item in
            guard case .number(let n) = item, n.rounded() == n, Swift.abs(n) < 1e15 else {
                throw fail("steps are whole numbers, got \(Printer.short(item))")
            }
            return Int(n)
        }
    }
}
