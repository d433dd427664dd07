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
