import Foundation
import Testing
import SpecLang

@Suite("docs/reference.md")
struct ReferenceDocTests {
    @Test("the committed reference equals the generated one (regenerate: spec reference > docs/reference.md)")
    func referenceIsCurrent() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/reference.md")
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == ReferenceDoc.markdown())
    }

    @Test func everyBuiltinIsDocumented() {
        for b in BuiltinRegistry.standard.all {
            #expect(!b.summary.isEmpty && !b.example.isEmpty, "\(b.name) lacks a summary or example")
            for p in b.parameters { #expect(!p.doc.isEmpty, "\(b.name).\(p.name) has no description") }
        }
    }

    @Test("every example in the reference runs")
    func examplesRun() throws {
        let folder = URL(fileURLWithPath: FileManagerHelper.temporaryFolder())
        try Self.makeSweep(in: folder.appendingPathComponent("sweeps/toy"))
        // Examples may use a few conventional names; bind them first (and the sweep above is sweeps/toy).
        let prelude = "let x = randn([1, 3, 8, 8])\nlet losses = []\nsave_npy(x, \"x.npy\")\n"
        for b in BuiltinRegistry.standard.all {
            let interpreter = Interpreter(files: .script(at: nil, output: folder, allowed: []))
            interpreter.output = { _ in }
            do { try interpreter.run(prelude + b.example, name: b.name) } catch {
                Issue.record("example of \(b.name) failed: \(error)")
            }
        }
    }

    /// A finished sweep as `spec sweep` leaves one (2 modes × 2 seeds of a tiny discriminator testbed), for the
    /// examples of load_sweep and plot_sweep.
    static func makeSweep(in folder: URL) throws {
        let plan = SweepPlan(script: folder.appendingPathComponent("nb.spec"), scriptHash: "", grid: [try SweepPlan.axis("down=avg,stride")],
                             seeds: [0, 1], folder: folder, executable: "spec")
        try plan.save(to: folder)
        for task in plan.tasks {
            let interpreter = Interpreter(seed: task.seed, files: .script(at: nil, output: folder.appendingPathComponent(task.folder), allowed: []))
            interpreter.output = { _ in }
            let down = task.settings[0].split(separator: "=")[1]
            try interpreter.run("""
                let d = pggan_discriminator(res: 8, divide: 64, down: "\(down)", classes: 2)
                discriminator_testbed(d, toyset(res: 8, count: 2, seed: 0), steps: 2, eval_every: 1, batch: 2, out: "disc")
                """)
            try TaskStatus(state: .completed, exitCode: 0, host: "test", started: "", log: TaskStatus.log(task)).save(task.index, in: folder)
        }
    }
}
