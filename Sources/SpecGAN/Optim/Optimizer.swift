import SpecTensor

/// Updates a fixed list of named parameters from their accumulated gradients. Parameters without a gradient
/// (frozen or not reached by the loss) are skipped, as in PyTorch. The names key the optimiser's state in
/// checkpoints.
public protocol Optimizer: AnyObject, Checkpointable {
    var named: [NamedParameter] { get }
    /// One update from the gradients accumulated so far.
    func step() throws
}

extension Optimizer {
    public var parameters: [Parameter] { named.map(\.parameter) }

    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }

    /// `step(opt, loss)`: the gradients of `loss` with respect to this optimiser's trainable parameters (and no
    /// others, so a generator step spends nothing on the discriminator's weight gradients), then one update.
    /// Gradients accumulated before are replaced.
    public func step(_ loss: Tensor) throws {
        zeroGrad()
        try backward(loss)
        try step()
    }

    /// Adds the gradients of `loss` with respect to this optimiser's trainable parameters (only those) to their
    /// accumulated gradients.
    public func backward(_ loss: Tensor) throws {
        let live = parameters.filter { !$0.isFrozen }
        guard !live.isEmpty else { throw GANError.invalidInput("every parameter of the optimiser is frozen") }
        try loss.backward(onlyInto: live.map(\.value))
    }

    /// Names must be unique and each parameter listed once: optimiser state is saved by name.
    static func checkUniqueNames(_ parameters: [NamedParameter], optimizer: String) throws {
        guard !parameters.isEmpty else { throw GANError.invalidConfiguration("\(optimizer): nothing to optimise (no trainable parameters)") }
        var seen = Set<String>(), objects = Set<ObjectIdentifier>()
        for (name, p) in parameters {
            guard seen.insert(name).inserted else { throw GANError.invalidConfiguration("\(optimizer): parameter '\(name)' is listed twice") }
            guard objects.insert(ObjectIdentifier(p)).inserted else {
                throw GANError.invalidConfiguration("\(optimizer): parameter '\(name)' is the same tensor as one listed before it")
            }
        }
    }
}
