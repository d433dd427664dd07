import SpecTensor

/// Exponential moving average of parameters (the reference's `update_average`): for every parameter of
/// `target`, target ← β·target + (1 − β)·source, matched by full name. The testbed keeps an EMA copy of its
/// generator (`copy()`) and updates it with β = 0.999 after every iteration. Buffers are not averaged.
public func updateAverage(target: Module, source: Module, beta: Float) throws {
    guard (0...1).contains(beta) else { throw GANError.invalidConfiguration("ema: beta must be in [0, 1], got \(beta)") }
    guard target !== source else { throw GANError.invalidConfiguration("ema: the target and the source are the same model") }
    let sources = Dictionary(source.namedParameters.map { ($0.name, $0.parameter) }, uniquingKeysWith: { a, _ in a })
    var missing: [String] = [], misshapen: [String] = [], pairs: [(Parameter, Parameter)] = []
    for (name, t) in target.namedParameters {
        guard let s = sources[name] else { missing.append(name); continue }
        guard s.shape == t.shape else { misshapen.append("\(name) is \(t.shape.shapeDescription), the source's \(s.shape.shapeDescription)"); continue }
        pairs.append((t, s))
    }
    let extra = Set(sources.keys).subtracting(target.namedParameters.map(\.name)).sorted()
    if let problems = Module.mismatch(missing: missing, misshapen: misshapen, extra: extra) {
        throw GANError.invalidInput("ema: the target and the source differ: \(problems)")
    }
    let keep = beta, take = 1 - beta
    for (t, s) in pairs {
        let src = s.value.scalars
        t.update { w in for j in 0..<w.count { w[j] = keep * w[j] + take * src[j] } }
    }
}
