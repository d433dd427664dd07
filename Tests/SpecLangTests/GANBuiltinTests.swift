import Foundation
import Testing
import SpecLang
import SpecSyntax
import SpecTensor
import SpecTestSupport

/// An interpreter writing into a fresh folder (reads unfenced), with its printed lines collected.
final class Session {
    let interpreter: Interpreter
    let folder: URL
    var lines: [String] = []

    init(seed: UInt64 = 0) {
        folder = URL(fileURLWithPath: FileManagerHelper.temporaryFolder())
        interpreter = Interpreter(seed: seed, files: .script(at: nil, output: folder, allowed: [URL(fileURLWithPath: "/")]))
        interpreter.output = { [unowned self] in self.lines.append($0) }
    }

    @discardableResult
    func run(_ source: String) throws -> Value? { try interpreter.run(source, name: "test.spec") }

    func tensor(_ source: String) throws -> Tensor {
        guard case .tensor(let t)? = try run(source) else { throw SpecError(.type, "not a tensor: \(source)") }
        return t
    }

    func number(_ source: String) throws -> Double {
        guard case .number(let n)? = try run(source) else { throw SpecError(.type, "not a number: \(source)") }
        return n
    }
}

@Suite("GAN builtins: models, losses, optimisers, checkpoints")
struct GANBuiltinTests {
    static let reference = ReferenceCase.root.path

    @Test("models are built with the documented shapes and are called like functions")
    func modelsAreCallable() throws {
        let s = Session()
        #expect(try s.tensor("let d = pggan_discriminator(res: 16, divide: 8, classes: 4)\nd(randn([2, 3, 16, 16]))").shape == [2, 4])
        #expect(try s.tensor("d(randn([2, 3, 16, 16]), [0, 3])").shape == [2, 1])
        #expect(try s.tensor("let g = pggan_generator(res: 16, z_dim: 8, divide: 8, up: \"shuffle\")\ng(randn([3, 8]))").shape == [3, 3, 16, 16])
        #expect(try s.tensor("let imgs = direct_generator(4, 8)\nimgs([2, 0])").shape == [2, 3, 8, 8])
        #expect(try s.tensor("let m = mlp(input: 12, output: 3, hidden: 1, width: 5)\nm(randn([2, 3, 2, 2]), tensor([2, 1]))").shape == [2, 1])
        #expect(try s.tensor("let sd = spectral_discriminator(16, classes: 5)\nsd(randn([2, 3, 16, 16]))").shape == [2, 5])
        guard case .string(let kind)? = try s.run("d.kind"), case .string(let type)? = try s.run("type(d)") else {
            Issue.record("kind and type are strings"); return
        }
        #expect(kind == "pggan_discriminator" && type == "model")
        let spectralCount: Double = 12 * 12 + 12 + 5 * 12 + 5
        #expect(try s.number("sd.parameter_count") == spectralCount)
        #expect(try s.number("len(keys(parameters(m)))") == 6)
        #expect(try s.number("d.config.label_size") == 3)
        try s.run("show(d)")
        #expect(s.lines.last?.contains("minibatch std (group 16), conv 3×3 65→64, lrelu") == true)
        #expect(s.lines.last?.hasPrefix("pggan_discriminator model") == true)
    }

    @Test("reference weights load by name and reproduce the reference logits, R1 and its parameter gradients")
    func referenceThroughTheLanguage() throws {
        let s = Session(), root = Self.reference
        try s.run("""
            let d = pggan_discriminator(res: 16, divide: 8, down: "blurpool", classes: 4)
            load_weights(d, "\(root)/pggan_disc_r16/params")
            let x = load_npy("\(root)/pggan_disc_r16/input_x.npy")
            let c = load_npy("\(root)/pggan_disc_r16/input_c.npy")
            let r1 = r1_penalty(d, x, c)
            let g = grad(r1, wrt: parameters(d))
            """)
        let golden = { (path: String) in try NPY.read(URL(fileURLWithPath: "\(root)/pggan_disc_r16/blurpool/\(path)")).tensor }
        expectClose(try s.tensor("d(x, c)"), try golden("forward_logits_c.npy"), rtol: 1e-4, atol: 1e-5, "logits")
        expectClose(try s.tensor("r1"), try golden("r1/reg_mean.npy"), rtol: 1e-4, atol: 1e-5, "reg_mean")
        for name in ["layer0.weight", "layer3.bias", "layer5.weight"] {
            expectClose(try s.tensor("g[\"\(name)\"]"), try golden("r1/grad_params/\(name).npy"), rtol: 1e-3, atol: 1e-5, name)
        }
    }

