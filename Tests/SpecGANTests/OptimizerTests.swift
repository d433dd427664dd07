import Foundation
import Testing
import SpecTensor
@testable import SpecGAN

@Suite("Optimisers and EMA")
struct OptimizerTests {
    /// PyTorch's Adam update written out in float64, for comparison.
    static func adamReference(_ p0: [Double], grads: [[Double]], lr: Double, b1: Double, b2: Double, eps: Double) -> [Double] {
        var p = p0, m = [Double](repeating: 0, count: p0.count), v = m
        for (t, g) in grads.enumerated() {
            let step = Double(t + 1)
            for i in p.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let denom = (v[i].squareRoot() / (1 - Foundation.pow(b2, step)).squareRoot()) + eps
                p[i] -= lr / (1 - Foundation.pow(b1, step)) * m[i] / denom
            }
        }
        return p
    }

    @Test("Adam follows PyTorch's rule (bias corrections, eps outside the square root)", arguments: [(0.9, 0.999), (0.0, 0.99)])
    func adamMatchesRule(betas: (Double, Double)) throws {
        let p = Parameter(Tensor([0.5, -1, 2, 1e-3]))
        let adam = try Adam(parameters: [("w", p)], learningRate: 0.01, betas: betas, epsilon: 1e-8)
        let grads: [[Float]] = [[0.1, -2, 0, 3e-4], [0.3, 1, -0.5, 1e-4], [-0.2, 0.5, 0.5, 0]]
        for g in grads {
            adam.zeroGrad()
            try (p.value * Tensor(g)).sum().backward()
            try adam.step()
        }
        let expected = Self.adamReference([0.5, -1, 2, 1e-3], grads: grads.map { $0.map(Double.init) }, lr: 0.01, b1: betas.0, b2: betas.1, eps: 1e-8)
        for (a, e) in zip(p.value.scalars, expected) { #expect(Swift.abs(Double(a) - e) < 1e-6, "\(a) vs \(e)") }
    }

    @Test("Adam's vector update gives the bits of the float32 rule applied one value at a time, split over workers and with a tail",
          arguments: [(0.9, 0.0), (0.0, 0.01)])
    func adamVectorsMatchScalarRule(beta1: Double, decay: Float) throws {
        let count = 20_003  // above the parallel threshold, not a multiple of the vector width
        var rng = RandomGenerator(seed: 9)
        let start = Tensor.randn([count], using: &rng), p = Parameter(start)
        let adam = try Adam(parameters: [("w", p)], learningRate: 0.01, betas: (beta1, 0.99), epsilon: 1e-8, weightDecay: Double(decay))
        var w = start.scalars, m = [Float](repeating: 0, count: count), v = m
        for t in 1...3 {
            let g = Tensor.randn([count], using: &rng)
            adam.zeroGrad()
            try (p.value * g).sum().backward()
            try adam.step()
            let stepSize = Float(-(0.01 / (1 - Foundation.pow(beta1, Double(t)))))
            let correction2 = Float((1 - Foundation.pow(0.99, Double(t))).squareRoot()), lerp = Float(1 - beta1)
            for j in 0..<count {
                let gj = decay == 0 ? g.scalars[j] : g.scalars[j] + w[j] * decay
                m[j] = lerp < 0.5 ? m[j] + lerp * (gj - m[j]) : gj - (gj - m[j]) * (1 - lerp)
                v[j] = v[j] * Float(0.99) + Float(1 - 0.99) * gj * gj
                w[j] = w[j] + stepSize * m[j] / (v[j].squareRoot() / correction2 + Float(1e-8))
            }
            #expect(p.value.scalars == w, "step \(t)")
        }
    }

    @Test("Adam's first step moves every parameter by about lr against its gradient's sign; no gradient, no step")
    func adamFirstStepAndSkips() throws {
        let p = Parameter(Tensor([1, 1, 1])), frozen = Parameter(Tensor([5]))
        frozen.freeze()
        let adam = try Adam(parameters: [("p", p), ("f", frozen)], learningRate: 0.1, betas: (0, 0.99))
        try adam.step(try (p.value * Tensor([3, -0.01, 100])).sum())
        for (a, e) in zip(p.value.scalars, [Float(0.9), 1.1, 0.9]) { #expect(Swift.abs(a - e) < 1e-5) }
        #expect(frozen.value.scalars == [5])
        #expect(adam.checkpointState().map(\.name) == ["step.p", "exp_avg.p", "exp_avg_sq.p"])
        #expect(throws: GANError.self) { try Adam(parameters: [("w", p)], betas: (1, 0.9)) }
        #expect(throws: GANError.self) { try Adam(parameters: [("p", p), ("q", p)]) }
    }

    @Test("SGD with momentum follows PyTorch's rule")
    func sgdMomentum() throws {
        let p = Parameter(Tensor([1, -2]))
        let sgd = try SGD(parameters: [("p", p)], learningRate: 0.1, momentum: 0.9, dampening: 0.5)
        let grads: [[Float]] = [[1, 2], [0.5, -1], [2, 0]]
        var expected: [Double] = [1, -2], buffer: [Double] = [0, 0]
        for (t, g) in grads.enumerated() {
            try sgd.step(try (p.value * Tensor(g)).sum())
            for i in 0..<2 {
                buffer[i] = t == 0 ? Double(g[i]) : 0.9 * buffer[i] + 0.5 * Double(g[i])
                expected[i] -= 0.1 * buffer[i]
            }
        }
        for (a, e) in zip(p.value.scalars, expected) { #expect(Swift.abs(Double(a) - e) < 1e-6) }
    }

    @Test("EMA: target ← β·target + (1−β)·source, by parameter name")
    func ema() throws {
        var rng = RandomGenerator(seed: 1)
        let source = try DirectGenerator(count: 2, resolution: 4, rng: &rng)
        let target = try source.copy()
        try target.images.assign(Tensor.zeros([2, 3, 4, 4]))
        try updateAverage(target: target, source: source, beta: 0.75)
        for (t, s) in zip(target.images.value.scalars, source.images.value.scalars) { #expect(t == 0.25 * s) }
        #expect(throws: GANError.self) { try updateAverage(target: target, source: target, beta: 0.5) }
        let other = try DirectGenerator(count: 3, resolution: 4, rng: &rng)
        #expect(throws: GANError.self) { try updateAverage(target: target, source: other, beta: 0.5) }
    }
}
