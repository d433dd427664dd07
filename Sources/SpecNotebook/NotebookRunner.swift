import Foundation
import SpecLang
import SpecSyntax
import SpecTensor

/// What one cell of a notebook did: its source, what it printed, the files it wrote, and how it ended.
public struct CellRecord: Sendable {
    public let index: Int
    public let title: String
    public let source: String
    public internal(set) var output: [String] = []
    public internal(set) var files: [URL] = []
    /// The error that stopped the cell, formatted with its place (nil when the cell ran through).
    public internal(set) var error: String?
    public internal(set) var seconds: Double = 0
}

/// A notebook run: the manifest facts and the cells in order.
public struct NotebookRecord: Sendable {
    public let scriptName: String
    public let scriptHash: String
    public let seed: UInt64
    public let started: Date
    public let threads: Int
    public internal(set) var cells: [CellRecord] = []
    public var seconds: Double { cells.reduce(0) { $0 + $1.seconds } }
    public var failed: Bool { cells.contains { $0.error != nil } }
}

/// Runs a program cell by cell (cells split at `#%%` lines), recording each cell's printed lines and written
/// files. A cell that fails ends the run: later cells depend on earlier ones.
public enum NotebookRunner {
    /// `echo` receives every printed line as it happens (the terminal), and `onError` the error that stops the
    /// run, besides the record.
    public static func run(_ program: Program, interpreter: Interpreter, baseURL: URL?, seed: UInt64,
                           echo: @escaping (String) -> Void, onError: (Error) -> Void = { _ in }) -> NotebookRecord {
        let file = program.file
        var record = NotebookRecord(scriptName: file.name, scriptHash: ScriptHash.hex(file.text.utf8), seed: seed,
                                    started: Date(), threads: Parallel.threads)
        let collector = CellCollector()
        let previousOutput = interpreter.output, previousFiles = interpreter.onFileWritten
        interpreter.output = { line in collector.lines.append(line); echo(line) }
        interpreter.onFileWritten = { url in collector.files.append(url) }
        defer { interpreter.output = previousOutput; interpreter.onFileWritten = previousFiles }
        for cell in program.cells {
            let statements = program.statements(in: cell)
            let source = String(decoding: file.utf8[cell.body.range], as: UTF8.self).trimmingCharacters(in: .newlines)
            if statements.isEmpty && source.allSatisfy(\.isWhitespace) && cell.title.isEmpty { continue }
            var cellRecord = CellRecord(index: cell.index, title: cell.title, source: source)
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
            cellRecord.output = collector.lines
            cellRecord.files = collector.files
            record.cells.append(cellRecord)
            if cellRecord.error != nil { break }
        }
        return record
    }

    private static func isNil(_ v: Value) -> Bool { if case .nil = v { return true } else { return false } }
}

/// Gathers one cell's printed lines and written files (the interpreter's hooks write here).
private final class CellCollector: @unchecked Sendable {
    var lines: [String] = []
    var files: [URL] = []
    func reset() { lines = []; files = [] }
}
