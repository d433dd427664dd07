import SpecTensor

/// Updates a fixed list of parameters from their accumulated gradients. Parameters without a gradient (frozen or
/// not reached by the loss) are skipped, as in PyTorch.
public protocol Optimizer: AnyObject, Checkpointable {
    var parameters: [Parameter] { get }
    /// One update from the gradients accumulated so far.
    func step() throws
}

extension Optimizer {
    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }

    /// `step(opt, loss)`: clears the gradients, back-propagates `loss` and updates the parameters.
    public func step(_ loss: Tensor) throws {
        zeroGrad()
        try loss.backward()
        try step()
    }

    /// Parameter names must be unique: optimiser state is saved by name.
    static func checkUniqueNames(_ parameters: [Parameter], optimizer: String) throws {
        var seen = Set<String>()
        for p in parameters where !seen.insert(p.name).inserted {
            throw GANError.invalidConfiguration("\(optimizer): parameter '\(p.name)' is listed twice")
        }
    }
}