    @Test("adam steps reduce a regression loss; ema, copy_model, freeze and unfreeze behave as documented")
    func trainingPieces() throws {
        let s = Session()
        try s.run("""
            let m = mlp(input: 3, output: 1, hidden: 1, width: 8)
            let opt = adam(m, lr: 0.01, betas: [0, 0.99])
            let x = randn([16, 3])
            let y = sum(x, axis: 1, keepdims: true)
            let first = step(opt, mse(m(x), y))
            let last = first
            for i in range(200) { last = step(opt, mse(m(x), y)) }
            """)
        #expect(try s.number("last") < 0.1 * (try s.number("first")))
        #expect(try s.number("opt.steps") == 201)
        try s.run("""
            let g = direct_generator(2, 4)
            let e = copy_model(g)
            let before = parameters(e).imgs
            step(adam(g, lr: 0.1), mean(g([0, 1])))
            ema(e, g, beta: 0.9)
            """)
        let before = try s.tensor("before"), now = try s.tensor("parameters(g).imgs"), averaged = try s.tensor("parameters(e).imgs")
        for i in 0..<before.count {
            #expect(Swift.abs(averaged.scalars[i] - (0.9 * before.scalars[i] + 0.1 * now.scalars[i])) < 1e-6)
        }
        guard case .bool(let frozen)? = try s.run("freeze(g).frozen"), case .bool(let thawed)? = try s.run("unfreeze(g).frozen") else {
            Issue.record("frozen is a bool"); return
        }
        #expect(frozen && !thawed)
        #expect(Swift.abs(try s.number("item(bce_with_logits(tensor([0, 0]), 1))") - Foundation.log(2.0)) < 1e-6)
    }

    @Test("a checkpoint restores parameters, optimiser state and the random stream bit for bit")
    func checkpointRoundTrip() throws {
        let s = Session()
        try s.run("""
            let m = mlp(input: 2, output: 1, hidden: 1, width: 4)
            let opt = adam(m, lr: 0.05)
            let x = randn([8, 2])
            for i in range(3) { step(opt, mse(m(x), zeros([8, 1]))) }
            save_checkpoint("c.safetensors", {model: m, opt: opt}, step: 3)
            let saved = parameters(m)["main.0.weight"]
            let next = randn([4])
            for i in range(3) { step(opt, mse(m(x), zeros([8, 1]))) }
            let trained = parameters(m)["main.0.weight"]
            let stored = load_checkpoint("c.safetensors", {model: m, opt: opt})
            """)
        #expect(try s.number("stored") == 3)
        #expect(try s.tensor("parameters(m)[\"main.0.weight\"]").scalars == (try s.tensor("saved")).scalars)
        #expect(try s.tensor("randn([4])").scalars == (try s.tensor("next")).scalars)
        try s.run("for i in range(3) { step(opt, mse(m(x), zeros([8, 1]))) }")
        #expect(try s.tensor("parameters(m)[\"main.0.weight\"]").scalars == (try s.tensor("trained")).scalars)

        try Data("not a checkpoint".utf8).write(to: s.folder.appendingPathComponent("bad.safetensors"))
        do {
            try s.run("load_checkpoint(\"bad.safetensors\", m)")
            Issue.record("a corrupt checkpoint loaded")
        } catch let e as SpecError {
            #expect(e.kind == .io && e.message.contains("cannot load checkpoint"))
        }
        do {
            try s.run("load_checkpoint(\"c.safetensors\", {model: mlp(input: 3, output: 1)})")
            Issue.record("a mismatched checkpoint loaded")
        } catch let e as SpecError {
            #expect(e.message.contains("main.0.weight"))
        }
    }

    @Test("weights saved by name load back", .timeLimit(.minutes(1)))
    func weightsRoundTrip() throws {
        let s = Session()
        try s.run("let a = pggan_generator(res: 8, z_dim: 4, divide: 64)\nsave_weights(a, \"w\")\nlet b = pggan_generator(res: 8, z_dim: 4, divide: 64)\nload_weights(b, \"w\")")
        #expect(try s.tensor("parameters(a)[\"layer3.weight\"]").scalars == (try s.tensor("parameters(b)[\"layer3.weight\"]")).scalars)
    }

    @Test("bad configurations, inputs and arguments are clear errors at the call")
    func errors() throws {
        let cases: [(String, String)] = [
            ("pggan_generator(res: 48)", "resolution 48 is not one of"),
            ("pggan_generator(res: 16, up: \"cubic\")", "'up' must be one of"),
            ("let d = pggan_discriminator(res: 16, divide: 8)\nd(randn([2, 3, 8, 8]))", "images must have shape (N, 3, 16, 16)"),
            ("let d = pggan_discriminator(res: 8, divide: 64, classes: 2)\nd(randn([2, 3, 8, 8]), [0, 2])", "class index 2 is out of range"),
            ("let d = pggan_discriminator(res: 8, divide: 64)\nd(randn([2, 3, 8, 8]), [0.5, 0])", "is not an integer"),
            ("adam(1)", "'params' must hold models or params, found a number"),
            ("let m = mlp(input: 2, output: 1)\nadam(m, betas: [0.9])", "betas must be a list of two numbers"),
            ("let m = mlp(input: 2, output: 1)\nstep(adam(m), tensor(1))", "does not depend on any trainable parameter"),
            ("ema(direct_generator(2, 4), direct_generator(3, 4))", "imgs"),
            ("save_checkpoint(\"x.safetensors\", [1])", "a checkpoint holds models and optimisers"),
            ("let g = direct_generator(2, 4)\ng([5])", "image index 5 is out of range"),
        ]
        for (source, message) in cases {
            guard let e = failure(source) else { continue }
            #expect(e.message.contains(message), "\(source): \(e.message)")
            #expect(e.span != nil, "\(source): no span")
        }
    }
}
