import Foundation
import Testing
import SpecLang
import SpecSyntax
import SpecTensor
import SpecTestSupport

/// The StyleGAN2 builtins in scripts and in both testbeds.
struct StyleGANBuiltinTests {
    @Test("stylegan2 models from the builtins: shapes, noise modes, clear errors for sizes they cannot take")
    func builtins() throws {
        let s = Session()
        try s.run("""
            let g = stylegan2_generator(res: 8, z_dim: 8, divide: 64)
            let z = randn([2, 8])
            let d = stylegan2_discriminator(res: 8, divide: 64, classes: 3)
            """)
        #expect(try s.tensor("g(z)").shape == [2, 3, 8, 8])
        #expect(try s.tensor("g(z, noise: \"const\")").scalars == (try s.tensor("g(z, noise: \"const\")")).scalars)
        // With the reference's weights (noise strengths 0.1–0.3; they start at 0), random noise is drawn afresh.
        try s.run("let ref = load_weights(stylegan2_generator(res: 16, z_dim: 64, divide: 8), \"\(ReferenceCase.styleGANRoot.path)/sg2_gen_r16/params\")")
        #expect(try s.tensor("ref(randn([1, 64]))").shape == [1, 3, 16, 16])
        try s.run("let z64 = randn([1, 64])")
        #expect(try s.tensor("ref(z64)").scalars != (try s.tensor("ref(z64)")).scalars, "random noise is drawn afresh")
        #expect(try s.tensor("d(randn([3, 3, 8, 8]), [0, 1, 2])").shape == [3, 1])
        #expect(try s.run("g.kind").map(Printer.plain) == "stylegan2_generator")
        for (source, message) in [
            ("stylegan2_generator(res: 12)", "power of two"), ("stylegan2_generator(res: 2)", "power of two"),
            ("stylegan2_discriminator(res: 4)", "power of two ≥ 8"), ("stylegan2_generator(res: 8, divide: 3)", "divisible"),
            ("stylegan2_generator(res: 8, z_dim: 0)", "'z_dim' must be at least 1"),
            ("stylegan3_generator(res: 8)", "power of two ≥ 16"), ("stylegan3_generator(res: 24)", "power of two ≥ 16"),
            ("stylegan2_discriminator(res: 8, classes: 3)(randn([1, 3, 8, 8]), [3])", "class 3 is out of range for 3 classes"),
            ("stylegan2_generator(res: 8, z_dim: 4, divide: 64)(randn([1, 4]), noise: [randn([1, 1, 4, 4])])", "fewer noise draws"),
            ("stylegan2_generator(res: 8, z_dim: 4, divide: 64)(randn([1, 4]), noise: \"fixed\")", "'noise' must be one of"),
        ] {
            guard let e = failure(source) else { continue }
            #expect(e.message.contains(message), "\(source): \(e.message)")
        }
    }

    @Test("the generator testbed with the StyleGAN2 generator resumes bit for bit (its noise comes from the run's stream)")
    func generatorTestbedResumes() throws {
        func script(_ steps: Int, _ out: String) -> String {
            "let run = generator_testbed(stylegan2_generator(res: 8, z_dim: 8, divide: 64), toyset(res: 8, count: 3), steps: \(steps), eval_every: 2, save_every: 2, batch: 2, out: \"\(out)\")"
        }
        let straight = Session(seed: 5), first = Session(seed: 5)
        try straight.run(script(4, "straight"))
        try first.run(script(2, "halves"))
        let second = Session(seed: 77)
        try second.run("let run = resume(\"\(first.folder.appendingPathComponent("halves").path)\", steps: 4)")
        for file in ["checkpoint.safetensors", "losses.jsonl", "metrics.jsonl"] {
            let a = try Data(contentsOf: straight.folder.appendingPathComponent("straight/\(file)"))
            let b = try Data(contentsOf: first.folder.appendingPathComponent("halves/\(file)"))
            #expect(a == b, "\(file) differs")
        }
    }

    @Test("the StyleGAN3 generator: its schedule's names, deterministic images, the generator testbed")
    func styleGAN3() throws {
        let s = Session()
        try s.run("""
            let g = stylegan3_generator(res: 16, z_dim: 8, divide: 64)
            let z = randn([2, 8])
            let run = generator_testbed(g, toyset(res: 16, count: 2), steps: 2, eval_every: 1, batch: 2)
            """)
        #expect(try s.tensor("g(z)").shape == [2, 3, 16, 16])
        #expect(try s.tensor("g(z)").scalars == (try s.tensor("g(z)")).scalars)
        #expect(try s.tensor("run.losses.loss").scalars.allSatisfy(\.isFinite))
        guard case .list(let names)? = try s.run("keys(parameters(g))") else { Issue.record("no names"); return }
        #expect(names.items.contains { Printer.plain($0) == "synthesis.L14_16_3.weight" }, "\(names.items.prefix(12).map(Printer.plain))")
    }

    @Test("the discriminator testbed with the StyleGAN2 discriminator: one-hot classes, one per image; too few classes is refused")
    func discriminatorTestbed() throws {
        let s = Session()
        try s.run("""
            let data = toyset(res: 8, count: 3)
            let run = discriminator_testbed(stylegan2_discriminator(res: 8, divide: 64, classes: 3), data, steps: 2, eval_every: 1, batch: 3)
            """)
        #expect(try s.tensor("run.losses.d_loss").scalars.allSatisfy(\.isFinite))
        guard let e = failure("discriminator_testbed(stylegan2_discriminator(res: 8, divide: 64), toyset(res: 8, count: 3), steps: 1)") else { return }
        #expect(e.message.contains("knows 1 class") && e.message.contains("classes: 3"), "\(e.message)")
    }
}
