/// A float32 tensor of any rank: a shape and contiguous row-major storage.
///
/// `Tensor` is a value: copies share storage until one of them is written (Swift arrays are copy-on-write).
/// A tensor that takes part in automatic differentiation also carries a reference to its graph node; the node
/// gives the tensor an identity, which is what gradients are accumulated against.
public struct Tensor: @unchecked Sendable {
    public let shape: [Int]
    public internal(set) var scalars: [Float]
    /// Set when this tensor requires a gradient: a leaf (parameter, input) or the result of a recorded op.
    public internal(set) var node: GradNode?

    /// Creates a tensor without checks; `scalars.count` must equal the product of `shape`.
    init(uncheckedShape shape: [Int], scalars: [Float], node: GradNode? = nil) {
        self.shape = shape
        self.scalars = scalars
        self.node = node
    }

    /// Creates a tensor from a shape and row-major values.
    public init(shape: [Int], scalars: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw TensorError.invalidShape(shape) }
        guard shape.elementCount == scalars.count else {
            throw TensorError.message("\(scalars.count) values do not fill shape \(shape.shapeDescription) (\(shape.elementCount) elements)")
        }
        self.init(uncheckedShape: shape, scalars: scalars)
    }

    /// A 0-d tensor holding one value.
    public init(_ value: Float) { self.init(uncheckedShape: [], scalars: [value]) }

    /// A 1-d tensor.
    public init(_ values: [Float]) { self.init(uncheckedShape: [values.count], scalars: values) }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The value of a one-element tensor.
    public var item: Float? { scalars.count == 1 ? scalars[0] : nil }

    /// Overwrites values in place, keeping the shape and graph identity (optimisers update parameters this way).
    /// Graphs recorded earlier keep the old values: storage is copied on write.
    public mutating func updateScalars(_ body: (inout [Float]) throws -> Void) rethrows {
        try body(&scalars)
        precondition(scalars.count == shape.elementCount, "updateScalars must not change the element count")
    }

    /// The same values with no graph history.
    public func detached() -> Tensor { Tensor(uncheckedShape: shape, scalars: scalars) }

    /// Resolves a possibly negative axis against this tensor's rank.
    public func axis(_ axis: Int) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else { throw TensorError.axisOutOfRange(axis, rank: rank) }
        return a
    }
}

public enum TensorError: Error, Equatable, CustomStringConvertible {
    case invalidShape([Int])
    case shapeMismatch(op: String, [Int], [Int])
    case axisOutOfRange(Int, rank: Int)
    case message(String)

    public var description: String {
        switch self {
        case .invalidShape(let s): return "invalid shape \(s.shapeDescription)"
        case let .shapeMismatch(op, a, b): return "\(op): shapes \(a.shapeDescription) and \(b.shapeDescription) do not match"
        case let .axisOutOfRange(a, rank): return "axis \(a) is out of range for a tensor of rank \(rank)"
        case .message(let m): return m
        }
    }
}

extension Array where Element == Int {
    /// Number of elements of a tensor with this shape.
    /// Saturates at Int.max instead of trapping; sizes from user input are checked by `AllocationLimit` first.
    public var elementCount: Int {
        if contains(0) { return 0 }
        return reduce(1) { a, d in
            let (p, overflow) = a.multipliedReportingOverflow(by: d)
            return overflow ? Int.max : p
        }
    }
    /// Row-major strides.
    var strides: [Int] {
        var s = [Int](repeating: 1, count: count)
        var acc = 1
        for i in stride(from: count - 1, through: 0, by: -1) { s[i] = acc; acc *= self[i] }
        return s
    }
    public var shapeDescription: String { "(" + map(String.init).joined(separator: ", ") + (count == 1 ? ",)" : ")") }
}
