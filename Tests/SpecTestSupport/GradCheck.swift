import Testing
import SpecTensor

/// Finite-difference checks of gradients, first and second order.
///
/// The checked scalar is L = Σ f(inputs) · r for a fixed random r, so every output element contributes. For second
/// order, H = Σᵢ Σ (∂L/∂inputᵢ) · vᵢ for fixed random vᵢ is differentiated again (through `createGraph`) and compared
/// with central differences of H. Up to `samples` coordinates per input are probed, chosen from a fixed seed.
public struct GradCheck: Sendable {
    public var eps: Float = 1e-2
    public var rtol: Float = 2e-2
    public var atol: Float = 2e-3
    public var samples = 24

    public init(eps: Float = 1e-2, rtol: Float = 2e-2, atol: Float = 2e-3, samples: Int = 24) {
        self.eps = eps; self.rtol = rtol; self.atol = atol; self.samples = samples
    }

    /// Checks dL/d(inputs) against central differences; with `secondOrder`, also d(H)/d(inputs).
    public func check(_ inputs: [Tensor], secondOrder: Bool = false, _ label: String = "",
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ f: @escaping ([Tensor]) throws -> Tensor) throws {
        var rng = RandomGenerator(seed: 1234)
        let probe = try f(inputs.map { $0.detached() })
        let r = Tensor.randn(probe.shape, using: &rng)
        let loss: ([Tensor]) throws -> Tensor = { xs in try (f(xs) * r).sum() }
        try compare(inputs, loss, "\(label) first order", sourceLocation)
        guard secondOrder else { return }
        let vs = inputs.map { Tensor.randn($0.shape, using: &rng) }
        let h: ([Tensor]) throws -> Tensor = { xs in
            let grads = try gradients(of: loss(xs), withRespectTo: xs, createGraph: true)
            return try zip(grads, vs).map { g, v in try (g * v).sum() }.dropFirst().reduce(try (grads[0] * vs[0]).sum()) { try $0 + $1 }
        }
        try compare(inputs, h, "\(label) second order", sourceLocation)
    }

    private func compare(_ inputs: [Tensor], _ scalar: ([Tensor]) throws -> Tensor, _ label: String,
                         _ sourceLocation: SourceLocation) throws {
        let leaves = inputs.map { $0.detached().requiringGrad() }
        let out = try scalar(leaves)
        // An output that does not depend on the inputs at all (e.g. the second derivative of a linear op) has no
        // graph: its gradient is zero everywhere.
        let analytic = out.requiresGrad ? try gradients(of: out, withRespectTo: leaves) : leaves.map { Tensor.zeros($0.shape) }
        var rng = RandomGenerator(seed: 99)
        for (k, input) in inputs.enumerated() {
            let coordinates = input.count <= samples ? Array(0..<input.count) : (0..<samples).map { _ in rng.nextInt(below: input.count) }
            for i in coordinates {
                func evaluate(_ delta: Float) throws -> Double {
                    var xs = inputs.map { $0.detached().requiringGrad() }
                    xs[k].updateScalars { $0[i] += delta }
                    return Double(try #require(scalar(xs).item))
                }
                let numeric = (try evaluate(eps) - evaluate(-eps)) / Double(2 * eps)
                let a = Double(analytic[k].scalars[i])
                #expect(Swift.abs(a - numeric) <= Double(atol) + Double(rtol) * Swift.abs(numeric),
                        "\(label): input \(k) element \(i): analytic \(a), numeric \(numeric)", sourceLocation: sourceLocation)
            }
        }
    }
}
