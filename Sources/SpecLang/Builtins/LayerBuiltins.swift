import SpecGAN
import SpecTensor

/// Layers, containers, parameters and models a script defines: the pieces a researcher composes a network from.
enum LayerBuiltins {
    static func register(_ r: BuiltinRegistry) {
        weighted(r)
        parameterFree(r)
        composition(r)
    }

    static func layer(_ module: Module) -> Value { .object(ModelObject(module)) }

    // MARK: Layers with weights

    static let initParameters: [Builtin.Parameter] = [
        .init("bias", .bool, default: .bool(true), keywordOnly: true, "add a learned bias"),
        .init("init", .string, default: .string("pytorch"), keywordOnly: true, choices: ["pytorch", "equalized"],
              "\"pytorch\" (uniform ±1/√fan_in, PyTorch's default) or \"equalized\" (N(0, 1) weights scaled by gain·lr_mul/√fan_in at run time, PGGAN's and StyleGAN's equalised learning rate)"),
        .init("gain", .number, default: .number(2.0.squareRoot()), keywordOnly: true, "gain of the equalised learning rate (1 for layers that make images or logits)"),
        .init("lr_mul", .number, default: .number(1), keywordOnly: true, "learning-rate multiplier of the equalised learning rate (StyleGAN's mapping network: 0.01)"),
    ]

    static func initialisation(_ args: Arguments) throws -> Initialisation {
        switch try args.choice("init") {
        case "pytorch":
            for name in ["gain", "lr_mul"] where args.isGiven(name) {
                throw args.error(name, "'\(name)' applies to init: \"equalized\" only")
            }
            return .pytorch
        default:
            let gain = try args.number("gain"), lrMul = try args.number("lr_mul")
            guard gain.isFinite, gain > 0 else { throw args.error("gain", "gain must be a positive number, got \(Printer.number(gain))") }
            guard lrMul.isFinite, lrMul > 0 else { throw args.error("lr_mul", "lr_mul must be a positive number, got \(Printer.number(lrMul))") }
            return .equalized(gain: gain, lrMultiplier: lrMul)
        }
    }

    static func weighted(_ r: BuiltinRegistry) {
        r.add(Builtin("linear", topic: .layers, [
            .init("in", .integer, "input features (inputs of rank above 2 are flattened per sample)"),
            .init("out", .integer, "output features"),
        ] + initParameters, summary: "A fully connected layer y = x·Wᵀ + b (PyTorch's nn.Linear), parameters weight (out, in) and bias (out).",
           help: "With init: \"equalized\" it is PGGAN's and StyleGAN's dense layer: weights from N(0, 1) / lr_mul, multiplied by gain·lr_mul/√in in every call, bias from 0 multiplied by lr_mul.",
           example: "let l = linear(4, 2); l(randn([3, 4])).shape") { args in
            let (inputs, outputs) = (try args.count("in"), try args.count("out"))
            let initialisation = try initialisation(args)
            return layer(try args.checked { try Linear(inFeatures: inputs, outFeatures: outputs, bias: try args.bool("bias"),
                                                       initialisation: initialisation, rng: &args.interpreter.rng) })
        })
        r.add(Builtin("conv", topic: .layers, [
            .init("in", .integer, "input channels"),
            .init("out", .integer, "output channels"),
            .init("kernel", .integer, "kernel size (square)"),
            .init("stride", .integer, default: .number(1), keywordOnly: true, "step between kernel positions"),
            .init("padding", .integer, default: .number(0), keywordOnly: true, "pixels added on every side"),
            .init("padding_mode", .string, default: .string("zeros"), keywordOnly: true, choices: PaddingMode.names, "zeros, reflect, replicate or circular"),
            .init("groups", .integer, default: .number(1), keywordOnly: true, "split the channels into this many independent groups"),
        ] + initParameters, summary: "A 2-D convolution layer (PyTorch's nn.Conv2d), parameters weight (out, in/groups, k, k) and bias (out).",
           help: "Padding other than zeros is applied explicitly before a convolution without padding, as the paper's reference does. With init: \"equalized\" it is PGGAN's equalised conv (fan_in = in/groups·k²).",
           example: "let c = conv(3, 8, 3, padding: 1, padding_mode: \"reflect\"); c(randn([2, 3, 8, 8])).shape") { args in
            let mode = try args.mode("padding_mode", PaddingMode.self)
            let initialisation = try initialisation(args)
            return layer(try args.checked {
                try Conv2d(inChannels: try args.count("in"), outChannels: try args.count("out"), kernel: try args.count("kernel"),
                           stride: try args.count("stride"), padding: try args.count("padding", minimum: 0), paddingMode: mode,
                           groups: try args.count("groups"), bias: try args.bool("bias"), initialisation: initialisation, rng: &args.interpreter.rng)
            })
        })
    }

