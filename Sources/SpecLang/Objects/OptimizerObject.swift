import SpecGAN

/// An Adam optimiser over the parameters of one or more models, made by `adam(m, …)` and used by `step(opt, loss)`.
public final class OptimizerObject: SpecObject, @unchecked Sendable {
    public let optimizer: Adam
    /// The kinds of the models it updates, for its summary.
    let modelKinds: [String]

    init(_ optimizer: Adam, modelKinds: [String]) {
        self.optimizer = optimizer
        self.modelKinds = modelKinds
    }

    public var typeName: String { "optimizer" }
    public var fieldNames: [String] { ["lr", "betas", "eps", "steps", "parameter_count"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "lr": return .number(optimizer.learningRate)
        case "betas": return .list(ListRef([.number(optimizer.betas.0), .number(optimizer.betas.1)]))
        case "eps": return .number(optimizer.epsilon)
        case "steps": return .number(Double(optimizer.stepCount))
        case "parameter_count": return .number(Double(optimizer.parameters.reduce(0) { $0 + $1.count }))
        default: return nil
        }
    }

    public var summary: String {
        "adam over \(modelKinds.joined(separator: " + ")) (\(optimizer.parameters.count) tensors): lr \(Printer.number(optimizer.learningRate)), "
            + "betas (\(Printer.number(optimizer.betas.0)), \(Printer.number(optimizer.betas.1))), eps \(Printer.number(optimizer.epsilon)), "
            + "\(optimizer.stepCount) steps taken"
    }
}
