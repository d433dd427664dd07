import Foundation
import SpecGAN
import SpecTensor

/// The GAN building blocks: the reference's networks, their parameters and weights. Training pieces (losses,
/// optimisers, EMA, checkpoints) are in TrainingBuiltins.swift, the testbeds in TestbedBuiltins.swift; all three
/// groups register here.
enum GANBuiltins {
    static func register(_ r: BuiltinRegistry) {
        models(r)
        weights(r)
        training(r)
        TestbedBuiltins.register(r)
    }

    static let model = Builtin.Parameter("m", .object, "a model")

    /// Makes a model object, initialised from the session's random stream.
    static func build(_ args: Arguments, _ architecture: Architecture) throws -> Value {
        .object(ModelObject(try args.checked { try architecture.build(rng: &args.interpreter.rng) }))
    }

    // MARK: Models

    static func models(_ r: BuiltinRegistry) {
        let resolution = Builtin.Parameter("res", .integer, "image resolution: 8, 16, …, 1024")
        let divide = Builtin.Parameter("divide", .integer, default: .number(1), keywordOnly: true,
                                       "divide every channel count by this (the paper's testbeds use 8)")
        let padding = Builtin.Parameter("padding", .string, default: .string("zeros"), keywordOnly: true, choices: PaddingMode.names,
                                        "padding of the 3×3 convs: zeros, reflect, replicate or circular")

        r.add(Builtin("pggan_generator", topic: .gan, [
            resolution,
            .init("z_dim", .integer, default: .number(512), keywordOnly: true, "size of the latent codes"),
            divide,
            .init("up", .string, default: .string("nearest"), keywordOnly: true, choices: UpsamplingMode.names, "upsampling: nearest, bilinear, zeros or shuffle"),
            padding,
            .init("tanh", .bool, default: .bool(false), keywordOnly: true, "end with tanh (the paper's runs do not)"),
        ], summary: "The reference's PGGAN generator at full resolution: g(z) maps latents (N, z_dim) to images (N, 3, res, res).",
           help: "Parameter names are the reference's (layer0.weight, …, output{b}.*), so load_weights reads its exported weights. Every block starts with pixel norm; only the last toRGB block is used.",
           example: "let g = pggan_generator(res: 16, z_dim: 8, divide: 8, up: \"bilinear\"); g(randn([2, 8])).shape") { args in
            let up = try args.mode("up", UpsamplingMode.self)
            return try build(args, .pgganGenerator(.init(resolution: try args.int("res"), zDim: try args.count("z_dim"),
                                                          divide: try args.count("divide"), upsampling: up, padding: try args.mode("padding", PaddingMode.self),
                                                          finalTanh: try args.bool("tanh"))))
        })
        r.add(Builtin("pggan_discriminator", topic: .gan, [
            resolution, divide,
            .init("down", .string, default: .string("avg"), keywordOnly: true, choices: DownsamplingMode.names, "downsampling: avg, stride or blurpool"),
            padding,
            .init("classes", .integer, default: .number(1), keywordOnly: true,
                  "number of logits (the reference's 1 + label_size); the discriminator testbed uses one class per image"),
        ], summary: "The reference's PGGAN discriminator: d(x) gives logits (N, classes); d(x, c) the logit of each sample's class, (N, 1).",
           help: "Minibatch standard deviation (group min(16, N)) runs before the 4×4 conv. Parameter names are the reference's.",
           example: "let d = pggan_discriminator(res: 16, divide: 8, down: \"blurpool\", classes: 4); d(randn([4, 3, 16, 16]), [0, 1, 2, 3])") { args in
            let down = try args.mode("down", DownsamplingMode.self)
            return try build(args, .pgganDiscriminator(.init(resolution: try args.int("res"), divide: try args.count("divide"),
                                                              downsampling: down, padding: try args.mode("padding", PaddingMode.self),
                                                              labelSize: try args.count("classes") - 1)))
        })
        r.add(Builtin("stylegan2_generator", topic: .gan, [
            .init("res", .integer, "image resolution: a power of two, at least 4"),
            .init("z_dim", .integer, default: .number(512), keywordOnly: true, "size of the latent codes (the paper's testbeds use 64)"),
            .init("divide", .integer, default: .number(1), keywordOnly: true, "divide every channel count (and w's size) by this (the paper's testbeds use 8)"),
        ], summary: "The reference's StyleGAN2 generator (NVlabs' networks, skip architecture): g(z) maps latents (N, z_dim) to images (N, 3, res, res).",
           help: "A mapping network (8 layers, lr multiplier 0.01) makes w; synthesis blocks b4 … b{res} of modulated, demodulated 3×3 convolutions with noise and ×2 upsampling by the [1, 3, 3, 1] filter, toRGB at every resolution (skip). Noise is random by default (fresh draws from the session's stream, as the testbeds call it); g(z, noise: \"const\") uses the stored noise_const buffers. Parameter names are the reference's state_dict names, so load_weights reads its exports.",
           example: "let g = stylegan2_generator(res: 16, z_dim: 64, divide: 8); g(randn([2, 64])).shape") { args in
            try build(args, .stylegan2Generator(.init(resolution: try args.count("res"), zDim: try args.count("z_dim"), divide: try args.count("divide"))))
        })
        r.add(Builtin("stylegan3_generator", topic: .gan, [
            .init("res", .integer, "image resolution: a power of two, at least 16"),
            .init("z_dim", .integer, default: .number(512), keywordOnly: true, "size of the latent codes (the paper's testbeds use 64)"),
            .init("divide", .integer, default: .number(1), keywordOnly: true, "divide every channel count (and w's size) by this (the paper's testbeds use 8)"),
        ], summary: "The reference's StyleGAN3-T generator: g(z) maps latents (N, z_dim) to images (N, 3, res, res).",
           help: "A 2-layer mapping network (lr multiplier 0.01), Fourier features of fixed random frequencies rotated and translated per sample, then 14 modulated-convolution layers and toRGB, each with a filtered leaky ReLU whose Kaiser low-pass filters, sampling rates and cutoffs follow the reference's schedule (a 10-pixel margin, the last two layers critically sampled); the image is scaled by ¼. Nothing random is drawn in the forward pass. Parameter names are the reference's.",
           example: "let g = stylegan3_generator(res: 16, z_dim: 8, divide: 64); g(randn([1, 8])).shape") { args in
            try build(args, .stylegan3Generator(.init(resolution: try args.count("res"), zDim: try args.count("z_dim"), divide: try args.count("divide"))))
        })
        r.add(Builtin("stylegan2_discriminator", topic: .gan, [
            .init("res", .integer, "image resolution: a power of two, at least 8"),
            .init("divide", .integer, default: .number(1), keywordOnly: true, "divide every channel count by this (the paper's testbeds use 8)"),
            .init("classes", .integer, default: .number(1), keywordOnly: true, "number of classes; the discriminator testbed uses one per image"),
        ], summary: "The reference's StyleGAN2 discriminator (resnet architecture, projection on a class mapping): d(x, c) gives each sample's logit (N, 1).",
           help: "Resnet blocks with FIR ×2 downsampling, minibatch std (groups of 4), then the logit is the projection of the last layer's output on cmap = mapping(class). With classes: 1 the class enters as its index (what the reference passes, which only runs on one image); with more it enters one-hot, as the reference evidently meant (docs/reproduction.md). Without classes every sample is class 0.",
           example: "let d = stylegan2_discriminator(res: 16, divide: 8, classes: 4); d(randn([4, 3, 16, 16]), [0, 1, 2, 3])") { args in
            try build(args, .stylegan2Discriminator(.init(resolution: try args.count("res"), divide: try args.count("divide"), classes: try args.count("classes"))))
        })
        r.add(Builtin("mlp", topic: .gan, [
            .init("input", .integer, keywordOnly: true, "input features (images are flattened per sample)"),
            .init("output", .integer, keywordOnly: true, "output features (logits)"),
            .init("hidden", .integer, default: .number(3), keywordOnly: true, "number of hidden layers"),
            .init("width", .integer, default: .number(16), keywordOnly: true, "width of every hidden layer"),
            .init("activation", .string, default: .string("relu"), keywordOnly: true, choices: Activation.names, "between the layers: relu, lrelu, tanh or linear"),
            .init("bias", .bool, default: .bool(true), keywordOnly: true, "give every linear layer a bias"),
        ], summary: "The reference's MLP: linear layers with an activation between them; class-conditional like the discriminator.",
           help: "Linear layers are initialised as PyTorch's and named main.0, main.2, … as the reference's nn.Sequential.",
           example: "let m = mlp(input: 12, output: 4, hidden: 1, width: 8); m(randn([2, 12]))") { args in
            let activation = try args.checked("activation") { try Activation(name: try args.choice("activation")) }
            return try build(args, .mlp(.init(inputSize: try args.count("input"), outputSize: try args.count("output"),
                                               hiddenCount: try hiddenLayers(args), width: try args.count("width"),
                                               activation: activation, bias: try args.bool("bias"))))
        })
        r.add(Builtin("direct_generator", topic: .gan, [
            .init("count", .integer, "number of images"),
            .init("res", .integer, "image resolution"),
            .init("channels", .integer, default: .number(3), keywordOnly: true, "channels per image"),
        ], summary: "The discriminator testbed's generator: one trainable image per index; g(indices) returns those images.",
           help: "Initialised as PyTorch's kaiming_normal_ (std √(2 / (channels·res²))), so the images start almost black.",
           example: "let g = direct_generator(4, 16); g([0, 2]).shape") { args in
            try build(args, .directGenerator(.init(count: try args.count("count"), resolution: try args.count("res"),
                                                    imageChannels: try args.count("channels"))))
        })
        r.add(Builtin("spectral_discriminator", topic: .gan, [
            .init("res", .integer, "image resolution"),
            .init("classes", .integer, default: .number(1), keywordOnly: true, "number of logits (one per image in the testbed)"),
        ], summary: "The reference's spectral discriminator: Linear(L, L) → LeakyReLU(0.2) → Linear(L, classes) on log(1 + reduced spectrum).",
           help: "Its input is the reduced spectrum of the orthonormal FFT, averaged over channels, L bins long (46 at 64×64). Differentiable to second order, so R1 passes through the spectrum.",
           example: "let s = spectral_discriminator(16, classes: 4); s(randn([4, 3, 16, 16]), [0, 1, 2, 3])") { args in
            try build(args, .spectralDiscriminator(.init(resolution: try args.count("res", minimum: 2), classes: try args.count("classes"))))
        })
    }

