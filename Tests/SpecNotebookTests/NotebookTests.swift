import Foundation
import Testing
import SpecLang
import SpecNotebook
import SpecSyntax

@Suite("Notebooks: cells and reports")
struct NotebookTests {
    static let script = """
    #%% Setup
    seed(1)
    let x = randn([2, 3])
    print("shape", x.shape)
    #%% Save <things> & more
    save_npy(x, "x.npy")
    save_png(rand([3, 4, 4], low: -1, high: 1), "figure.png")
    x.count
    #%% Broken
    print(undefined_name)
    #%% Never runs
    print("unreachable")
    """

    func runNotebook(_ folder: URL) throws -> NotebookRecord {
        let file = SourceFile(name: "exp.spec", text: Self.script)
        let program = try Parser.parseProgram(file)
        let interpreter = Interpreter(seed: 1, files: .script(at: nil, output: folder, allowed: []))
        var echoed: [String] = []
        let record = NotebookRunner.run(program, interpreter: interpreter, baseURL: nil, seed: 1) { echoed.append($0) }
        #expect(echoed.contains("shape [2, 3]"))
        return record
    }

    @Test func cellsRecordOutputFilesAndTheFirstError() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "spec-notebook-\(UUID().uuidString)")
        let record = try runNotebook(folder)
        #expect(record.cells.map(\.title) == ["Setup", "Save <things> & more", "Broken"])
        #expect(record.cells[0].output == ["shape [2, 3]"])
        #expect(record.cells[1].files.map(\.lastPathComponent) == ["x.npy", "figure.png"])
        #expect(record.cells[1].output == ["6"])  // the cell's final value
        #expect(record.cells[2].error?.contains("exp.spec:10:7: name error: unknown name 'undefined_name'") == true)
        #expect(record.failed)
        #expect(record.scriptHash.count == 64)
    }

    @Test func theManifestKeepsEveryRunWithItsSettings() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "spec-notebook-\(UUID().uuidString)")
        let program = try Parser.parseProgram(SourceFile(name: "exp.spec", text: "let steps = 2\nprint(steps)"))
        for overrides in [["steps=5"], []] {
            let interpreter = Interpreter(seed: 3, files: .script(at: nil, output: folder, allowed: []))
            let record = NotebookRunner.run(program, interpreter: interpreter, baseURL: nil, seed: 3, overrides: overrides) { _ in }
            try NotebookManifest.append(record, in: folder)
        }
        let runs = try NotebookManifest.append(NotebookRunner.run(program, interpreter: Interpreter(), baseURL: nil, seed: 0) { _ in }, in: folder)
        #expect(runs.count == 3)
        #expect(runs.map(\.overrides) == [["steps=5"], [], []] && runs.map(\.seed) == [3, 3, 0])
        #expect(runs.allSatisfy { $0.specVersion == SpecVersion.current && $0.status == "completed" && $0.scriptHash.count == 64 })
        let text = try String(contentsOf: folder.appendingPathComponent("notebook.json"), encoding: .utf8)
        #expect(text.contains("\"spec_version\"") && text.contains("\"overrides\""))
    }

    @Test func htmlReportIsSelfContainedAndEscaped() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "spec-notebook-\(UUID().uuidString)")
        let record = try runNotebook(folder)
        let html = ReportWriter.html(record)
        #expect(html.contains("<h2>Save &lt;things&gt; &amp; more"))
        #expect(html.contains("<pre class=\"output\">shape [2, 3]</pre>"))
        #expect(html.contains("class=\"error\""))
        #expect(html.contains("script SHA-256"))
        #expect(!html.contains("Never runs"))
        #expect(html.contains("<img src=\"data:image/png;base64,"))
    }

    @Test func markdownReportLinksCopiedImages() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "spec-notebook-\(UUID().uuidString)")
        let record = try runNotebook(folder)
        // An image written by a cell is copied beside the report and linked relatively.
        let report = folder.appendingPathComponent("report.md")
        try ReportWriter.write(record, to: report)
        let text = try String(contentsOf: report, encoding: .utf8)
        #expect(text.contains("![figure.png](report.files/figure.png)"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.files/figure.png").path))
        #expect(throws: ReportError.self) { try ReportWriter.write(record, to: folder.appendingPathComponent("report.txt")) }
    }
}
