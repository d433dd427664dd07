import SpecTensor

/// What the two testbeds share, for the loop that runs them (evaluation, checkpoints, progress, NaN checks).
public protocol Testbed: AnyObject {
    /// The images the testbed learns, (N, C, H, W) in [−1, 1].
    var images: Tensor { get }
    /// The iterations done: 0 after set-up (iteration 0 only evaluates), then one per training step.
    var iteration: Int { get }
    /// The names of the losses `trainStep` returns, in order.
    var lossNames: [String] { get }
    /// One training iteration on the next batch; returns the losses named by `lossNames`.
    func trainStep() throws -> [Float]
    /// The images the evaluated generator makes for the given data-set entries, without gradients.
    func generated(_ indices: [Int]) throws -> Tensor
    /// Everything a checkpoint must hold to continue bit for bit (the iteration is the checkpoint's step).
    var checkpointComponents: [(name: String, component: any Checkpointable)] { get }
    /// Sets the iteration after a checkpoint was loaded.
    func restore(iteration: Int) throws
    /// The trainable parameters, with the name of the model that owns them, for finiteness checks.
    var monitoredParameters: [(model: String, parameter: NamedParameter)] { get }
}

extension Testbed {
    /// The first parameter holding NaN or ±∞, named with its model ("parameter 'layer3.weight' of the
    /// discriminator"), or nil when every value is finite.
    public func nonFiniteParameter() -> String? {
        for (model, (name, p)) in monitoredParameters where p.value.scalars.contains(where: { !$0.isFinite }) {
            let nan = p.value.scalars.contains { $0.isNaN }
            return "parameter '\(name)' of the \(model) holds \(nan ? "NaN" : "an infinite value")"
        }
        return nil
    }
}

extension Tensor {
    /// The rows (entries along axis 0) at `indices`, as a new tensor without gradient history: a batch of a
    /// data set or of fixed latents.
    public func rows(_ indices: [Int]) throws -> Tensor {
        guard rank >= 1, !indices.isEmpty else { throw GANError.invalidInput("no rows selected") }
        if let bad = indices.first(where: { $0 < 0 || $0 >= shape[0] }) {
            throw GANError.invalidInput("row \(bad) is out of range for \(shape[0]) rows")
        }
        let size = shape.dropFirst().reduce(1, *)
        var out = [Float]()
        out.reserveCapacity(indices.count * size)
        for i in indices { out += scalars[(i * size)..<((i + 1) * size)] }
        return try Tensor(shape: [indices.count] + shape.dropFirst(), scalars: out)
    }
}
