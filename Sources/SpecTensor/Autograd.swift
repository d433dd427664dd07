/// Reverse-mode automatic differentiation on a dynamic graph, as in PyTorch and micrograd.
///
/// An op whose inputs require gradients records a `GradNode` holding a backward rule. Backward rules are written
/// with the same differentiable tensor ops, so when they run with recording enabled (`createGraph`) the gradients
/// they produce have graphs of their own and can be differentiated again (the R1 penalty needs this).
public final class GradNode: @unchecked Sendable {
    /// Name of the op, for error messages and debugging.
    public let op: String
    /// The nodes of the inputs, `nil` for inputs that do not require gradients.
    let inputs: [GradNode?]
    /// Maps the gradient of the output to the gradients of the inputs (same order as `inputs`); the flags say which
    /// inputs' gradients are wanted, so a rule can skip the work for the others (PyTorch's `needs_input_grad`).
    let backward: ((Tensor, [Bool]) throws -> [Tensor?])?
    let shape: [Int]
    /// The accumulated gradient of a leaf (parameters and other tensors the user marked).
    public internal(set) var grad: Tensor?

    init(op: String, shape: [Int], inputs: [GradNode?], backward: ((Tensor, [Bool]) throws -> [Tensor?])?) {
        self.op = op
        self.shape = shape
        self.inputs = inputs
        self.backward = backward
    }

    public var isLeaf: Bool { backward == nil }
}

/// Whether ops record graph nodes. Off inside `withoutGrad` and while a backward pass runs without `createGraph`.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording graph nodes (PyTorch's `no_grad`).
public func withoutGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
    public var requiresGrad: Bool { node != nil }

    /// A copy that is a new leaf of the graph (or, with `false`, has no graph at all).
    public func requiringGrad(_ flag: Bool = true) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: scalars,
               node: flag ? GradNode(op: "leaf", shape: shape, inputs: [], backward: nil) : nil)
    }

    /// The gradient accumulated into this leaf by `backward()`.
    public var grad: Tensor? { node?.grad }

    /// Clears the accumulated gradient of this leaf.
    public func zeroGrad() { node?.grad = nil }

    /// Builds a result tensor and, when recording and any input requires gradients, its graph node. This is how
    /// every op (in this module or another) becomes differentiable: `backward` maps the output's gradient to one
    /// gradient per input (nil where none is needed; `needs[i]` says whether input i's is wanted), written with
    /// differentiable ops so that it can itself be differentiated.
    public static func recorded(op: String, shape: [Int], scalars: [Float], inputs: [Tensor],
                                backward: @escaping (_ g: Tensor, _ needs: [Bool]) throws -> [Tensor?]) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(uncheckedShape: shape, scalars: scalars)
        }
        let node = GradNode(op: op, shape: shape, inputs: inputs.map(\.node), backward: backward)
        return Tensor(uncheckedShape: shape, scalars: scalars, node: node)
    }

    /// `recorded` for ops of one input, whose rule runs only when that input's gradient is wanted.
    public static func recorded(op: String, shape: [Int], scalars: [Float], input: Tensor,
                                backward: @escaping (_ g: Tensor) throws -> Tensor) -> Tensor {
        recorded(op: op, shape: shape, scalars: scalars, inputs: [input]) { g, _ in [try backward(g)] }
    }

    /// Accumulates d(self)/d(leaf) into every leaf's `grad` (PyTorch's `backward`). `self` must be a scalar unless
    /// `gradient` is given.
    public func backward(_ gradient: Tensor? = nil, createGraph: Bool = false) throws {
        guard let root = node else { throw TensorError.message("backward: the tensor does not require a gradient") }
        let seed = try gradient ?? seedGradient()
        let grads = try propagate(from: root, seed: seed, createGraph: createGraph)
        for (leaf, g) in grads where leaf.isLeaf {
            let g = createGraph ? g : g.detached()
            leaf.grad = try leaf.grad.map { try $0 + g } ?? g
        }
    }

    /// `backward()` restricted to the given leaves: gradients flow only along paths that reach them, and only
    /// their `grad` accumulates (an optimiser's step skips every other parameter's gradient).
    public func backward(onlyInto leaves: [Tensor]) throws {
        guard let root = node else { throw TensorError.message("backward: the tensor does not depend on any parameter being trained") }
        let targets = Set(leaves.compactMap(\.node))
        let grads = try propagate(from: root, seed: try seedGradient(), createGraph: false, keep: targets, onlyTowards: targets)
        for leaf in targets where leaf.isLeaf {
            guard let g = grads[leaf] else { continue }
            leaf.grad = try leaf.grad.map { try $0 + g.detached() } ?? g.detached()
        }
    }

    private func seedGradient() throws -> Tensor {
        guard count == 1 else {
            throw TensorError.message("backward: the output has shape \(shape.shapeDescription); give its gradient or reduce it to a scalar first")
        }
        return Tensor(uncheckedShape: shape, scalars: [1])
    }
}

