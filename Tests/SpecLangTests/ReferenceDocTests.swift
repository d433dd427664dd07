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
        // Examples may use a few conventional names; bind them first.
        let prelude = "let x = randn([1, 3, 8, 8])\nlet losses = []\nsave_npy(x, \"x.npy\")\n"
        for b in BuiltinRegistry.standard.all {
            let interpreter = Interpreter(files: .script(at: nil, output: folder, allowed: []))
            interpreter.output = { _ in }
            do { try interpreter.run(prelude + b.example, name: b.name) } catch {
                Issue.record("example of \(b.name) failed: \(error)")
            }
        }
    }
}