    /// The MLP's hidden layer count, bounded before anything is made for it.
    static func hiddenLayers(_ args: Arguments) throws -> Int {
        let n = try args.count("hidden", minimum: 0)
        guard n <= 10_000 else { throw args.error("hidden", "at most 10000 hidden layers, got \(n)") }
        return n
    }

    // MARK: Parameters and weights

    static func weights(_ r: BuiltinRegistry) {
        r.add(Builtin("parameters", topic: .gan, [.init("m", .any, "a model, a param(…), or a list or record of them")],
                      summary: "Trainable parameters as a record from full name (blocks.0.conv.weight) to tensor, in declaration order.",
                      help: "The tensors are the model's own: grad(loss, wrt: parameters(m)) gives a record of gradients with the same keys. Lists and records are named as optimisers name them (0.layer0.weight for the first model of a list).",
                      example: "keys(parameters(mlp(input: 2, output: 1, hidden: 0, width: 3)))") { args in
            .record(RecordRef(try Trainable.named(args, "m").map { ($0.name, .tensor($0.parameter.value)) }))
        })
        r.add(Builtin("load_weights", topic: .gan, [model, .init("dir", .string, "a folder with one <name>.npy per parameter and buffer")],
                      summary: "Load every parameter and buffer by name from .npy files (the reference's exported weights); returns the model.",
                      help: "Missing files, wrong shapes and .npy files that name no parameter are one error that lists them all, and then nothing changes.",
                      example: "let m = mlp(input: 2, output: 1); save_weights(m, \"w\"); load_weights(m, \"w\")") { args in
            let m = try args.model("m")
            let dir = try args.interpreter.files.readURL(try args.string("dir"), at: args.spanOf("dir"))
            // Every file the loader opens must be inside the fence (a member may be a link to elsewhere).
            for (name, _) in m.module.namedState { try args.interpreter.files.checkRead(dir.appendingPathComponent(name + ".npy"), at: args.spanOf("dir")) }
            try args.checked("dir") { try m.module.loadWeights(from: dir) }
            return .object(m)
        })
        r.add(Builtin("save_weights", topic: .gan, [model, .init("dir", .string, "the folder to write (relative to the output folder)")],
                      summary: "Write every parameter and buffer as <dir>/<name>.npy (float32), as load_weights reads them; returns the folder.",
                      example: "save_weights(mlp(input: 2, output: 1), \"weights\")") { args in
            let m = try args.model("m")
            let dir = try args.interpreter.files.writeURL(try args.string("dir"), at: args.spanOf("dir"))
            for (name, p) in m.module.namedState {
                let url = dir.appendingPathComponent(name + ".npy")
                do {
                    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                    try NPY.write(p.value, to: url)
                } catch {
                    throw args.error("dir", "cannot write \(url.path): \(error)", kind: .io)
                }
                args.interpreter.onFileWritten(WrittenFile(url))
            }
            return .string(dir.path)
        })
        r.add(Builtin("freeze", topic: .gan, [model],
                      summary: "Stop recording gradients for a model's parameters (PyTorch's requires_grad_(False)); returns the model.",
                      example: "freeze(mlp(input: 2, output: 1)).frozen") { args in
            let m = try args.model("m")
            m.module.freeze()
            return .object(m)
        })
        r.add(Builtin("unfreeze", topic: .gan, [model],
                      summary: "Record gradients for a model's parameters again; returns the model.",
                      example: "unfreeze(freeze(mlp(input: 2, output: 1))).frozen") { args in
            let m = try args.model("m")
            m.module.unfreeze()
            return .object(m)
        })
        r.add(Builtin("copy_model", topic: .gan, [model],
                      summary: "A deep copy of a model (same architecture and values, its own parameters), e.g. for an EMA copy.",
                      example: "let g = direct_generator(2, 8); let g_ema = copy_model(g)") { args in
            let m = try args.model("m")
            return .object(ModelObject(try args.checked { try m.module.copy() }))
        })
    }
}
