import SpecGAN

/// An Adam or SGD optimiser over the parameters of models and param tensors, made by `adam(…)` or `sgd(…)` and
/// used by `step(opt, loss)`.
public final class OptimizerObject: SpecObject, @unchecked Sendable {
    public let optimizer: any Optimizer
    /// What it updates, for its summary.
    let over: String

    init(_ optimizer: any Optimizer, over: String) {
        self.optimizer = optimizer
        self.over = over
    }

    public var typeName: String { "optimizer" }
    /// The declared optimiser fields this kind answers.
    public var fieldNames: [String] { ValueTypes.names("optimizer").filter { ((try? field($0)) ?? nil) != nil } }

    public func field(_ name: String) throws -> Value? {
        switch (optimizer, name) {
        case (is Adam, "kind"): return .string("adam")
        case (is SGD, "kind"): return .string("sgd")
        case (let a as Adam, "lr"): return .number(a.learningRate)
        case (let a as Adam, "betas"): return .list(ListRef([.number(a.betas.0), .number(a.betas.1)]))
        case (let a as Adam, "eps"): return .number(a.epsilon)
        case (let a as Adam, "weight_decay"): return .number(a.weightDecay)
        case (let a as Adam, "steps"): return .number(Double(a.stepCount))
        case (let s as SGD, "lr"): return .number(Double(s.learningRate))
        case (let s as SGD, "momentum"): return .number(Double(s.momentum))
        case (let s as SGD, "dampening"): return .number(Double(s.dampening))
        case (let s as SGD, "nesterov"): return .bool(s.nesterov)
        case (let s as SGD, "weight_decay"): return .number(Double(s.weightDecay))
        case (_, "parameter_count"): return .number(Double(optimizer.parameters.reduce(0) { $0 + $1.count }))
        case (_, "names"): return .list(ListRef(optimizer.named.map { .string($0.name) }))
        default: return nil
        }
    }

    public var summary: String {
        let count = "\(optimizer.named.count) tensor\(optimizer.named.count == 1 ? "" : "s")"
        switch optimizer {
        case let a as Adam:
            return "adam over \(over) (\(count)): lr \(Printer.number(a.learningRate)), betas (\(Printer.number(a.betas.0)), "
                + "\(Printer.number(a.betas.1))), eps \(Printer.number(a.epsilon)), \(a.stepCount) steps taken"
        case let s as SGD:
            return "sgd over \(over) (\(count)): lr \(Printer.number(Double(s.learningRate))), momentum \(Printer.number(Double(s.momentum)))"
                + (s.nesterov ? " (Nesterov)" : "")
        default: return "optimizer over \(over) (\(count))"
        }
    }
}