    // MARK: Layers without weights

    static func parameterFree(_ r: BuiltinRegistry) {
        r.add(Builtin("activation_layer", topic: .layers, [
            .init("name", .string, choices: Activation.names, "relu, lrelu, tanh or linear"),
            .init("slope", .number, default: .number(0.2), keywordOnly: true, "slope of lrelu for negative inputs"),
        ], summary: "An activation as a layer (for sequential): relu, lrelu (leaky ReLU with its slope), tanh or linear.",
           example: "activation_layer(\"lrelu\", slope: 0.1)(tensor([-1, 2]))") { args in
            let name = try args.choice("name")
            if args.isGiven("slope"), name != "lrelu" { throw args.error("slope", "'slope' applies to lrelu only") }
            let slope = try args.float("slope")
            guard slope.isFinite else { throw args.error("slope", "slope must be finite") }
            let a = name == "lrelu" ? Activation.leakyRelu(slope) : try args.checked("name") { try Activation(name: name) }
            return layer(FunctionLayer.activation(a))
        })
        r.add(Builtin("pixel_norm_layer", topic: .layers, [],
                      summary: "PGGAN's pixel norm as a layer: x / √(mean over channels of x² + 1e-8).",
                      example: "pixel_norm_layer()(randn([2, 4, 3, 3])).shape") { _ in layer(FunctionLayer.pixelNorm()) })
        r.add(Builtin("minibatch_std_layer", topic: .layers, [
            .init("group", .integer, default: .number(16), keywordOnly: true, "group size G (min(G, N) is used)"),
        ], summary: "PGGAN's minibatch standard deviation as a layer: appends one channel with the group's mean standard deviation.",
           example: "minibatch_std_layer(group: 2)(randn([4, 3, 4, 4])).shape") { args in
            layer(FunctionLayer.minibatchStd(group: try args.count("group", minimum: 2)))
        })
        r.add(Builtin("upsample_layer", topic: .layers, [.init("mode", .string, choices: UpsamplingMode.names, "nearest, bilinear, zeros or shuffle")],
                      summary: "×2 upsampling as a layer, in any of the generator's modes.",
                      example: "upsample_layer(\"bilinear\")(randn([1, 2, 4, 4])).shape") { args in
            layer(FunctionLayer.upsample(try args.mode("mode", UpsamplingMode.self)))
        })
        r.add(Builtin("downsample_layer", topic: .layers, [.init("mode", .string, choices: DownsamplingMode.names, "avg, stride or blurpool")],
                      summary: "×2 downsampling as a layer, in any of the discriminator's modes.",
                      example: "downsample_layer(\"blurpool\")(randn([1, 2, 8, 8])).shape") { args in
            layer(FunctionLayer.downsample(try args.mode("mode", DownsamplingMode.self)))
        })
        r.add(Builtin("blur_layer", topic: .layers, [],
                      summary: "The blur [[1,3,1],[3,9,3],[1,3,1]]/25 with reflect padding, per channel, as a layer.",
                      example: "blur_layer()(randn([1, 2, 8, 8])).shape") { _ in layer(FunctionLayer.blur()) })
        r.add(Builtin("flatten_layer", topic: .layers, [.init("start", .integer, default: .number(1), keywordOnly: true, "first axis to flatten")],
                      summary: "Flattens every axis from `start` on (the batch axis is kept by default), as a layer.",
                      example: "flatten_layer()(randn([2, 3, 4, 4])).shape") { args in
            layer(FunctionLayer.flatten(from: try args.count("start", minimum: 0)))
        })
        r.add(Builtin("reshape_layer", topic: .layers, [.init("shape", .list, "the shape of each sample; one entry may be -1")],
                      summary: "Reshapes each sample, keeping the batch axis, as a layer.",
                      example: "reshape_layer([4, 1, 1])(randn([2, 4])).shape") { args in
            let shape = try args.list("shape").map { item -> Int in
                guard case .number(let n) = item, n.rounded() == n, n >= -1, n < 1e9 else {
                    throw args.error("shape", "'shape' must hold whole numbers ≥ −1, got \(Printer.short(item))")
                }
                return Int(n)
            }
            return layer(FunctionLayer.reshape(shape))
        })
    }

