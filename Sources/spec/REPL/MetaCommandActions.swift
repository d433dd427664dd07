import Foundation
import SpecLang
import SpecSyntax
import SpecTensor

extension REPLSession {
    /// Carries out a meta-command; false for `:quit`.
    func perform(_ command: MetaCommand) -> Bool {
        switch command {
        case .help: write(Self.helpText)
        case .vars: write(Self.variablesTable(interpreter.bindings))
        case .time(let source): evaluate(source, timed: true)
        case .load(let path): load(path)
        case .cells: listCells()
        case .cell(let selector): runCell(selector)
        case .rerun: rerun()
        case .reset:
            interpreter.reset()
            write("every binding is gone; the random stream restarts from seed \(interpreter.seed)\n")
        case .quit: return false
        }
        return true
    }

    static let helpText = """
        Type spec code and press Enter; each result's summary is printed. An unfinished entry (an open
        bracket or block, a trailing operator) continues on the next line after the '  ... ' prompt.
          :help          this text
          :vars          the session's bindings, with their types and shapes
          :time EXPR     run EXPR and report how long it took
          :load FILE     run a file into the session (cell by cell; it becomes the notebook)
          :cells         the notebook's cells; * marks those changed since they ran
          :cell N        run cell N (or the cell whose title starts with N) from the file's current text
          :rerun         run the cells from the first changed one to the end
          :reset         forget every binding
          :quit          leave (or Ctrl-D)
        Tab completes names, keyword arguments, fields after '.', and paths inside strings.
        Ctrl-C clears the line, or stops a running evaluation with every binding kept.
        Up and down recall earlier entries (kept in ~/.spec_history).
        help() lists the builtins by topic; help(name) explains one, e.g. help(conv2d).

        """

    /// Runs a file into the session cell by cell, with imports relative to it, and makes it the session's notebook.
    func load(_ path: String) {
        let url: URL
        do { url = try interpreter.files.readURL(path, at: nil) } catch {
            report(error)
            return
        }
        let notebook = LoadedNotebook(url: url)
        self.notebook = notebook
        let before = Set(interpreter.bindings.map(\.0))
        guard runCells(from: 0, of: notebook, announce: false) else { return }
        let added = interpreter.bindings.filter { !before.contains($0.0) }.count
        write("loaded \(path): \(added) new binding\(added == 1 ? "" : "s")\n")
    }

    func listCells() {
        guard let notebook = requireNotebook(), let (_, cells) = reading(notebook) else { return }
        let width = String(cells.count).count
        let lines = cells.map { cell in
            let number = String(cell.index + 1)
            return (notebook.isCurrent(cell) ? "  " : "* ") + String(repeating: " ", count: width - number.count) + number + "  " + cell.displayTitle
        }
        write("\(notebook.name):\n" + lines.joined(separator: "\n") + "\n")
    }

    func runCell(_ selector: String) {
        guard let notebook = requireNotebook(), let (file, cells) = reading(notebook) else { return }
        do {
            let cell = try LoadedNotebook.select(selector, among: cells)
            _ = run(cell, of: file, in: notebook)
        } catch {
            report(error)
        }
    }

    func rerun() {
        guard let notebook = requireNotebook(), let (_, cells) = reading(notebook) else { return }
        guard let first = cells.first(where: { !notebook.isCurrent($0) }) else {
            write("every cell of \(notebook.name) ran as it is now; :cell N runs one again\n")
            return
        }
        _ = runCells(from: first.index, of: notebook, announce: true)
    }

    /// Runs the cells from position `start` on, stopping at the first that fails; true when all ran through.
    private func runCells(from start: Int, of notebook: LoadedNotebook, announce: Bool) -> Bool {
        guard let (file, cells) = reading(notebook) else { return false }
        for cell in cells where cell.index >= start {
            guard run(cell, of: file, in: notebook, announce: announce) else { return false }
        }
        return true
    }

    /// Runs one cell at the prompt: its bindings stay, its value's summary is printed, the notebook's `--set`
    /// values apply to its `let`s.
    private func run(_ cell: Cell, of file: SourceFile, in notebook: LoadedNotebook, announce: Bool = true) -> Bool {
        if announce { write("── \(notebook.name) cell \(cell.index + 1): \(cell.displayTitle)\n") }
        let interpreter = self.interpreter
        let (outcome, _) = Self.evaluating { () throws -> Value? in
            let program = try Parser.parseProgram(file, range: cell.span.range)
            interpreter.letOverrides = notebook.overrides
            defer { interpreter.letOverrides = [:] }
            return try interpreter.run(program.statements[...], baseURL: notebook.url.deletingLastPathComponent())
        }
        switch outcome {
        case .success(let value):
            if let value, !Self.isNil(value) { write(Printer.summary(value) + "\n") }
            notebook.recordRun(of: cell, succeeded: true)
            return true
        case .failure(let error):
            notebook.recordRun(of: cell, succeeded: false)
            report(error)
            return false
        }
    }

    private static func isNil(_ v: Value) -> Bool { if case .nil = v { true } else { false } }

    private func requireNotebook() -> LoadedNotebook? {
        if notebook == nil {
            report(SpecError(.value, "no notebook is loaded", notes: [.init("start with spec run FILE.spec -i, or :load FILE.spec")]))
        }
        return notebook
    }

    private func reading(_ notebook: LoadedNotebook) -> (SourceFile, [Cell])? {
        do { return try notebook.read() } catch {
            report(error)
            return nil
        }
    }

    /// One line per binding: name, type, and a tensor's shape or a short rendering of the value.
    static func variablesTable(_ bindings: [(String, Value)]) -> String {
        guard !bindings.isEmpty else { return "no bindings yet\n" }
        let rows = bindings.map { name, value -> (String, String, String) in
            switch value {
            case .tensor(let t): return (name, "tensor", "shape " + t.shape.shapeDescription + (t.requiresGrad ? ", requires grad" : ""))
            default: return (name, value.typeName, clipped(Printer.short(value, depth: 1)))
            }
        }
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let typeWidth = rows.map(\.1.count).max() ?? 0
        return rows.map { name, type, detail in
            name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                + type.padding(toLength: typeWidth + 2, withPad: " ", startingAt: 0) + detail
        }.joined(separator: "\n") + "\n"
    }

    private static func clipped(_ s: String) -> String {
        let line = s.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? s
        return line.count > 60 ? line.prefix(59) + "…" : line
    }
}
