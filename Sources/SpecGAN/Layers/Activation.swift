import SpecTensor

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

    /// The names a script uses: linear, relu, lrelu, tanh.
    public static let names = ["linear", "relu", "lrelu", "tanh"]
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
