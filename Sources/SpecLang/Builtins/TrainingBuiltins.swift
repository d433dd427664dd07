import Foundation
import SpecGAN
import SpecTensor

/// Losses, the R1 penalty, Adam, EMA and checkpoints.
extension GANBuiltins {
    static func training(_ r: BuiltinRegistry) {
        losses(r)
        optimisers(r)
        checkpoints(r)
    }

    static func losses(_ r: BuiltinRegistry) {
        r.add(Builtin("bce_with_logits", topic: .gan, [.init("logits", .tensor, "raw discriminator outputs"),
                                                        .init("target", .tensor, "a tensor of the same shape, or one number for every element (1 real, 0 fake)")],
                      summary: "Binary cross-entropy on logits, averaged over every element (PyTorch's BCEWithLogitsLoss); finite for any |x|.",
                      example: "bce_with_logits(tensor([2, -1]), 1)") { args in
            let logits = try args.tensor("logits"), target = try args.tensor("target")
            return .tensor(try args.checked("target") {
                target.count == 1 && target.rank == 0 ? try Losses.bceWithLogits(logits, target: target.scalars[0])
                                                      : try Losses.bceWithLogits(logits, target: target)
            })
        })
        r.add(Builtin("mse", topic: .gan, [.init("pred", .tensor, "prediction"), .init("target", .tensor, "target of the same shape")],
                      summary: "Mean squared error over every element (PyTorch's MSELoss).", example: "mse(tensor([1, 2]), tensor([1, 0]))") { args in
            let pred = try args.tensor("pred"), target = try args.tensor("target")
            return .tensor(try args.checked("target") { try Losses.mse(pred, target) })
        })
        r.add(Builtin("select_logits", topic: .gan, [.init("logits", .tensor, "logits (N, K)"), .init("classes", .any, "one class index per sample")],
                      summary: "The logit of each sample's class: (N, 1), as a class-conditional discriminator returns it (x[range(N), c] in PyTorch).",
                      example: "select_logits(tensor([[1, 2], [3, 4]]), [1, 0])") { args in
            let logits = try args.tensor("logits")
            guard let classes = try args.classIndices("classes") else { throw args.error("classes", "give one class index per sample") }
            return .tensor(try args.checked("classes") { try selectLogits(logits, classes: classes) })
        })
        r.add(Builtin("r1_penalty", topic: .gan, [.init("d", .any, "a discriminator model, or logits already computed from x"),
                                                   .init("x", .tensor, "real images (with requires_grad when d is logits)"),
                                                   .init("classes", .any, default: .nil, "one class per sample, for a class-conditional discriminator")],
                      summary: "The R1 penalty: mean over the batch of |∂ΣD(x)/∂x|², unweighted (the testbed multiplies by its r1 weight, 10).",
                      help: "Differentiable in the discriminator's parameters (double backward), so step(opt, loss + 10 * r1_penalty(d, x, c)) trains with it. No ½ factor, as the reference. Given logits instead of a model, it differentiates those (the discriminator step computes D(x) once for its loss and R1: let x = requires_grad(real); let out = d(x, c); r1_penalty(out, x)).",
                      example: "let d = pggan_discriminator(res: 8, divide: 64, classes: 2); r1_penalty(d, randn([2, 3, 8, 8]), [0, 1])") { args in
            if case .object(let d as ModelObject) = args.value("d") {
                let x = try args.tensor("x").detached().requiringGrad(), classes = try args.classIndices("classes")
                return .tensor(try args.checked("x") { try Losses.r1Penalty(output: try d.forward(x, classes: classes), input: x) })
            }
            guard args.isNil("classes") else { throw args.error("classes", "classes go with a discriminator model, not with logits") }
            let output = try args.tensor("d"), x = try args.tensor("x")
            return .tensor(try args.checked("d") { try Losses.r1Penalty(output: output, input: x) })
        })
    }

