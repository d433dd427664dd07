import Foundation
import SpecLang
import SpecSyntax
import SpecTensor

/// What one cell of a notebook did: its source, what it printed and wrote (in order), and how it ended.
public struct CellRecord: Sendable {
    public let index: Int
    /// The cell's title, or "Cell N" for an untitled one (`Cell.displayTitle`).
    public let title: String
    public let source: String
    public internal(set) var items: [CellItem] = []
    /// The error that stopped the cell, formatted with its place (nil when the cell ran through).
    public internal(set) var error: String?
    public internal(set) var seconds: Double = 0

    /// Every line the cell printed, a run's progress lines included.
    public var output: [String] {
        items.flatMap { item -> [String] in
            switch item {
            case .text(let lines): lines
            case .run(let run): run.lines
            case .file: []
            }
        }
    }

    /// Every file the cell wrote, a run's files included.
    public var files: [URL] {
        items.flatMap { item -> [URL] in
            switch item {
            case .file(let f): [f.url]
            case .run(let run): run.files.map(\.url)
            case .text: []
            }
        }
    }
}

/// One piece of a cell's output, in the order it happened.
public enum CellItem: Sendable {
    /// Consecutive printed lines.
    case text([String])
    /// A file written (a figure with its caption, or any other file).
    case file(WrittenFile)
    /// A testbed's training session: reports show its summary and fold the rest.
    case run(RunOutput)
}

/// A testbed's training session within a cell: its summary line, then what it printed and wrote.
public struct RunOutput: Sendable {
    public let title: String
    public internal(set) var summary: String
    public internal(set) var lines: [String] = []
    public internal(set) var files: [WrittenFile] = []
}

/// A notebook run: the manifest facts and the cells in order.
public struct NotebookRecord: Sendable {
    public let scriptName: String
    public let scriptHash: String
    public let seed: UInt64
    /// The `--set NAME=VALUE` pairs of the run, as given.
    public let overrides: [String]
    public let specVersion: String
    public let started: Date
    public let threads: Int
    /// The introduction: the comments before the first cell.
    public let introduction: String?
    /// Every run of this notebook in its output folder so far, this one last (`NotebookManifest`).
    public var history: [NotebookManifest.Entry] = []
    public internal(set) var cells: [CellRecord] = []
    public var seconds: Double { cells.reduce(0) { $0 + $1.seconds } }
    public var failed: Bool { cells.contains { $0.error != nil } }
}

/// Runs a program cell by cell (cells split at `#%%` lines), recording each cell's printed lines and written
/// files. A cell that fails ends the run: later cells depend on earlier ones.
public enum NotebookRunner {
    /// `echo` receives every printed line as it happens (the terminal), and `onError` the error that stops the
    /// run, besides the record.
    public static func run(_ program: Program, interpreter: Interpreter, baseURL: URL?, seed: UInt64, overrides: [String] = [],
                           echo: @escaping (String) -> Void, onError: (Error) -> Void = { _ in }) -> NotebookRecord {
        let file = program.file
        var record = NotebookRecord(scriptName: file.name, scriptHash: ScriptHash.hex(file.text.utf8), seed: seed, overrides: overrides,
                                    specVersion: SpecVersion.current, started: Date(), threads: Parallel.threads,
                                    introduction: Cell.introduction(of: file))
        let collector = CellCollector()
        let previous = (interpreter.output, interpreter.onFileWritten, interpreter.onRun)
        interpreter.output = { line in collector.add(line); echo(line) }
        interpreter.onFileWritten = { file in collector.add(file) }
        interpreter.onRun = { event in collector.add(event) }
        defer { (interpreter.output, interpreter.onFileWritten, interpreter.onRun) = previous }
        for cell in program.cells {
            let statements = program.statements(in: cell)
            let source = cell.source
            if statements.isEmpty && source.allSatisfy(\.isWhitespace) && cell.title.isEmpty { continue }
            var cellRecord = CellRecord(index: cell.index, title: cell.displayTitle, source: source)
            collector.reset()
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                if let value = try interpreter.run(statements, baseURL: baseURL), !isNil(value) {
                    interpreter.output(Printer.summary(value, interpreter.printOptions))
                }
            } catch let error as SpecError {
                cellRecord.error = error.formatted()
                onError(error)
            } catch {
                cellRecord.error = "error: \(error)"
                onError(error)
            }
            cellRecord.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            cellRecord.items = collector.finish()
            record.cells.append(cellRecord)
            if cellRecord.error != nil { break }
        }
        return record
    }

    private static func isNil(_ v: Value) -> Bool { if case .nil = v { return true } else { return false } }
}

/// Gathers one cell's output as items (the interpreter's hooks write here): lines join the text before them,
/// and everything between a run's start and end belongs to the run.
private final class CellCollector: @unchecked Sendable {
    private var items: [CellItem] = []
    private var run: RunOutput?

    func reset() {
        items = []
        run = nil
    }

    func add(_ line: String) {
        if run != nil { run?.lines.append(line); return }
        if case .text(let lines)? = items.last {
            items[items.count - 1] = .text(lines + [line])
        } else {
            items.append(.text([line]))
        }
    }

    func add(_ file: WrittenFile) {
        if run != nil { run?.files.append(file) } else { items.append(.file(file)) }
    }

    func add(_ event: RunEvent) {
        switch event {
        case .started(let title):
            closeRun(summary: nil)
            run = RunOutput(title: title, summary: title)
        case .finished(let summary):
            closeRun(summary: summary)
        }
    }

    /// The cell's items; a run still open (its cell stopped inside it) is closed as it stands.
    func finish() -> [CellItem] {
        closeRun(summary: nil)
        return items
    }

    private func closeRun(summary: String?) {
        guard var open = run else { return }
        if let summary { open.summary = summary } else { open.summary += " (did not finish)" }
        // The summary is shown once, as the run's line, not again among its details.
        if open.lines.last == open.summary { open.lines.removeLast() }
        items.append(.run(open))
        run = nil
    }
}
