import Foundation
import Testing
import SpecLang
import SpecSyntax
import SpecTensor

/// The file fence of `spec run` with real symbolic links: neither reading nor writing crosses it through a link,
/// whether the link is the named path, a component of it, a member of a folder a loader reads, or the output folder.
struct FenceTests {
    /// A fenced session writing into `base/out`, with `base/outside` beyond the fence (reads are allowed below the
    /// output folder only: the process's current directory is elsewhere).
    final class Fenced {
        let base = URL(fileURLWithPath: FileManagerHelper.temporaryFolder())
        var out: URL { base.appendingPathComponent("out") }
        var outside: URL { base.appendingPathComponent("outside") }
        let interpreter: Interpreter

        init(outputLink: Bool = false) throws {
            let fm = FileManager.default
            try fm.createDirectory(at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
            if outputLink {
                try fm.createSymbolicLink(atPath: base.appendingPathComponent("out").path, withDestinationPath: base.appendingPathComponent("outside").path)
            } else {
                try fm.createDirectory(at: base.appendingPathComponent("out"), withIntermediateDirectories: true)
            }
            interpreter = Interpreter(files: .script(at: nil, output: base.appendingPathComponent("out"), allowed: []))
            interpreter.output = { _ in }
        }

        func link(_ name: String, to target: URL) throws {
            try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent(name).path, withDestinationPath: target.path)
        }

        func refused(_ source: String) -> Bool {
            do { try interpreter.run(source, name: "fence.spec"); return false } catch let e as SpecError {
                return e.message.contains("may not") || e.message.contains("symbolic link")
            } catch { return false }
        }
    }

    @Test("writes through a linked folder, to a linked file, or into an output folder that is a link outside are refused")
    func writes() throws {
        let f = try Fenced()
        try f.link("cache", to: f.outside)
        try Data("keep".utf8).write(to: f.outside.appendingPathComponent("victim.txt"))
        try f.link("victim.txt", to: f.outside.appendingPathComponent("victim.txt"))
        for source in ["save_npy(ones([2]), \"cache/escaped.npy\")", "save_csv({a: [1]}, \"victim.txt\")",
                       "save_png(rand([3, 4, 4]), \"cache/x.png\")", "save_weights(mlp(input: 2, output: 1), \"cache/w\")"] {
            #expect(f.refused(source), "\(source) was not refused")
        }
        #expect(!FileManager.default.fileExists(atPath: f.outside.appendingPathComponent("escaped.npy").path))
        do {
            try f.interpreter.run("save_png(rand([3, 4, 4]), \"\")", name: "fence.spec")
            Issue.record("an empty path was written")
        } catch let e as SpecError { #expect(e.message.contains("needs a name")) }
        #expect(try String(contentsOf: f.outside.appendingPathComponent("victim.txt"), encoding: .utf8) == "keep")
        let linked = try Fenced(outputLink: true)
        #expect(linked.refused("save_csv({a: [1]}, \"table.csv\")"))
        #expect(!FileManager.default.fileExists(atPath: linked.outside.appendingPathComponent("table.csv").path))
    }

    @Test("a folder loader refuses a member that links outside; load_weights refuses a linked weight file")
    func reads() throws {
        let f = try Fenced()
        let imgs = f.out.appendingPathComponent("imgs")
        try FileManager.default.createDirectory(at: imgs, withIntermediateDirectories: true)
        try f.interpreter.run("save_png(rand([3, 4, 4], low: -1), \"imgs/a.png\")\nsave_png(rand([3, 4, 4], low: -1), \"secret.png\")", name: "setup.spec")
        try FileManager.default.moveItem(at: f.out.appendingPathComponent("secret.png"), to: f.outside.appendingPathComponent("secret.png"))
        try FileManager.default.createSymbolicLink(atPath: imgs.appendingPathComponent("b.png").path,
                                                   withDestinationPath: f.outside.appendingPathComponent("secret.png").path)
        #expect(f.refused("image_folder(\"imgs\")"))
        try f.interpreter.run("let m = mlp(input: 2, output: 1, hidden: 0)\nsave_weights(m, \"w\")", name: "setup.spec")
        let weight = f.out.appendingPathComponent("w/main.0.weight.npy")
        try FileManager.default.moveItem(at: weight, to: f.outside.appendingPathComponent("main.0.weight.npy"))
        try FileManager.default.createSymbolicLink(atPath: weight.path, withDestinationPath: f.outside.appendingPathComponent("main.0.weight.npy").path)
        #expect(f.refused("load_weights(m, \"w\")"))
    }

    @Test("a run folder with a link among its files is not continued")
    func runFolderLinks() throws {
        let f = try Fenced()
        try f.interpreter.run("let run = generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), toyset(res: 8, count: 2), steps: 1, batch: 2, out: \"r\")", name: "setup.spec")
        let plots = f.out.appendingPathComponent("r/plots")
        try FileManager.default.removeItem(at: plots)
        try FileManager.default.createSymbolicLink(atPath: plots.path, withDestinationPath: f.outside.path)
        #expect(f.refused("resume(\"r\", steps: 2)"))
    }
}
