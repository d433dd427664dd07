import Foundation
import Testing
import SpecMedia
import SpecSyntax
import SpecTensor
@testable import SpecLang

@Suite("Testbed builtins: runs, run folders, resumption, interruption, data sets")
struct TestbedBuiltinTests {
    static func run(_ session: Session, _ name: String = "run") throws -> TestbedRun {
        guard case .object(let o)? = session.interpreter.lookup(name), let run = o as? TestbedRun else { throw SpecError(.type, "no run bound to \(name)") }
        return run
    }

    @Test("a discriminator testbed with a spectral discriminator: history values, files, manifest, progress")
    func discriminatorRun() throws {
        let s = Session()
        var reported: [URL] = []
        s.interpreter.onFileWritten = { reported.append($0.url) }
        let source = """
            let data = toyset(res: 16, count: 4)
            let d = pggan_discriminator(res: 16, divide: 16, down: "blurpool", classes: 4)
            let run = discriminator_testbed(d, data, steps: 4, eval_every: 2, save_every: 2, print_every: 2, batch: 4, spectral: true)
            """
        try s.run(source)
        #expect(s.lines.filter { $0.hasPrefix("discriminator_testbed step") }.count == 2)
        #expect(s.lines.contains { $0.hasPrefix("discriminator_testbed: step 4, 4 steps in") && $0.contains("spectrum error at step 4") })
        #expect(try s.number("len(run.steps)") == 3)
        #expect(try s.tensor("run.error").shape == [3, 11] && (try s.tensor("run.spectra")).shape == [3, 12])
        #expect(try s.tensor("run.psnr").shape == [3] && (try s.tensor("run.samples[2]")).shape == [4, 3, 16, 16])
        #expect(try s.tensor("run.losses.r1").shape == [4] && (try s.tensor("run.losses.step")).scalars == [1, 2, 3, 4])
        #expect(try s.number("run.step") == 4 && (try s.number("run.real.count")) == 4)
        guard case .string(let kind)? = try s.run("run.spectral.kind"), case .bool(false)? = try s.run("run.interrupted") else {
            Issue.record("spectral model and interrupted flag"); return
        }
        #expect(kind == "spectral_discriminator")
        // The script's own discriminator is the one trained.
        #expect(try s.tensor("parameters(d)[\"layer0.weight\"]").scalars == (try s.tensor("parameters(run.discriminator)[\"layer0.weight\"]")).scalars)

        let dir = try Self.run(s).folder.url
        for file in ["config.json", "manifest.json", "data.npy", "training_data.png", "losses.jsonl", "losses.csv", "metrics.jsonl",
                     "metrics.csv", "checkpoint.safetensors", "checkpoints/step_00000002.safetensors", "checkpoints/step_00000004.safetensors",
                     "spectra/real.npy", "spectra/spectrum_00000004.npy", "samples/samples_00000002.png", "samples/samples_00000002.npy",
                     "plots/spectrum_00000000.png", "plots/spectrum_error.png", "plots/losses.png"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), "\(file) is missing")
            #expect(reported.contains(dir.appendingPathComponent(file)), "\(file) was not reported")
        }
        #expect(try String(contentsOf: dir.appendingPathComponent("losses.csv"), encoding: .utf8).hasPrefix("step,d_loss,r1,g_loss\n1,"))
        let manifest = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: dir.appendingPathComponent("manifest.json")))
        guard case .array(let sessions)? = manifest["sessions"], let session = sessions.first else { Issue.record("no session"); return }
        #expect(session["script_sha256"] == .string(ScriptHash.hex(source.utf8)))
        #expect(ScriptHash.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(session["to_step"] == .number(4) && session["threads"] != nil && session["ms_per_step"] != nil)
        let config = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: dir.appendingPathComponent("config.json")))
        #expect(config["models"]?["spectral"]?["kind"] == .string("spectral_discriminator"))
        #expect(config["discriminator_testbed"]?["lr_g"] == .number(0.01) && config["discriminator_testbed"]?["r1"] == .number(10))
    }

    @Test("a generator testbed with a weighted loss trains and records its latents")
    func generatorRun() throws {
        let s = Session()
        try s.run("""
            let g = pggan_generator(res: 8, z_dim: 4, divide: 64, up: "bilinear")
            let run = generator_testbed(g, toyset(res: 8, count: 3), steps: 6, eval_every: 3, batch: 2, lr: 0.01, loss: {mse: 1, spectrum: 0.1}, out: "gen")
            """)
        let losses = try s.tensor("run.losses.loss")
        #expect(losses.count == 6 && losses.scalars.allSatisfy { $0.isFinite })
        #expect(try s.number("len(run.steps)") == 3)
        let dir = try Self.run(s).folder.url
        #expect(dir.lastPathComponent == "gen" && FileManager.default.fileExists(atPath: dir.appendingPathComponent("latents.npy").path))
        guard case .string(let loss)? = try s.run("run.config.generator_testbed.loss.terms[1]") else { Issue.record("loss terms"); return }
        #expect(loss == "spectrum")
    }

    @Test("N iterations equal N/2, resume in a fresh interpreter, N/2 more: checkpoints and losses bit for bit")
    func resumeIsBitExact() throws {
        // 5 images in batches of 3: the data order must resume in the middle of an epoch.
        func script(_ steps: Int, _ out: String) -> String {
            """
            let d = pggan_discriminator(res: 8, divide: 64, down: "avg", classes: 5)
            let run = discriminator_testbed(d, toyset(res: 8, count: 5), steps: \(steps), eval_every: 2, save_every: 2, batch: 3, spectral: true, out: "\(out)")
            """
        }
        let straight = Session(seed: 3), first = Session(seed: 3)
        try straight.run(script(6, "straight"))
        try first.run(script(3, "halves"))
        let dir = try Self.run(first).folder.url
        let second = Session(seed: 99)
        try second.run("let run = resume(\"\(dir.path)\", steps: 6)")
        #expect(try second.number("run.step") == 6)
        let a = try Self.run(straight).folder.url
        #expect(try Data(contentsOf: a.appendingPathComponent("checkpoint.safetensors")) == Data(contentsOf: dir.appendingPathComponent("checkpoint.safetensors")))
        #expect(try String(contentsOf: a.appendingPathComponent("losses.jsonl"), encoding: .utf8)
                == String(contentsOf: dir.appendingPathComponent("losses.jsonl"), encoding: .utf8))
        #expect(try second.tensor("run.losses.step").scalars == [1, 2, 3, 4, 5, 6])
        #expect(try second.tensor("run.error[-1]").scalars == (try straight.tensor("run.error[-1]")).scalars)
        let manifest = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: dir.appendingPathComponent("manifest.json")))
        guard case .array(let sessions)? = manifest["sessions"] else { Issue.record("no sessions"); return }
        #expect(sessions.count == 2 && sessions[1]["from_step"] == .number(3))
    }

    @Test("a Ctrl-C in the middle of a step (spec code) stops the run at the step's end, saved, not with an error")
    func interruptWithinAStep() throws {
        let s = Session()
        let flag = InterruptFlag()
        s.interpreter.interrupts = flag
        var lines: [String] = []
        s.interpreter.output = { line in
            lines.append(line)
            if line == "in the step" { flag.request() }
        }
        let source = """
            let g = pggan_generator(res: 8, z_dim: 4, divide: 64)
            let my_step = fn (tb, batch) {
              print("in the step")
              let loss = mse(tb.g(batch.z), batch.x)
              step(tb.opt, loss)
              return {mse: loss}
            }
            let run = generator_testbed(g, toyset(res: 8, count: 2), steps: 5, batch: 2, step: my_step)
            """
        try s.run(source)
        let run = try Self.run(s)
        #expect(run.interrupted && run.testbed.iteration == 1, "stopped at \(run.testbed.iteration)")
        #expect(lines.contains { $0.hasPrefix("interrupted at step 1 of 5: the run is saved in") }, "\(lines)")
        let folder = s.folder.appendingPathComponent("generator_testbed")
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"to_step\" : 1"), "the run stopped after its first step: \(manifest)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("checkpoint.safetensors").path))
    }

    @Test("a new run never replaces an earlier one in its folder unless overwrite: true says so")
    func runsAreNeverLost() throws {
        let s = Session()
        let call = "generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 2), steps: 1, batch: 2, out: \"g\""
        try s.run("let first = \(call))")
        // A later session (a rerun of the script) writing the same folder gets the next free one, and says so.
        let later = Session()
        later.interpreter.files = s.interpreter.files
        try later.run("let second = \(call))\nlet third = \(call))")
        #expect(try Self.run(later, "second").folder.url.lastPathComponent == "g_2")
        #expect(try Self.run(later, "third").folder.url.lastPathComponent == "g_3")
        #expect(later.lines.contains { $0.hasSuffix("/g holds an earlier run, kept; this run writes to \(s.folder.path)/g_2 (overwrite: true replaces the earlier one)") })
        #expect(FileManager.default.fileExists(atPath: s.folder.appendingPathComponent("g/config.json").path))
        try later.run("let replaced = \(call), overwrite: true)")
        #expect(try Self.run(later, "replaced").folder.url.lastPathComponent == "g")
    }

    @Test("an interrupted run stops at an iteration boundary with its history and checkpoint, and resumes")
    func interruption() throws {
        let s = Session()
        try s.run("let run = generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 2), steps: 0, batch: 2)")
        let run = try Self.run(s)
        try run.train(to: 10, interpreter: s.interpreter, span: nil, stopRequested: { run.testbed.iteration >= 3 })
        #expect(run.interrupted && run.testbed.iteration == 3)
        #expect(s.lines.last?.hasPrefix("interrupted at step 3 of 10: the run is saved in") == true)
        #expect(try s.tensor("run.losses.step").scalars == [1, 2, 3])
        let resumed = Session()
        try resumed.run("let run = resume(\"\(run.folder.url.path)\", steps: 5)")
        #expect(try resumed.tensor("run.losses.step").scalars == [1, 2, 3, 4, 5])
        guard case .bool(false)? = try resumed.run("run.interrupted") else { Issue.record("still interrupted"); return }
    }

    @Test("a NaN loss or parameter stops the run with a message naming the step and the tensor")
    func nonFiniteStops() throws {
        let s = Session()
        do {
            try s.run("let run = generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 2), steps: 50, batch: 2, lr: 1e38)")
            Issue.record("the run did not stop")
        } catch let e as SpecError {
            #expect(e.kind == .runtime && e.message.contains("generator_testbed stopped at step "), "\(e.message)")
            #expect(e.message.contains("the loss 'loss' is") || e.message.contains("of the generator holds"), "\(e.message)")
            #expect(e.span != nil)
        }
    }

    @Test("bad testbed arguments are clear errors")
    func errors() throws {
        let cases: [(String, String)] = [
            ("discriminator_testbed(pggan_discriminator(res: 8, divide: 64), toyset(res: 8, count: 3), steps: 1)", "make it with classes: 3"),
            ("generator_testbed(mlp(input: 2, output: 2), toyset(res: 8, count: 2), steps: 1)", "must map latent codes to images"),
            ("generator_testbed(pggan_generator(res: 16, z_dim: 4, divide: 64), toyset(res: 8, count: 2), steps: 1)", "the generator makes images of shape"),
            ("generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), randn([2, 8, 8]), steps: 1)", "data must be a data set or images"),
            ("generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 2), loss: \"l1\")", "loss must be one of mse, spectrum"),
            ("discriminator_testbed(pggan_discriminator(res: 8, divide: 64, classes: 2), toyset(res: 8, count: 2), spectral: 1)", "'spectral' must be true, false or a spectral_discriminator"),
            ("resume(\"/nonexistent-run\")", "no run"),
        ]
        for (source, message) in cases {
            let s = Session()
            do {
                try s.run(source)
                Issue.record("no error from \(source)")
            } catch let e as SpecError {
                #expect(e.message.contains(message), "\(source): \(e.message)")
            }
        }
    }

    @Test("image folders: PNG files in name order, centre-cropped, resized, subset and high-pass; other formats refused")
    func imageFolders() throws {
        let s = Session()
        let folder = s.folder.appendingPathComponent("imgs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = RandomGenerator(seed: 1)
        let b = Tensor.rand([3, 6, 10], using: &rng, low: -1, high: 1), a = Tensor.rand([3, 6, 10], using: &rng, low: -1, high: 1)
        try savePNG(b, to: folder.appendingPathComponent("b.png").path)
        try savePNG(a, to: folder.appendingPathComponent("a.png").path)
        try "notes".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let images = try s.tensor("let data = image_folder(\"imgs\")\ndata.images")
        #expect(images.shape == [2, 3, 6, 6])
        // a.png comes first; its centre 6×6 square starts at column 2, values are 8-bit levels.
        let level = try PixelImage(tensor: a).samples[(0 * 10 + 2) * 3]
        #expect(images.scalars[0] == (Float(level) / 255 - 0.5) / 0.5)
        #expect(try s.tensor("image_folder(\"imgs\", res: 4, subset: 1).images").shape == [1, 3, 4, 4])
        #expect(try s.tensor("image_folder(\"imgs\", highpass: true).images").scalars == (try s.tensor("highpass(data.images)")).scalars)
        #expect(try s.tensor("load_image(\"imgs/b.png\", res: 12).images").shape == [1, 3, 12, 12])
        guard case .string(let source)? = try s.run("image_folder(\"imgs\", res: 4, subset: 1).source") else { Issue.record("source"); return }
        #expect(source == "image_folder(path: \"imgs\", res: 4, subset: 1)")
        try savePNG(Tensor.zeros([3, 5, 5]), to: folder.appendingPathComponent("c.png").path)
        #expect(throws: SpecError.self) { try s.run("image_folder(\"imgs\")") }
        try "x".write(to: folder.appendingPathComponent("d.jpg"), atomically: true, encoding: .utf8)
        do {
            try s.run("image_folder(\"imgs\", res: 4)")
            Issue.record("a JPEG was accepted")
        } catch let e as SpecError {
            #expect(e.message.contains("d.jpg: spec reads PNG images only"))
        }
    }
}
