/// Errors of the GAN building blocks. Every bad input (configuration, tensor shape, weight file, checkpoint) is
/// reported as one of these, never as a trap.
public enum GANError: Error, Equatable, CustomStringConvertible {
    /// A model or layer was configured with values it cannot be built from.
    case invalidConfiguration(String)
    /// A model was called with an input of the wrong shape or with bad class indices.
    case invalidInput(String)
    /// Loading weights by name found no value for this parameter.
    case missingWeight(name: String, source: String)
    /// Loading weights by name found a value of the wrong shape.
    case weightShapeMismatch(name: String, expected: [Int], found: [Int])
    /// A checkpoint file is truncated, corrupt or does not fit what it is loaded into.
    case invalidCheckpoint(path: String, reason: String)
    /// Reading or writing a file failed.
    case io(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m), .invalidInput(let m), .io(let m): return m
        case let .missingWeight(name, source): return "no weight for parameter '\(name)' in \(source)"
        case let .weightShapeMismatch(name, expected, found):
            return "parameter '\(name)' has shape \(expected.shapeDescription), the stored weight \(found.shapeDescription)"
        case let .invalidCheckpoint(path, reason): return "cannot load checkpoint \(path): \(reason)"
        }
    }
}
