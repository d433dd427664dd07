import SpecTensor

/// A tensor as stored in a checkpoint: float32 values (parameters, optimiser moments) or unsigned 64-bit
/// integers (step counts, random generator state).
public enum CheckpointTensor: Equatable, Sendable {
    case float32(shape: [Int], values: [Float])
    case uint64(shape: [Int], values: [UInt64])

    public var shape: [Int] {
        switch self {
        case .float32(let s, _), .uint64(let s, _): return s
        }
    }

    /// The dtype name used in safetensors headers.
    public var dtype: String {
        switch self {
        case .float32: return "F32"
        case .uint64: return "U64"
        }
    }
}

/// Something whose state a checkpoint saves and restores by name: a model, an optimiser.
public protocol Checkpointable: AnyObject {
    /// The named tensors that make up the state, in a stable order.
    func checkpointState() -> [(name: String, tensor: CheckpointTensor)]
    /// Checks that `state` fits (every name known, nothing missing, dtypes and shapes right) without changing
    /// anything.
    func validateCheckpointState(_ state: [String: CheckpointTensor]) throws
    /// Replaces the state; called after `validateCheckpointState` accepted it.
    func restoreCheckpointState(_ state: [String: CheckpointTensor]) throws
}

/// Reads named entries of a checkpoint component, checking dtypes and shapes and that every entry is used.
struct StateReader {
    private let state: [String: CheckpointTensor]
    private var used = Set<String>()

    init(_ state: [String: CheckpointTensor]) { self.state = state }

    mutating func optionalFloats(_ name: String, shape: [Int]) throws -> [Float]? {
        guard let entry = state[name] else { return nil }
        used.insert(name)
        guard case let .float32(s, values) = entry else { throw GANError.invalidInput("'\(name)' is \(entry.dtype), expected F32") }
        guard s == shape else { throw GANError.weightShapeMismatch(name: name, expected: shape, found: s) }
        return values
    }

    mutating func floats(_ name: String, shape: [Int]) throws -> [Float] {
        guard let values = try optionalFloats(name, shape: shape) else { throw GANError.missingWeight(name: name, source: "the checkpoint") }
        return values
    }

    mutating func step(_ name: String) throws -> UInt64? {
        guard let entry = state[name] else { return nil }
        used.insert(name)
        guard case let .uint64(s, values) = entry, s == [], values.count == 1 else { throw GANError.invalidInput("'\(name)' must be a U64 scalar") }
        return values[0]
    }

    func requireAbsent(_ names: [String]) throws {
        if let name = names.first(where: { state[$0] != nil }) {
            throw GANError.invalidInput("'\(name)' is present without its step count")
        }
    }

    func requireAllUsed() throws {
        if let extra = state.keys.sorted().first(where: { !used.contains($0) }) {
            throw GANError.invalidInput("unexpected entry '\(extra)'")
        }
    }
}
