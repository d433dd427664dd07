import Foundation
import SpecLang
import SpecSyntax

/// The REPL's logic without a terminal: joins lines into entries, runs entries and meta-commands on a
/// large-stack thread, and writes each result's summary or error.
final class REPLSession {
    let interpreter: Interpreter
    /// Lines of an entry that is not finished yet.
    private(set) var pending: [String] = []
    /// Where results and messages go.
    let write: (String) -> Void
    /// Where errors go.
    let writeError: (String) -> Void
    /// Whether errors are coloured.
    let colour: Bool
    private var entries = 0
    /// The notebook whose cells `:cells`, `:cell` and `:rerun` work on.
    var notebook: LoadedNotebook?

    static let prompt = "spec> "
    static let continuationPrompt = "  ... "

    init(interpreter: Interpreter, colour: Bool, write: @escaping (String) -> Void, writeError: @escaping (String) -> Void) {
        self.interpreter = interpreter
        self.colour = colour
        self.write = write
        self.writeError = writeError
    }

    /// What follows a line.
    enum Step: Equatable {
        /// The entry is unfinished: read another line.
        case needsMore
        /// A whole entry (one or more lines, or a meta-command), to record in the history and run.
        case entry(String)
        /// Nothing to run (a blank line).
        case nothing
    }

    /// The prompt for the next line.
    var prompt: String { pending.isEmpty ? Self.prompt : Self.continuationPrompt }

    /// Adds a line to the entry being typed.
    func accept(_ line: String) -> Step {
        if pending.isEmpty {
            if line.allSatisfy(\.isWhitespace) { return .nothing }
            if MetaCommand.isMetaCommand(line) { return .entry(line) }
        }
        pending.append(line)
        let text = pending.joined(separator: "\n")
        if Parser.isIncomplete(text) { return .needsMore }
        pending = []
        return .entry(text)
    }

    /// Drops an unfinished entry (Ctrl-C).
    func cancel() { pending = [] }

    /// Runs an entry; false when the session should end (`:quit`).
    func run(_ entry: String) -> Bool {
        guard MetaCommand.isMetaCommand(entry) else {
            evaluate(entry)
            return true
        }
        switch MetaCommand.parse(entry) {
        case .success(let command): return perform(command)
        case .failure(let error):
            report(error)
            return true
        }
    }

    /// Runs source text as the next entry; prints its value's summary (or the error) and, when `timed`, the time
    /// it took.
    func evaluate(_ source: String, timed: Bool = false) {
        entries += 1
        let name = "<input \(entries)>"
        let interpreter = self.interpreter
        let (outcome, seconds) = Self.evaluating { try interpreter.run(source, name: name) }
        switch outcome {
        case .success(let value?):
            if case .nil = value { break }
            write(Printer.summary(value, interpreter.printOptions) + "\n")
        case .success(nil): break
        case .failure(let error): report(error)
        }
        if timed { write("time: \(Self.duration(seconds))\n") }
    }

    /// Runs `body` on a large-stack thread (deep nesting recurses as in `spec run`). The interrupt flag is
    /// cleared afterwards, so a Ctrl-C that came after the last check does not stop the next entry; one that
    /// came between Enter and the start stops this entry at once, as the user asked.
    static func evaluating<T>(_ body: @escaping () throws -> T) -> (Result<T, Error>, seconds: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = ScriptRunner.onLargeStack { Result { try body() } }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        Interrupt.clear()
        return (outcome, seconds)
    }

    /// Prints an error; an interrupt says where it stopped.
    func report(_ error: Error) {
        guard var e = error as? SpecError else {
            writeError("error: \(error)\n")
            return
        }
        if e.kind == .interrupted { e.message = "stopped by Ctrl-C; the session goes on" }
        writeError(e.formatted(colour: colour) + "\n")
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 1e-3 { return String(format: "%.0f µs", seconds * 1e6) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.2f s", seconds)
    }
}
