import SpecTensor

/// A building block of a model: a name, the parameters it owns, a one-line description for the layer table.
public protocol Layer: AnyObject {
    /// The block name, the prefix of its parameter names (`layer0`, `main.2`).
    var name: String { get }
    /// Owned parameters in the reference's order (weight, then bias).
    var parameters: [Parameter] { get }
    /// What the block computes, for example `conv 3×3 64→64, lrelu, down avg`.
    var summary: String { get }
}

/// One row of a model's layer table.
public struct LayerSummary: Equatable, Sendable {
    public var name: String
    public var summary: String
    public var parameterShapes: [[Int]]
    public var parameterCount: Int

    public init(_ layer: any Layer) {
        name = layer.name
        summary = layer.summary
        parameterShapes = layer.parameters.map(\.shape)
        parameterCount = layer.parameters.reduce(0) { $0 + $1.count }
    }
}

/// The activation after a conv or dense block.
public enum Activation: Equatable, Sendable, CustomStringConvertible {
    case linear
    case relu
    case leakyRelu(Float)
    case tanh

    /// Applies the activation elementwise.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .relu: return x.relu()
        case .leakyRelu(let slope): return x.leakyRelu(slope)
        case .tanh: return x.tanh()
        }
    }

    public var description: String {
        switch self {
        case .linear: return "linear"
        case .relu: return "relu"
        case .leakyRelu(let s): return s == 0.2 ? "lrelu" : "lrelu(\(s))"
        case .tanh: return "tanh"
        }
    }
}

extension Activation {
    /// Parses the names `description` gives: `linear`, `relu`, `tanh`, `lrelu` (slope 0.2) or `lrelu(s)`.
    public init(name: String) throws {
        switch name {
        case "linear": self = .linear
        case "relu": self = .relu
        case "tanh": self = .tanh
        case "lrelu": self = .leakyRelu(0.2)
        default:
            guard name.hasPrefix("lrelu("), name.hasSuffix(")"), let slope = Float(name.dropFirst(6).dropLast()), slope.isFinite else {
                throw GANError.invalidConfiguration("unknown activation '\(name)' (one of linear, relu, tanh, lrelu, lrelu(slope))")
            }
            self = .leakyRelu(slope)
        }
    }
}
