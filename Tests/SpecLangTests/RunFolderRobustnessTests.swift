import Foundation
import Testing
import SpecGAN
import SpecLang
import SpecSyntax

/// Run folders edited, torn or left behind by a kill: resuming checks what it reads, names the file and the key,
/// drops a torn last log line, cleans up temporary files, and continues exactly where an uninterrupted run would be.
struct RunFolderRobustnessTests {
    static func script(_ steps: Int, out: String = "r") -> String {
        "let run = generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 3), steps: \(steps), eval_every: 2, save_every: 2, batch: 2, out: \"\(out)\")"
    }

    static func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in ["losses.jsonl", "metrics.jsonl", "losses.csv", "metrics.csv", "checkpoint.safetensors"] {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test("a resumed run's logs and checkpoint are an uninterrupted run's: split at an odd step, and after a kill before any later checkpoint")
    func identicalLogs() throws {
        let straight = Session(seed: 4)
        try straight.run(Self.script(6))
        let split = Session(seed: 4)
        try split.run(Self.script(3))
        let dir = split.folder.appendingPathComponent("r")
        try split.run("let again = resume(\"\(dir.path)\", steps: 6)")
        let expected = try Self.files(straight.folder.appendingPathComponent("r"))
        for (name, data) in try Self.files(dir) { #expect(data == expected[name], "\(name) differs after a split at step 3") }

        // A kill before any checkpoint after the start: the folder holds the starting checkpoint and later log lines.
        let killed = Session(seed: 4)
        try killed.run(Self.script(0, out: "k"))
        let k = killed.folder.appendingPathComponent("k")
        let start = try Data(contentsOf: k.appendingPathComponent("checkpoint.safetensors"))
        try killed.run("resume(\"\(k.path)\", steps: 3)")
        try start.write(to: k.appendingPathComponent("checkpoint.safetensors"))
        try FileManager.default.removeItem(at: k.appendingPathComponent("checkpoints"))
        try killed.run("resume(\"\(k.path)\", steps: 6)")
        for (name, data) in try Self.files(k) { #expect(data == expected[name], "\(name) differs after a resume from the start") }
    }

    @Test("edited configurations and checkpoints are refused with the file and the key; a torn last line is dropped; leftovers are removed")
    func damage() throws {
        let s = Session()
        try s.run(Self.script(2))
        let dir = s.folder.appendingPathComponent("r")
        let config = dir.appendingPathComponent("config.json")
        let original = try String(contentsOf: config, encoding: .utf8)
        try original.replacingOccurrences(of: "\"eval_every\" : 2", with: "\"eval_every\" : 0").write(to: config, atomically: true, encoding: .utf8)
        do {
            try s.run("resume(\"\(dir.path)\", steps: 4)")
            Issue.record("eval_every 0 was accepted")
        } catch let e as SpecError {
            #expect(e.message.contains("config.json") && e.message.contains("'eval_every'"), "\(e.message)")
        }
        try original.write(to: config, atomically: true, encoding: .utf8)

        // A checkpoint claiming step 2^62.
        let checkpoint = dir.appendingPathComponent("checkpoint.safetensors")
        let good = try Data(contentsOf: checkpoint)
        var contents = try SafeTensors.read(from: checkpoint)
        contents.metadata["step"] = String(1 << 62)
        try SafeTensors.write(contents, to: checkpoint)
        do {
            try s.run("resume(\"\(dir.path)\", steps: 4)")
            Issue.record("a checkpoint at step 2^62 was accepted")
        } catch let e as SpecError {
            #expect(e.message.contains("losses.jsonl ends at step 2"), "\(e.message)")
        }
        try good.write(to: checkpoint)

        // A torn last line, and temporary files of killed writes.
        let losses = dir.appendingPathComponent("losses.jsonl")
        try (try String(contentsOf: losses, encoding: .utf8) + "{\"loss\":0.12").write(to: losses, atomically: true, encoding: .utf8)
        let leftovers = [dir.appendingPathComponent(".checkpoint.safetensors.123.456.tmp"), dir.appendingPathComponent("samples/.dat.nosync1a2b")]
        for url in leftovers { try Data([1, 2, 3]).write(to: url) }
        s.lines.removeAll()
        try s.run("let r = resume(\"\(dir.path)\", steps: 4)")
        #expect(try s.number("r.step") == 4)
        #expect(s.lines.contains { $0.contains("torn") && $0.contains("losses.jsonl") }, "\(s.lines)")
        for url in leftovers { #expect(!FileManager.default.fileExists(atPath: url.path), "\(url.lastPathComponent) was left") }
    }

    @Test("data holding NaN are refused up front, naming the cause")
    func nanData() throws {
        guard let e = failure("discriminator_testbed(pggan_discriminator(res: 8, divide: 64, classes: 2), zeros([2, 3, 8, 8]) / 0, steps: 1)") else { return }
        #expect(e.message.contains("NaN"), "\(e.message)")
    }
}