/// The gradients of `output` with respect to each of `inputs` (PyTorch's `torch.autograd.grad`), without touching
/// any leaf's accumulated `grad`. An input the output does not depend on gets zeros.
public func gradients(of output: Tensor, withRespectTo inputs: [Tensor], seed: Tensor? = nil,
                      createGraph: Bool = false) throws -> [Tensor] {
    guard let root = output.node else { throw TensorError.message("grad: the output does not depend on any tensor that requires a gradient") }
    let seed = try seed ?? {
        guard output.count == 1 else { throw TensorError.message("grad: the output has shape \(output.shape.shapeDescription); reduce it to a scalar first") }
        return Tensor(uncheckedShape: output.shape, scalars: [1])
    }()
    let wanted = Set(inputs.compactMap(\.node))
    let grads = try propagate(from: root, seed: seed, createGraph: createGraph, keep: wanted, onlyTowards: wanted)
    return try inputs.map { input in
        guard let node = input.node else { throw TensorError.message("grad: an input does not require a gradient") }
        guard let g = grads[node] else { return Tensor.zeros(input.shape) }
        return createGraph ? g : g.detached()
    }
}

extension GradNode: Hashable {
    public static func == (a: GradNode, b: GradNode) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
}

/// Runs the backward rules from `root` in reverse topological order and returns the gradients of the leaves reached
/// and of the nodes in `keep`. With `onlyTowards`, gradients flow only along paths that reach those nodes (as
/// `torch.autograd.grad` does): other inputs' gradients are never computed.
private func propagate(from root: GradNode, seed: Tensor, createGraph: Bool,
                       keep: Set<GradNode> = [], onlyTowards targets: Set<GradNode>? = nil) throws -> [GradNode: Tensor] {
    guard seed.shape == root.shape else {
        throw TensorError.message("backward: gradient shape \(seed.shape.shapeDescription) does not match output shape \(root.shape.shapeDescription)")
    }
    let order = topologicalOrder(from: root)
    // Inputs come before their users in `order`, so one forward sweep finds every node that leads to a target.
    var relevant = Set<GradNode>()
    if let targets {
        for node in order where targets.contains(node) || node.inputs.contains(where: { $0.map(relevant.contains) ?? false }) {
            relevant.insert(node)
        }
    }
    var grads: [GradNode: Tensor] = [root: seed]
    try GradMode.$isEnabled.withValue(createGraph) {
        for node in order.reversed() {
            guard let rule = node.backward, let g = grads[node] else { continue }
            let needs = node.inputs.map { input in input.map { targets == nil || relevant.contains($0) } ?? false }
            guard needs.contains(true) else { continue }
            let inputGrads = try rule(g, needs)
            for (input, ig) in zip(node.inputs, inputGrads) {
                guard let input, let ig, targets == nil || relevant.contains(input) else { continue }
                grads[input] = try grads[input].map { try $0 + ig } ?? ig
            }
            if !keep.contains(node) { grads[node] = nil }  // free intermediate gradients early
        }
    }
    return grads
}

/// Nodes reachable from `root`, each after all of its inputs (iterative, so deep graphs cannot overflow the stack).
private func topologicalOrder(from root: GradNode) -> [GradNode] {
    var order: [GradNode] = []
    var visited: Set<GradNode> = [root]
    var stack: [(GradNode, Int)] = [(root, 0)]
    while let (node, next) = stack.popLast() {
        if next < node.inputs.count {
            stack.append((node, next + 1))
            if let child = node.inputs[next], visited.insert(child).inserted { stack.append((child, 0)) }
        } else {
            order.append(node)
        }
    }
    return order
}