    static func optimisers(_ r: BuiltinRegistry) {
        let trainable = Builtin.Parameter("params", .any, "what to train: a model, a param(…), or a list or record of them (names are prefixed by position or key)")
        let weightDecay = Builtin.Parameter("weight_decay", .number, default: .number(0), keywordOnly: true, "adds weight_decay · p to each gradient (L2)")
        r.add(Builtin("adam", topic: .gan, [
            trainable,
            .init("lr", .number, default: .number(1e-3), keywordOnly: true, "learning rate"),
            .init("betas", .list, default: .list(ListRef([.number(0.9), .number(0.999)])), keywordOnly: true,
                  "decay rates of the moment estimates (the testbeds use [0, 0.99])"),
            .init("eps", .number, default: .number(1e-8), keywordOnly: true, "added to the denominator"),
            weightDecay,
        ], summary: "Adam with PyTorch's update rule and defaults, over the parameters of models and param tensors.",
           help: "adam([g, d]) trains two models together (names 0.…, 1.…), adam({g: g, d: d}) names them by key, adam([w1, w2]) trains param tensors. step(opt, loss) back-propagates the loss into these parameters only and updates them; frozen parameters are skipped.",
           example: "let m = mlp(input: 2, output: 1); let opt = adam(m, lr: 0.01, betas: [0, 0.99])") { args in
            let named = try Trainable.named(args, "params")
            let betas = try args.list("betas")
            guard betas.count == 2, case .number(let b1) = betas[0], case .number(let b2) = betas[1] else {
                throw args.error("betas", "betas must be a list of two numbers")
            }
            let adam = try args.checked { try Adam(parameters: named, learningRate: try args.number("lr"), betas: (b1, b2),
                                                   epsilon: try args.number("eps"), weightDecay: try args.number("weight_decay")) }
            return .object(OptimizerObject(adam, over: Trainable.description(args.value("params"))))
        })
        r.add(Builtin("sgd", topic: .gan, [
            trainable,
            .init("lr", .number, keywordOnly: true, "learning rate"),
            .init("momentum", .number, default: .number(0), keywordOnly: true, "momentum factor μ"),
            .init("dampening", .number, default: .number(0), keywordOnly: true, "dampening of the momentum"),
            .init("nesterov", .bool, default: .bool(false), keywordOnly: true, "Nesterov momentum (needs momentum > 0 and no dampening)"),
            weightDecay,
        ], summary: "Stochastic gradient descent with PyTorch's update rule (momentum, dampening, Nesterov, weight decay).",
           help: "The momentum buffer starts as the first gradient, then b ← μ·b + (1 − dampening)·g; the step is lr·(g + μ·b) with Nesterov, lr·b otherwise.",
           example: "let w = param(tensor([1, -2])); let opt = sgd(w, lr: 0.1, momentum: 0.9); step(opt, sum(w ** 2))") { args in
            let named = try Trainable.named(args, "params")
            let sgd = try args.checked { try SGD(parameters: named, learningRate: try args.float("lr"), momentum: try args.float("momentum"),
                                                 dampening: try args.float("dampening"), nesterov: try args.bool("nesterov"),
                                                 weightDecay: try args.float("weight_decay")) }
            return .object(OptimizerObject(sgd, over: Trainable.description(args.value("params"))))
        })
        let optimiser = Builtin.Parameter("opt", .object, "an optimiser (adam or sgd)")
        func oneElementLoss(_ args: Arguments) throws -> (Tensor, Float) {
            let loss = try args.tensor("loss")
            guard let value = loss.item else { throw args.error("loss", "the loss must have one element, got shape \(loss.shape.shapeDescription)") }
            guard loss.requiresGrad else { throw args.error("loss", "the loss does not depend on any trainable parameter") }
            return (loss, value)
        }
        r.add(Builtin("step", topic: .gan, [optimiser, .init("loss", .tensor, default: .nil, "a one-element loss computed from the parameters; nil to update from the gradients backward() accumulated")],
                      summary: "One optimiser step: clear the gradients, back-propagate the loss into the optimiser's parameters, update. Returns the loss as a number.",
                      help: "Only the optimiser's own parameters get gradients: a generator step spends nothing on the discriminator's weight gradients. Without a loss, step(opt) updates from the gradients that backward(loss, opt) accumulated and then clears them (PyTorch's zero_grad(); backward(); step() written out, for a step that back-propagates several losses one after the other).",
                      example: "let m = mlp(input: 2, output: 1); let opt = adam(m); step(opt, mean(m(randn([4, 2])) ** 2))") { args in
            let opt = try args.object("opt", as: OptimizerObject.self, described: "an optimiser (adam or sgd)")
            if args.isNil("loss") {
                guard opt.optimizer.parameters.contains(where: { $0.grad != nil }) else {
                    throw args.error("opt", "no gradients to update from: back-propagate a loss with backward(loss, opt) first, or give step the loss")
                }
                try args.checked("opt") {
                    try opt.optimizer.step()
                    opt.optimizer.zeroGrad()
                }
                return .nil
            }
            let (loss, value) = try oneElementLoss(args)
            try args.checked("loss") { try opt.optimizer.step(loss) }
            return .number(Double(value))
        })
        r.add(Builtin("zero_grad", topic: .gan, [optimiser],
                      summary: "Clear the gradients of the optimiser's parameters (before a step's backward passes); returns the optimiser.",
                      example: "let m = mlp(input: 2, output: 1); zero_grad(adam(m))") { args in
            let opt = try args.object("opt", as: OptimizerObject.self, described: "an optimiser (adam or sgd)")
            opt.optimizer.zeroGrad()
            return .object(opt)
        })
        r.add(Builtin("backward", topic: .gan, [.init("loss", .tensor, "a one-element loss"), optimiser],
                      summary: "Back-propagate a loss into the optimiser's parameters, adding to their gradients; step(opt) then updates. Returns the loss as a number.",
                      help: "Each call frees nothing it does not need: a step that back-propagates its real-image loss before it computes the fake one keeps one graph alive at a time, as the reference's separate backward passes do.",
                      example: "let m = mlp(input: 2, output: 1); let opt = sgd(m, lr: 0.1); backward(mean(m(randn([4, 2]))), opt); step(opt)") { args in
            let opt = try args.object("opt", as: OptimizerObject.self, described: "an optimiser (adam or sgd)")
            let (loss, value) = try oneElementLoss(args)
            try args.checked("loss") { try opt.optimizer.backward(loss) }
            return .number(Double(value))
        })
        r.add(Builtin("ema", topic: .gan, [.init("target", .object, "the averaged model (e.g. copy_model(g))"), .init("source", .object, "the trained model"),
                                            .init("beta", .number, default: .number(0.999), keywordOnly: true, "weight of the old average")],
                      summary: "Exponential moving average of parameters: target ← β·target + (1 − β)·source, by name; returns the target.",
                      example: "let g = direct_generator(2, 8); let g_ema = copy_model(g); ema(g_ema, g, beta: 0.99)") { args in
            let target = try args.object("target", as: ModelObject.self, described: "a model")
            let source = try args.object("source", as: ModelObject.self, described: "a model")
            let beta = try args.float("beta")
            try args.checked("source") { try updateAverage(target: target.module, source: source.module, beta: beta) }
            return .object(target)
        })
    }

