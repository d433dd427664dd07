import Foundation
import SpecTensor

/// Training checkpoints: the state of several named components (models, optimisers, an EMA copy), the random
/// generator state and the step counter in one safetensors file.
///
/// Tensors are stored as `<component>/<name>` (for example `discriminator/layer0.weight`,
/// `d_optimizer/exp_avg.layer0.weight`); the random generator's four state words as the U64 tensor `rng_state`;
/// the step counter and caller metadata in `__metadata__`. Values round-trip bit for bit.
public enum Checkpoint {
    /// What a checkpoint holds besides the components' tensors.
    public struct Info: Equatable, Sendable {
        public var step: Int
        public var rng: RandomGenerator?
        /// Caller metadata (without the reserved `step` and `format` keys).
        public var metadata: [String: String]

        public init(step: Int, rng: RandomGenerator? = nil, metadata: [String: String] = [:]) {
            self.step = step
            self.rng = rng
            self.metadata = metadata
        }
    }

    static let format = "spec-checkpoint-1"
    static let rngKey = "rng_state"
    static let reservedMetadata: Set<String> = ["step", "format"]

    /// Saves the components and `info` to `url`, atomically.
    public static func save(to url: URL, components: [(name: String, component: any Checkpointable)], info: Info) throws {
        try checkComponentNames(components.map(\.name))
        if let key = info.metadata.keys.first(where: reservedMetadata.contains) {
            throw GANError.invalidInput("checkpoint metadata key '\(key)' is reserved")
        }
        guard info.step >= 0 else { throw GANError.invalidInput("the step counter must not be negative, got \(info.step)") }
        var tensors: [(name: String, tensor: CheckpointTensor)] = []
        for (name, component) in components {
            tensors += component.checkpointState().map { ("\(name)/\($0.name)", $0.tensor) }
        }
        if let rng = info.rng { tensors.append((rngKey, .uint64(shape: [4], values: rng.stateWords))) }
        var metadata = info.metadata
        metadata["step"] = String(info.step)
        metadata["format"] = format
        try SafeTensors.write(SafeTensors.Contents(tensors: tensors, metadata: metadata), to: url)
    }

    /// Loads the named components from `url` and returns the step counter, random generator state and metadata.
    /// Every component must find all of its tensors, with matching dtypes and shapes, and no unknown ones; other
    /// components stored in the file are left alone (loading only the model of a training checkpoint is fine).
    /// All components are checked before any is changed.
    public static func load(from url: URL, into components: [(name: String, component: any Checkpointable)]) throws -> Info {
        try checkComponentNames(components.map(\.name))
        let contents = try SafeTensors.read(from: url)
        func fail(_ reason: String) -> GANError { .invalidCheckpoint(path: url.path, reason: reason) }
        guard contents.metadata["format"] == format else {
            throw fail("it is not a spec checkpoint (metadata format is \(contents.metadata["format"].map { "'\($0)'" } ?? "missing"))")
        }
        guard let stepText = contents.metadata["step"], let step = Int(stepText), step >= 0 else {
            throw fail("the step counter is missing or not a number")
        }
        var rng: RandomGenerator?
        var grouped: [String: [String: CheckpointTensor]] = [:]
        for (name, tensor) in contents.tensors {
            if name == rngKey {
                guard case let .uint64(shape, words) = tensor, shape == [4] else { throw fail("rng_state must be a U64 tensor of 4 words") }
                do { rng = try RandomGenerator(state: words) } catch { throw fail("rng_state: \(error)") }
                continue
            }
            guard let slash = name.firstIndex(of: "/") else { throw fail("tensor '\(name)' belongs to no component") }
            grouped[String(name[..<slash]), default: [:]][String(name[name.index(after: slash)...])] = tensor
        }
        for (name, component) in components {
            // A component saved with no tensors (an optimiser before its first step) is absent from the file.
            guard let state = grouped[name] else {
                do { try component.validateCheckpointState([:]) } catch {
                    throw fail("it holds no component '\(name)' (it has \(grouped.keys.sorted().joined(separator: ", ")))")
                }
                continue
            }
            do { try component.validateCheckpointState(state) } catch { throw fail("component '\(name)': \(error)") }
        }
        for (name, component) in components {
            do { try component.restoreCheckpointState(grouped[name] ?? [:]) } catch { throw fail("component '\(name)': \(error)") }
        }
        return Info(step: step, rng: rng, metadata: contents.metadata.filter { !reservedMetadata.contains($0.key) })
    }

    private static func checkComponentNames(_ names: [String]) throws {
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty, !name.contains("/"), name != rngKey, seen.insert(name).inserted else {
                throw GANError.invalidInput("checkpoint component name '\(name)' is empty, repeated, reserved or contains '/'")
            }
        }
    }
}
