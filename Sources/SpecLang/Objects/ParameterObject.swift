import SpecGAN
import SpecTensor

/// A trainable tensor (`param(x)`) or a buffer (`buffer(x)`) in a script. Unlike a plain tensor it is a reference:
/// an optimiser updates it in place and every binding sees the new values. Wherever a tensor is expected it stands
/// for its current value, with its gradient identity.
public final class ParameterObject: SpecObject, @unchecked Sendable {
    public let parameter: Parameter
    public let isBuffer: Bool

    init(_ parameter: Parameter, isBuffer: Bool) {
        self.parameter = parameter
        self.isBuffer = isBuffer
    }

    public var value: Tensor { parameter.value }
    public var typeName: String { isBuffer ? "buffer" : "parameter" }
    public var fieldNames: [String] { ValueTypes.names("parameter") }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "value": return .tensor(value)
        case "frozen": return .bool(parameter.isFrozen)
        default: return Indexing.tensorField(value, name)
        }
    }

    /// "parameter", "parameter (frozen)" or "buffer".
    var label: String { "\(typeName)\(parameter.isFrozen && !isBuffer ? " (frozen)" : "")" }
    public var summary: String { Printer.summary(.object(self)) }
}

extension Value {
    /// A parameter or buffer as the tensor it holds now; every other value unchanged.
    var resolvingParameters: Value {
        if case .object(let p as ParameterObject) = self { return .tensor(p.value) }
        return self
    }
}