    static func checkpoints(_ r: BuiltinRegistry) {
        let state = Builtin.Parameter("state", .any, "a model or optimiser, or a record from name to models and optimisers")
        r.add(Builtin("save_checkpoint", topic: .gan, [
            .init("path", .string, "the file to write (relative to the output folder), e.g. \"ckpt.safetensors\""), state,
            .init("step", .integer, default: .number(0), keywordOnly: true, "the step counter to store"),
        ], summary: "Save models, optimiser states, the session's random state and a step counter in one safetensors file (atomically).",
           help: "Tensors are stored as <name>/<parameter>; nothing in a checkpoint is ever executed. load_checkpoint restores them bit for bit.",
           example: "let m = mlp(input: 2, output: 1); save_checkpoint(\"m.safetensors\", {model: m, opt: adam(m)}, step: 10)") { args in
            let components = try checkpointComponents(args)
            let url = try args.interpreter.files.writeURL(try args.string("path"), at: args.spanOf("path"))
            let step = try args.count("step", minimum: 0)
            try args.checked("path") { try Checkpoint.save(to: url, components: components, info: .init(step: step, rng: args.interpreter.rng)) }
            args.interpreter.onFileWritten(WrittenFile(url))
            return .string(url.path)
        })
        r.add(Builtin("load_checkpoint", topic: .gan, [
            .init("path", .string, "a checkpoint written by save_checkpoint (or by a testbed run)"), state,
            .init("rng", .bool, default: .bool(true), keywordOnly: true, "also restore the session's random state"),
        ], summary: "Restore models and optimiser states from a checkpoint, by the names they were saved under; returns the stored step.",
           help: "Every named component must match in names, shapes and dtypes, or nothing changes; a truncated or corrupt file is an error naming the problem. Components of the file not named are ignored.",
           example: "let m = mlp(input: 2, output: 1); save_checkpoint(\"c.safetensors\", {model: m}); load_checkpoint(\"c.safetensors\", {model: m})") { args in
            let components = try checkpointComponents(args)
            let url = try args.interpreter.files.readURL(try args.string("path"), at: args.spanOf("path"))
            let info = try args.checked("path") { try Checkpoint.load(from: url, into: components) }
            if try args.bool("rng"), let rng = info.rng { args.interpreter.rng = rng }
            return .number(Double(info.step))
        })
    }

    /// The named components of a checkpoint: one object ("model" or "optimizer") or a record of them.
    private static func checkpointComponents(_ args: Arguments) throws -> [(name: String, component: any Checkpointable)] {
        func component(_ v: Value) throws -> (kind: String, component: any Checkpointable) {
            switch v {
            case .object(let m as ModelObject): return ("model", m.module)
            case .object(let o as OptimizerObject): return ("optimizer", o.optimizer)
            default: throw args.error("state", "a checkpoint holds models and optimisers, got \(Printer.describeType(v))", kind: .type)
            }
        }
        if case .record(let r) = args.value("state") {
            guard r.count > 0 else { throw args.error("state", "the record names no model or optimiser") }
            return try r.entries.map { name, v in
                guard !name.isEmpty, !name.contains("/"), name != "rng_state" else {
                    throw args.error("state", "'\(name)' cannot name a checkpoint component (no '/', not rng_state)")
                }
                return (name, try component(v).component)
            }
        }
        let single = try component(args.value("state"))
        return [(single.kind, single.component)]
    }
}
