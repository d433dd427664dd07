import SpecTensor

/// Stochastic gradient descent with PyTorch's momentum rule: b ← g on the first step, then b ← μ·b + (1 − dampening)·g;
/// the update is g + μ·b with Nesterov, b otherwise; p ← p − lr·update. Weight decay adds wd·p to the gradient.
public final class SGD: Optimizer {
    public let named: [NamedParameter]
    public var learningRate: Float
    public var momentum: Float
    public var dampening: Float
    public var nesterov: Bool
    public var weightDecay: Float
    /// Momentum buffers per parameter, nil until the first update (or when momentum is 0).
    var buffers: [[Float]?]

    public init(parameters: [NamedParameter], learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                nesterov: Bool = false, weightDecay: Float = 0) throws {
        guard learningRate >= 0, momentum >= 0, weightDecay >= 0, learningRate.isFinite else {
            throw GANError.invalidConfiguration("sgd: needs lr, momentum and weight decay ≥ 0; got \(learningRate), \(momentum), \(weightDecay)")
        }
        guard !nesterov || (momentum > 0 && dampening == 0) else {
            throw GANError.invalidConfiguration("sgd: Nesterov momentum needs a positive momentum and zero dampening")
        }
        try Self.checkUniqueNames(parameters, optimizer: "sgd")
        named = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        buffers = Array(repeating: nil, count: parameters.count)
    }

    public convenience init(_ model: Module, learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                            nesterov: Bool = false, weightDecay: Float = 0) throws {
        try self.init(parameters: model.namedParameters, learningRate: learningRate, momentum: momentum, dampening: dampening,
                      nesterov: nesterov, weightDecay: weightDecay)
    }

    public func step() throws {
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let first = buffers[i] == nil
            var buffer = buffers[i] ?? [Float](repeating: 0, count: p.count)
            buffers[i] = nil  // referenced once while it is updated, so written in place (see `Adam.step`)
            let (lr, mu, damp, decay) = (learningRate, momentum, dampening, weightDecay)
            let g0 = grad.scalars
            p.update { w in
                for j in 0..<w.count {
                    var g = decay == 0 ? g0[j] : g0[j] + w[j] * decay
                    if mu != 0 {
                        let b = first ? g : buffer[j] * mu + (1 - damp) * g
                        buffer[j] = b
                        g = nesterov ? g + mu * b : b
                    }
                    w[j] -= lr * g
                }
            }
            if mu != 0 { buffers[i] = buffer }
        }
    }

    public func checkpointState() -> [(name: String, tensor: CheckpointTensor)] {
        zip(named, buffers).compactMap { np, b in b.map { ("momentum_buffer." + np.name, .float32(shape: np.parameter.shape, values: $0)) } }
    }

    public func validateCheckpointState(_ state: [String: CheckpointTensor]) throws { _ = try restoredBuffers(state) }

    public func restoreCheckpointState(_ state: [String: CheckpointTensor]) throws { buffers = try restoredBuffers(state) }

    private func restoredBuffers(_ state: [String: CheckpointTensor]) throws -> [[Float]?] {
        var reader = StateReader(state)
        let restored = try named.map { name, p in try reader.optionalFloats("momentum_buffer." + name, shape: p.shape) }
        try reader.requireAllUsed()
        return restored
    }
}
