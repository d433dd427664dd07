import SpecTensor

/// Exponential moving average of parameters (the reference's `update_average`): for every parameter of
/// `target`, target ← β·target + (1 − β)·source, matched by name. The testbed keeps an EMA copy of its generator
/// (`model.copy()`) and updates it with β = 0.999 after every iteration. Buffers are not averaged.
public func updateAverage(target: any Model, source: any Model, beta: Float) throws {
    guard (0...1).contains(beta) else { throw GANError.invalidConfiguration("ema: beta must be in [0, 1], got \(beta)") }
    guard target !== source else { throw GANError.invalidConfiguration("ema: the target and the source are the same model") }
    let sources = Dictionary(source.parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let pairs = try target.parameters.map { t -> (Parameter, Parameter) in
        guard let s = sources[t.name] else { throw GANError.missingWeight(name: t.name, source: "the EMA source model") }
        guard s.shape == t.shape else { throw GANError.weightShapeMismatch(name: t.name, expected: t.shape, found: s.shape) }
        return (t, s)
    }
    let keep = beta, take = 1 - beta
    for (t, s) in pairs {
        let src = s.value.scalars
        t.update { w in for j in 0..<w.count { w[j] = keep * w[j] + take * src[j] } }
    }
}