    // MARK: Containers, parameters, models

    static func composition(_ r: BuiltinRegistry) {
        r.add(Builtin("sequential", topic: .layers, [.init("layers", .list, "layers and models, or functions used as parameter-free stages")],
                      summary: "Layers applied one after the other; parameters are named by position (0.weight, 2.bias, …) as PyTorch's nn.Sequential.",
                      example: "let net = sequential([linear(2, 8), relu, linear(8, 1)]); keys(parameters(net))") { args in
            let stages = try args.list("layers").enumerated().map { i, item -> Module in
                switch item {
                case .object(let m as ModelObject): return m.module
                case .function, .builtin: return FunctionStage(item, interpreter: args.interpreter)
                default: throw args.error("layers", "item \(i) of 'layers' must be a layer, a model or a function, got \(Printer.describeType(item))", kind: .type)
                }
            }
            guard !stages.isEmpty else { throw args.error("layers", "a sequential needs at least one layer") }
            return layer(Sequential(stages))
        })
        r.add(Builtin("param", topic: .layers, [
            .init("value", .tensor, "the initial value"),
            .init("frozen", .bool, default: .bool(false), keywordOnly: true, "start without gradient recording"),
        ], summary: "A trainable tensor: a reference that optimisers update in place; anywhere a tensor is expected it stands for its value.",
           help: "Use it for tensors optimised outside a model (adam([w1, w2])) and for a model's own parameters (model({scale: param(ones([8])), …})).",
           example: "let w = param(zeros([3])); let opt = sgd(w, lr: 0.1); step(opt, sum((w - 1) ** 2)); w.value") { args in
            let value = try args.tensor("value")
            return .object(ParameterObject(Parameter(value, trainable: !(try args.bool("frozen"))), isBuffer: false))
        })
        r.add(Builtin("buffer", topic: .layers, [.init("value", .tensor, "the value")],
                      summary: "Non-trainable state of a model (PGGAN's lod): saved, loaded and copied with the parameters, never optimised.",
                      example: "let m = model({step: buffer(0), forward: fn (self, x) { return x }}); m.step") { args in
            .object(ParameterObject(Parameter(try args.tensor("value"), trainable: false), isBuffer: true))
        })
        r.add(Builtin("model", topic: .layers, [.init("entries", .record, "sub-models and layers, lists or records of them, param(…), buffer(…), settings, and forward: fn (self, x, …)")],
                      summary: "A model of your own: its entries are its parts, named in declaration order; calling it calls forward with itself first.",
                      help: "Entries that are layers or models become sub-models (`conv.weight`), lists or records of them become numbered or keyed groups (`blocks.0.conv.weight`), param(…) entries parameters and buffer(…) entries buffers; anything else is a setting read as self.name. forward receives the model, then the call's arguments (a discriminator in a testbed is called d(x, classes)). A user model works everywhere a prebuilt one does: parameters, optimisers, freeze, ema, copy_model, save_weights/load_weights, checkpoints, show.",
                      example: "let m = model({lin: linear(2, 1), scale: param(2), forward: fn (self, x) { return self.lin(x) * self.scale }}); keys(parameters(m))") { args in
            let record = try args.record("entries")
            return .object(ModelObject(try args.checked("entries") { try ScriptModel(entries: record.entries, interpreter: args.interpreter) }))
        })
    }
}
