import Foundation
import SpecTensor

/// Loading and saving a module's parameters and buffers by full name: the reference's `.npy` folders, another
/// module's values, checkpoints.
extension Module {
    /// Loads every parameter and buffer from `<directory>/<name>.npy` (the reference's exports). Nothing changes
    /// unless every value loads and every `.npy` file of the folder names one; otherwise the error lists every
    /// missing name, wrong shape and extra file.
    public func loadWeights(from directory: URL) throws {
        var values: [(Parameter, Tensor)] = [], missing: [String] = [], misshapen: [String] = []
        for (name, p) in namedState {
            let url = directory.appendingPathComponent(name + ".npy")
            guard FileManager.default.fileExists(atPath: url.path) else { missing.append(name); continue }
            let array: NPY.Array
            do { array = try NPY.read(url) } catch { throw GANError.io("\(name): \(error)") }
            guard array.shape == p.shape else {
                misshapen.append("\(name) is \(p.shape.shapeDescription), the file \(array.shape.shapeDescription)")
                continue
            }
            values.append((p, array.tensor))
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".npy") }
        let extra = Set(files.map { String($0.dropLast(4)) }).subtracting(namedState.map(\.name)).sorted()
        if let problems = Self.mismatch(missing: missing, misshapen: misshapen, extra: extra) {
            throw GANError.io("cannot load weights from \(directory.path): \(problems)")
        }
        try assignAll(values)
    }

    /// Copies every parameter and buffer value from a module with the same names and shapes.
    public func loadState(from other: Module) throws {
        let source = Dictionary(other.namedState.map { ($0.name, $0.parameter.value) }, uniquingKeysWith: { a, _ in a })
        var values: [(Parameter, Tensor)] = [], missing: [String] = [], misshapen: [String] = []
        for (name, p) in namedState {
            guard let v = source[name] else { missing.append(name); continue }
            guard v.shape == p.shape else { misshapen.append("\(name) is \(p.shape.shapeDescription), the source's \(v.shape.shapeDescription)"); continue }
            values.append((p, v))
        }
        let extra = Set(source.keys).subtracting(namedState.map(\.name)).sorted()
        if let problems = Self.mismatch(missing: missing, misshapen: misshapen, extra: extra) {
            throw GANError.invalidInput("the models differ: \(problems)")
        }
        try assignAll(values)
    }

    /// Every name that is missing, has the wrong shape or is extra, in one sentence; nil when all match.
    static func mismatch(missing: [String], misshapen: [String], extra: [String]) -> String? {
        var problems: [String] = []
        if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
        if !misshapen.isEmpty { problems.append("wrong shape: \(misshapen.joined(separator: "; "))") }
        if !extra.isEmpty { problems.append("not in the model: \(extra.joined(separator: ", "))") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// Assigns checked values, then validates; on a validation failure the previous values are restored.
    func assignAll(_ values: [(Parameter, Tensor)]) throws {
        let previous = values.map { ($0.0, $0.0.value.detached()) }
        for (p, v) in values { try p.assign(v) }
        do { try validateState() } catch {
            for (p, v) in previous { try p.assign(v) }
            throw error
        }
    }
}

extension Module: Checkpointable {
    public func checkpointState() -> [(name: String, tensor: CheckpointTensor)] {
        namedState.map { ($0.name, .float32(shape: $0.parameter.shape, values: $0.parameter.value.scalars)) }
    }

    public func validateCheckpointState(_ state: [String: CheckpointTensor]) throws { _ = try checkpointValues(state) }

    public func restoreCheckpointState(_ state: [String: CheckpointTensor]) throws { try assignAll(try checkpointValues(state)) }

    private func checkpointValues(_ state: [String: CheckpointTensor]) throws -> [(Parameter, Tensor)] {
        var reader = StateReader(state)
        let values = try namedState.map { name, p in
            (p, try Tensor(shape: p.shape, scalars: try reader.floats(name, shape: p.shape)))
        }
        try reader.requireAllUsed()
        return values
    }
}
