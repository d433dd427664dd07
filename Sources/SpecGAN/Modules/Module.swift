import SpecTensor

/// A node of a network: the parameters and buffers it owns under local names, and its named sub-modules. Full
/// names are paths from the root (`blocks.0.conv.weight`), as PyTorch's `named_parameters` gives them; a tensor
/// reachable along two paths (a shared layer) is listed once, under the first.
///
/// Layers, containers, the prebuilt networks and the models scripts define are all modules, so naming, freezing,
/// optimisers, EMA, weight files and checkpoints work the same for every one of them.
open class Module {
    /// The container that adopted this module first, for the path in error messages.
    private weak var owner: Module?
    private var nameInOwner = ""

    public init() {}

    /// Parameters owned directly, under local names (`weight`, `bias`), in declaration order.
    open var ownParameters: [(name: String, parameter: Parameter)] { [] }
    /// Non-trainable state owned directly (PGGAN's `lod`), saved and loaded with the parameters.
    open var ownBuffers: [(name: String, parameter: Parameter)] { [] }
    /// Sub-modules in declaration order; an empty name adds the child's names without a prefix.
    open var children: [(name: String, module: Module)] { [] }
    /// What the module computes, one line (`conv 3×3 16→32, zeros padding 1`).
    open var summary: String { "module" }
    /// Checks state values the module cannot honour (called after loading weights or a checkpoint).
    open func validateState() throws {}

    /// Runs the module on one input. Layers and containers override it; a module that needs more inputs (a
    /// class-conditional model) says so.
    open func forward(_ x: Tensor) throws -> Tensor {
        throw located("\(summary) cannot be called with one tensor")
    }

    /// `forward` for modules that draw random numbers (StyleGAN2's noise), from `random`; the others ignore it.
    open func forward(_ x: Tensor, random: inout RandomGenerator) throws -> Tensor { try forward(x) }

    /// A deep copy: the same structure and values in parameters of its own (an EMA copy).
    open func copy() throws -> Module {
        throw GANError.invalidInput("\(summary) cannot be copied")
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor { try forward(x) }

    /// Records `self` as the owner of `child` under `name` (the first owner counts), so errors of the child name
    /// its path. Containers call it for every child when they are made.
    public func adopt(_ child: Module, as name: String) {
        guard child.owner == nil, child !== self else { return }
        child.owner = self
        child.nameInOwner = name
    }

    /// The dotted path from the outermost owner (`blocks.2.conv`), empty for a root.
    public var path: String {
        guard let owner else { return "" }
        return [owner.path, nameInOwner].filter { !$0.isEmpty }.joined(separator: ".")
    }

    /// `path: message`, or the message alone for a root: what layers put in front of their errors.
    public func located(_ message: String) -> GANError {
        .invalidInput(path.isEmpty ? message : "\(path): \(message)")
    }
}

/// A parameter with its full name.
public typealias NamedParameter = (name: String, parameter: Parameter)

extension Module {
    /// Every trainable parameter with its full name, in declaration order, each tensor once.
    public var namedParameters: [NamedParameter] { collect(\.ownParameters) }
    /// Every buffer with its full name.
    public var namedBuffers: [NamedParameter] { collect(\.ownBuffers) }
    /// Buffers then parameters: everything that is saved and loaded.
    public var namedState: [NamedParameter] { namedBuffers + namedParameters }

    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    private func collect(_ own: (Module) -> [NamedParameter]) -> [NamedParameter] {
        var seen = Set<ObjectIdentifier>(), out: [NamedParameter] = []
        walk { prefix, module in
            for (name, p) in own(module) where seen.insert(ObjectIdentifier(p)).inserted {
                out.append((join(prefix, name), p))
            }
        }
        return out
    }

    /// Visits every module once, depth first in declaration order, with its path.
    public func walk(_ visit: (String, Module) -> Void) {
        var seen = Set<ObjectIdentifier>()
        func go(_ prefix: String, _ m: Module) {
            guard seen.insert(ObjectIdentifier(m)).inserted else { return }
            visit(prefix, m)
            for (name, child) in m.children { go(join(prefix, name), child) }
        }
        go("", self)
    }

    /// The parameter or buffer with this full name, if any.
    public func parameter(named name: String) -> Parameter? { namedState.first { $0.name == name }?.parameter }

    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Stops gradient recording for every parameter.
    public func freeze() { parameters.forEach { $0.freeze() } }
    /// Records gradients for every parameter again.
    public func unfreeze() { parameters.forEach { $0.unfreeze() } }
    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }
    public var isFrozen: Bool { parameters.allSatisfy(\.isFrozen) }
}

/// `a.b`, or either alone when the other is empty.
func join(_ prefix: String, _ name: String) -> String {
    prefix.isEmpty ? name : name.isEmpty ? prefix : prefix + "." + name
}
