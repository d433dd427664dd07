import Foundation
import SpecTensor

/// A network with named parameters, called on an input (and optionally one class index per sample).
///
/// Parameters and buffers are listed in the reference's `state_dict` order; their names are the reference's, so
/// weights load by name from the reference's `.npy` exports and from checkpoints.
public protocol Model: AnyObject, Checkpointable {
    /// Trainable parameters, in order (PyTorch's `named_parameters`).
    var parameters: [Parameter] { get }
    /// Non-trainable state saved with the model (PGGAN's `lod`).
    var buffers: [Parameter] { get }
    /// The blocks, in the order of the layer table.
    var layers: [any Layer] { get }
    /// Runs the network. With `classes`, a class-conditional model returns the logit of each sample's class, shape
    /// (N, 1); models that take no classes throw when given some.
    func forward(_ input: Tensor, classes: [Int]?) throws -> Tensor
    /// A deep copy with the same architecture and values (for an EMA copy of a generator).
    func copy() throws -> Self
    /// Checks loaded buffer values the model cannot honour (called after loading weights or a checkpoint).
    func validateState() throws
}

extension Model {
    public func callAsFunction(_ input: Tensor, classes: [Int]? = nil) throws -> Tensor {
        try forward(input, classes: classes)
    }

    public func validateState() throws {}

    /// Buffers then parameters: everything that is saved and loaded.
    public var stateParameters: [Parameter] { buffers + parameters }

    /// Parameter names and values, in order (what `parameters(m)` shows in a script).
    public var namedParameters: [(name: String, value: Tensor)] { parameters.map { ($0.name, $0.value) } }

    /// The parameter with this name, if any.
    public func parameter(named name: String) -> Parameter? { stateParameters.first { $0.name == name } }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Stops gradient recording for every parameter.
    public func freeze() { parameters.forEach { $0.freeze() } }

    /// Records gradients for every parameter again.
    public func unfreeze() { parameters.forEach { $0.unfreeze() } }

    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }

    /// One row per block: name, what it computes, parameter shapes and count.
    public var layerTable: [LayerSummary] { layers.map(LayerSummary.init) }

    /// The layer table as aligned text, with the total parameter count.
    public func layerTableText() -> String {
        let rows = layerTable.map { row in
            [row.name, row.summary, row.parameterShapes.map(\.shapeDescription).joined(separator: " "), String(row.parameterCount)]
        }
        let header = ["layer", "computes", "parameter shapes", "parameters"]
        let widths = (0..<4).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                c == 3 ? String(repeating: " ", count: widths[c] - s.count) + s : s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line) + ["total \(parameterCount) parameters"]).joined(separator: "\n")
    }

    /// Loads every parameter and buffer from `<directory>/<name>.npy` (the reference's exports). Extra files are
    /// ignored; a missing file or a wrong shape is an error naming the parameter. Nothing changes unless every
    /// value loads.
    public func loadWeights(from directory: URL) throws {
        var values: [(Parameter, Tensor)] = []
        for p in stateParameters {
            let url = directory.appendingPathComponent(p.name + ".npy")
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw GANError.missingWeight(name: p.name, source: directory.path)
            }
            let array: NPY.Array
            do { array = try NPY.read(url) } catch { throw GANError.io("\(p.name): \(error)") }
            guard array.shape == p.shape else { throw GANError.weightShapeMismatch(name: p.name, expected: p.shape, found: array.shape) }
            values.append((p, array.tensor))
        }
        try assignAll(values)
    }

    /// Copies every parameter and buffer value from a model with the same parameter names and shapes.
    public func loadState(from other: any Model) throws {
        let source = Dictionary(other.stateParameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        try assignAll(stateParameters.map { p in
            guard let v = source[p.name] else { throw GANError.missingWeight(name: p.name, source: "the source model") }
            guard v.shape == p.shape else { throw GANError.weightShapeMismatch(name: p.name, expected: p.shape, found: v.shape) }
            return (p, v)
        })
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

/// Picks, for every row of (N, K) logits, the column of that sample's class: (N, 1), as the reference's
/// `x[range(len(c)), c].unsqueeze(1)`.
public func selectLogits(_ logits: Tensor, classes: [Int]) throws -> Tensor {
    guard logits.rank == 2 else { throw GANError.invalidInput("class selection needs (N, K) logits, got \(logits.shape.shapeDescription)") }
    let (n, k) = (logits.shape[0], logits.shape[1])
    guard classes.count == n else { throw GANError.invalidInput("\(classes.count) class indices for a batch of \(n)") }
    if let bad = classes.first(where: { $0 < 0 || $0 >= k }) {
        throw GANError.invalidInput("class index \(bad) is out of range for \(k) logits")
    }
    let rows = try classes.enumerated().map { i, c in
        try logits.slice(axis: 0, start: i, end: i + 1).slice(axis: 1, start: c, end: c + 1)
    }
    return try Tensor.cat(rows, axis: 0)
}

/// Converts a tensor of integral values (class or image indices, as scripts hold them) to integers.
public func indices(from tensor: Tensor, name: String = "index") throws -> [Int] {
    guard tensor.rank <= 1 else { throw GANError.invalidInput("\(name)es must be a 0-d or 1-d tensor, got \(tensor.shape.shapeDescription)") }
    return try tensor.scalars.map { v in
        guard v.isFinite, v == v.rounded(), Swift.abs(v) < 16_777_216 else { throw GANError.invalidInput("\(name) \(v) is not an integer") }
        return Int(v)
    }
}
