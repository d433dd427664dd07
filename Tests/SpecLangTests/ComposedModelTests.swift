import Foundation
import Testing
import SpecGAN
import SpecLang
import SpecSyntax
import SpecTensor
import SpecTestSupport

/// Layers, script-defined models and optimisers over anything trainable.
struct ComposedModelTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/pggan_discriminator_by_hand.spec")
    static let weights = ReferenceCase.root.appendingPathComponent("pggan_disc_r16/params").path

    @Test("a PGGAN discriminator assembled from layers in a .spec file equals the prebuilt one: logits and R1 parameter gradients on the reference weights",
          arguments: ["avg", "stride", "blurpool"])
    func handBuiltDiscriminator(mode: String) throws {
        let c = try ReferenceCase("r1_compute_grad2_r16_\(mode)")
        let s = Session()
        try s.run(try String(contentsOf: Self.script, encoding: .utf8))
        s.interpreter.define("x", .tensor(try c.input("x")))
        s.interpreter.define("c", .tensor(try c.input("c")))
        try s.run("""
            let mine = load_weights(pggan_d16("\(mode)"), "\(Self.weights)")
            let theirs = load_weights(pggan_discriminator(res: 16, divide: 8, down: "\(mode)", classes: 4), "\(Self.weights)")
            let g_mine = grad(r1_penalty(mine, x, c), wrt: parameters(mine))
            let g_theirs = grad(r1_penalty(theirs, x, c), wrt: parameters(theirs))
            """)
        #expect(try s.tensor("mine(x, c)").scalars == (try s.tensor("theirs(x, c)")).scalars)
        expectClose(try s.tensor("mine(x, c)"), try c.output("d_out"), c.tolerance("forward_and_reg"), "d_out")
        let names = try s.run("keys(g_mine)")
        guard case .list(let l)? = names else { Issue.record("no gradient names"); return }
        #expect(l.items.count == 20)  // lod is a buffer: 10 layers × (weight, bias)
        for case .string(let name) in l.items {
            let mine = try s.tensor("g_mine[\"\(name)\"]"), theirs = try s.tensor("g_theirs[\"\(name)\"]")
            #expect(mine.scalars == theirs.scalars, "\(mode) \(name)")
            let golden = try NPY.read(ReferenceCase.root.appendingPathComponent("pggan_disc_r16/\(mode)/r1/grad_params/\(name).npy"))
            expectClose(mine, golden, c.tolerance("grad_params"), "\(mode) R1 grad \(name)")
        }
    }

    @Test("layers: names by path, the layer table, copies, errors that name the layer's path and both shapes")
    func layersAndNames() throws {
        let s = Session()
        try s.run("""
            let block = fn (cin, cout) { return model({conv: conv(cin, cout, 3, padding: 1), act: activation_layer("lrelu", slope: 0.1),
                                                        forward: fn (self, x) { return self.act(self.conv(x)) }}) }
            let net = model({stem: conv(3, 8, 1), blocks: [block(8, 8), block(8, 16), block(8, 16)], gain: param(ones([16, 1, 1])), step: buffer(0),
                             forward: fn (self, x) {
                               let y = self.stem(x)
                               for b in self.blocks { y = b(y) }
                               return y * self.gain
                             }})
            """)
        let names = try s.run("keys(parameters(net))")
        guard case .list(let l)? = names else { Issue.record("no names"); return }
        #expect(l.items.map { Printer.plain($0) } == ["gain", "stem.weight", "stem.bias", "blocks.0.conv.weight", "blocks.0.conv.bias",
                                                    "blocks.1.conv.weight", "blocks.1.conv.bias", "blocks.2.conv.weight", "blocks.2.conv.bias"])
        #expect(try s.number("net.parameter_count") == Double(16 + (3 * 8 + 8) + (8 * 8 * 9 + 8) + 2 * (8 * 16 * 9 + 16)))
        do {
            try s.run("net(randn([2, 3, 8, 8]))")
            Issue.record("no shape error")
        } catch let e as SpecError {
            #expect(e.message.contains("blocks.2.conv"), "\(e.message)")
            #expect(e.message.contains("(N, 8, H, W)") && e.message.contains("(2, 16, 8, 8)"), "\(e.message)")
        }
        let completions = Completion.candidates(line: "net.bl", interpreter: s.interpreter)
        #expect(completions.contains("blocks"), "\(completions)")
        let table = Printer.summary(try s.run("net") ?? .nil)
        #expect(table.contains("blocks.1.conv") && table.contains("conv 3×3 8→16") && table.contains("blocks.1.act"), "\(table)")
        // A copy has parameters of its own and the same values.
        try s.run("let twin = copy_model(net)")
        #expect(try s.tensor("twin.blocks[0].conv.parameters[\"weight\"]").scalars == (try s.tensor("net.blocks[0].conv.parameters[\"weight\"]")).scalars)
        try s.run("let opt = sgd(twin, lr: 1)\nstep(opt, sum(twin.stem(ones([1, 3, 2, 2]))))")
        #expect(try s.tensor("twin.stem.parameters[\"bias\"]").scalars != (try s.tensor("net.stem.parameters[\"bias\"]")).scalars)
    }

    @Test("sequential: PyTorch's names, functions as stages, an MLP equal to the prebuilt one")
    func sequentialMatchesMLP() throws {
        let s = Session()
        try s.run("""
            let ref = mlp(input: 4, output: 2, hidden: 1, width: 8, activation: "relu")
            let seq = sequential([linear(4, 8), relu, linear(8, 8), relu, linear(8, 2)])
            save_weights(ref, "w")
            """)
        let names = try s.run("keys(parameters(seq))")
        guard case .list(let l)? = names else { Issue.record("no names"); return }
        #expect(l.items.map { Printer.plain($0) } == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        // The prebuilt MLP's names carry its `main.` prefix; a model around the sequential reads its weight files.
        try s.run("let wrapped = load_weights(model({main: seq, forward: fn (self, x) { return self.main(x) }}), \"w\")")
        try s.run("let x = randn([3, 4])")
        #expect(try s.tensor("wrapped(x)").scalars == (try s.tensor("ref(x)")).scalars)
    }

    @Test("optimisers over models, lists and records of models, and param tensors")
    func optimisersOverAnything() throws {
        let s = Session()
        try s.run("""
            let g = pggan_generator(res: 8, z_dim: 4, divide: 64)
            let d = pggan_discriminator(res: 8, divide: 64)
            let both = adam([g, d], lr: 0.01)
            let named = adam({g: g, d: d})
            let w1 = param(tensor([3, -1]))
            let w2 = param(tensor([[2]]))
            let opt = adam([w1, w2], lr: 0.1)
            """)
        #expect(try s.run("both.names[0]").map(Printer.plain) == "0.layer0.weight")
        #expect(try s.run("named.names[-1]").map(Printer.plain) == "d.layer4.bias")
        let before = try s.tensor("parameters(d)[\"layer0.weight\"]")
        try s.run("step(both, mean(d(g(randn([2, 4])))))")
        #expect(try s.tensor("parameters(d)[\"layer0.weight\"]").scalars != before.scalars)
        var losses: [Double] = []
        for _ in 0..<50 { losses.append(try s.number("step(opt, sum(w1 ** 2) + sum(w2 ** 2))")) }
        #expect(losses.last! < losses.first! / 10)
        #expect(try s.tensor("w1.value").scalars.allSatisfy { Swift.abs($0) < 1 })
        // The same parameter twice, a plain tensor, or nothing trainable: clear errors.
        for (source, message) in [("adam([w1, w1])", "same tensor"), ("adam([randn([2])])", "a plain tensor is a value"),
                                  ("adam([])", "nothing trainable"), ("sgd(buffer(1), lr: 1)", "buffer")] {
            do {
                try s.run(source)
                Issue.record("no error from \(source)")
            } catch let e as SpecError {
                #expect(e.message.contains(message), "\(source): \(e.message)")
            }
        }
    }

    @Test("a user model works with freeze, ema, save/load_weights and checkpoints; bad weights list every problem")
    func userModelEverywhere() throws {
        let s = Session()
        try s.run("""
            let make = fn () { return model({lin: linear(3, 2), scale: param(ones([2])), n: buffer(0),
                                             forward: fn (self, x) { return self.lin(x) * self.scale }}) }
            let m = make()
            let avg = copy_model(m)
            let opt = adam(m, lr: 0.1)
            step(opt, sum(m(ones([1, 3]))))
            ema(avg, m, beta: 0.5)
            save_weights(m, "w")
            save_checkpoint("c.safetensors", {m: m, opt: opt})
            let other = make()
            let other_opt = adam(other, lr: 0.1)
            load_checkpoint("c.safetensors", {m: other, opt: other_opt})
            """)
        #expect(try s.tensor("other(ones([2, 3]))").scalars == (try s.tensor("m(ones([2, 3]))")).scalars)
        #expect(try s.number("other_opt.steps") == 1)
        #expect(try s.run("freeze(m).frozen").map(Printer.plain) == "true")
        #expect(try s.run("load_weights(make(), \"w\").scale").map { Printer.summary($0) }?.contains("parameter") == true)
        do {
            try s.run("load_weights(model({lin: linear(3, 4), extra: param(1), forward: fn (self, x) { return x }}), \"w\")")
            Issue.record("no error")
        } catch let e as SpecError {
            #expect(e.message.contains("missing extra") && e.message.contains("lin.weight is (4, 3), the file (2, 3)")
                    && e.message.contains("not in the model: n, scale"), "\(e.message)")
        }
    }

    @Test("a forward that returns a non-tensor, a model without forward, reserved names: clear errors with places")
    func modelErrors() throws {
        for (source, message) in [
            ("model({forward: fn (self, x) { return 1 }})(ones([1]))", "returned a number, not a tensor"),
            ("model({lin: linear(1, 1)})(ones([1, 1]))", "no forward function"),
            ("model({layers: linear(1, 1)})", "field every model has"),
            ("model({mixed: [linear(1, 1), 3]})", "mixes models or parameters with other values"),
            ("sequential([linear(2, 3), 4])", "item 1 of 'layers' must be a layer"),
        ] {
            guard let e = failure(source) else { continue }
            #expect(e.message.contains(message), "\(source): \(e.message)")
            #expect(e.span != nil, "\(source): no place")
        }
    }
}
