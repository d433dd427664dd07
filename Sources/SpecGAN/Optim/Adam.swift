import Foundation
import SpecTensor

/// Adam with PyTorch's update rule (its single-tensor CPU path): m ← lerp(m, g, 1 − β₁), v ← β₂·v + (1 − β₂)·g²,
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε), with ε outside the square root, the bias corrections in
/// float64 and a step count per parameter. Weight decay, when set, adds wd·p to the gradient (L2, not AdamW).
public final class Adam: Optimizer {
    public let named: [NamedParameter]
    public var learningRate: Double
    public var betas: (Double, Double)
    public var epsilon: Double
    public var weightDecay: Double

    struct State: Equatable {
        var step: UInt64
        var expAvg: [Float]
        var expAvgSq: [Float]
    }
    /// Parameters with at least this many values are updated by all workers.
    static let minimumParallelCount = 1 << 14

    /// One step's update of a parameter's values, a vector of them at a time: IEEE square roots and divisions are
    /// exact per lane and the operations run in the scalar rule's order, so the values are those of one at a time
    /// (the compiler did not vectorise the scalar loop: its four buffers might overlap).
    struct Rule {
        typealias Lanes = SIMD8<Float>
        let lerpWeight, beta2, oneMinusBeta2, correction2, eps, decay, negStep: Float

        @inline(__always)
        func update(_ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                    _ w: UnsafeMutablePointer<Float>) {
            let load = { (p: UnsafePointer<Float>) in UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
            let wj = load(w), gj = decay == 0 ? load(g) : load(g) + wj * decay
            var mj = load(m), vj = load(v)
            // torch.lerp: exact at weight 1 (β₁ = 0 gives m = g).
            mj = lerpWeight < 0.5 ? mj + lerpWeight * (gj - mj) : gj - (gj - mj) * (1 - lerpWeight)
            vj = vj * beta2 + oneMinusBeta2 * gj * gj
            let denom = vj.squareRoot() / correction2 + eps
            UnsafeMutableRawPointer(m).storeBytes(of: mj, as: Lanes.self)
            UnsafeMutableRawPointer(v).storeBytes(of: vj, as: Lanes.self)
            UnsafeMutableRawPointer(w).storeBytes(of: wj + negStep * mj / denom, as: Lanes.self)
        }

        /// The last `count` (fewer than a vector's) values, through a vector-sized copy.
        func updateTail(_ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                        _ w: UnsafeMutablePointer<Float>, count: Int) {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * Lanes.scalarCount) { buffer in
                let b = buffer.baseAddress!, n = Lanes.scalarCount
                b.initialize(repeating: 0, count: 4 * n)
                for (k, source) in [g, UnsafePointer(m), UnsafePointer(v), UnsafePointer(w)].enumerated() {
                    (b + k * n).update(from: source, count: count)
                }
                update(b, b + n, b + 2 * n, b + 3 * n)
                for (k, target) in [m, v, w].enumerated() { target.update(from: b + (k + 1) * n, count: count) }
            }
        }
    }

    /// Per parameter (same order), nil until its first update.
    var states: [State?]

    public init(parameters: [NamedParameter], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                epsilon: Double = 1e-8, weightDecay: Double = 0) throws {
        guard learningRate >= 0, learningRate.isFinite, epsilon >= 0, weightDecay >= 0,
              (0..<1).contains(betas.0), (0..<1).contains(betas.1) else {
            throw GANError.invalidConfiguration("adam: needs lr ≥ 0, betas in [0, 1), eps ≥ 0 and weight decay ≥ 0; got lr \(learningRate), betas \(betas), eps \(epsilon), weight decay \(weightDecay)")
        }
        try Self.checkUniqueNames(parameters, optimizer: "adam")
        named = parameters
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        states = Array(repeating: nil, count: parameters.count)
    }

    /// `adam(m, lr:, betas:, eps:)` over every parameter of a model.
    public convenience init(_ model: Module, learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            epsilon: Double = 1e-8, weightDecay: Double = 0) throws {
        try self.init(parameters: model.namedParameters, learningRate: learningRate, betas: betas, epsilon: epsilon, weightDecay: weightDecay)
    }

    /// Updates made so far (the largest per-parameter step count; PyTorch's `state['step']`).
    public var stepCount: Int { Int(states.compactMap { $0?.step }.max() ?? 0) }

    public func step() throws {
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            var state = states[i] ?? State(step: 0, expAvg: [Float](repeating: 0, count: p.count),
                                           expAvgSq: [Float](repeating: 0, count: p.count))
            // Out of `states` while it is updated: its buffers are then referenced once and written in place, where
            // a second reference made every step copy both moment buffers first.
            states[i] = nil
            state.step += 1
            let t = Double(state.step)
            let stepSize = learningRate / (1 - Foundation.pow(betas.0, t))
            let correction2 = Float((1 - Foundation.pow(betas.1, t)).squareRoot())
            let rule = Rule(lerpWeight: Float(1 - betas.0), beta2: Float(betas.1), oneMinusBeta2: Float(1 - betas.1),
                            correction2: correction2, eps: Float(epsilon), decay: Float(weightDecay), negStep: Float(-stepSize))
            grad.scalars.withUnsafeBufferPointer { g in
                state.expAvg.withUnsafeMutableBufferPointer { m in
                    state.expAvgSq.withUnsafeMutableBufferPointer { v in
                        p.update { w in
                            guard let gp = g.baseAddress, let mp = m.baseAddress, let vp = v.baseAddress, let wp = w.baseAddress else { return }
                            // A square root and two divisions per value: worth splitting from a few ten thousand values.
                            Parallel.chunks(w.count, parallel: w.count >= Self.minimumParallelCount) { chunk in
                                let end = chunk.range.upperBound
                                var j = chunk.range.lowerBound
                                while j + Rule.Lanes.scalarCount <= end {
                                    rule.update(gp + j, mp + j, vp + j, wp + j)
                                    j += Rule.Lanes.scalarCount
                                }
                                if j < end { rule.updateTail(gp + j, mp + j, vp + j, wp + j, count: end - j) }
                            }
                        }
                    }
                }
            }
            states[i] = state
        }
    }

    public func checkpointState() -> [(name: String, tensor: CheckpointTensor)] {
        zip(named, states).flatMap { np, s -> [(name: String, tensor: CheckpointTensor)] in
            guard let s else { return [] }
            let (name, p) = np
            return [("step." + name, .uint64(shape: [], values: [s.step])),
                    ("exp_avg." + name, .float32(shape: p.shape, values: s.expAvg)),
                    ("exp_avg_sq." + name, .float32(shape: p.shape, values: s.expAvgSq))]
        }
    }

    public func validateCheckpointState(_ state: [String: CheckpointTensor]) throws { _ = try restoredStates(state) }

    public func restoreCheckpointState(_ state: [String: CheckpointTensor]) throws { states = try restoredStates(state) }

    private func restoredStates(_ state: [String: CheckpointTensor]) throws -> [State?] {
        var reader = StateReader(state)
        let restored = try named.map { name, p -> State? in
            guard let step = try reader.step("step." + name) else {
                try reader.requireAbsent(["exp_avg." + name, "exp_avg_sq." + name])
                return nil
            }
            return State(step: step, expAvg: try reader.floats("exp_avg." + name, shape: p.shape),
                         expAvgSq: try reader.floats("exp_avg_sq." + name, shape: p.shape))
        }
        try reader.requireAllUsed()
        return restored
    }
}
