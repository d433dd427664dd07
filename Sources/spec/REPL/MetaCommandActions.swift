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
          :load FILE     run a file into the session
          :reset         forget every binding
          :quit          leave (or Ctrl-D)
        Tab completes names, keyword arguments, fields after '.', and paths inside strings.
        Ctrl-C clears the line, or stops a running evaluation with every binding kept.
        Up and down recall earlier entries (kept in ~/.spec_history).
        help() lists the builtins by topic; help(name) explains one, e.g. help(conv2d).

        """

    /// Runs a file into the session, with imports relative to it.
    func load(_ path: String) {
        let interpreter = self.interpreter
        let (outcome, _) = Self.evaluating { () throws -> Int in
            let url = try interpreter.files.readURL(path, at: nil)
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw SpecError(.io, "cannot read \(path): \(error.localizedDescription)")
            }
            let before = Set(interpreter.bindings.map(\.0))
            try interpreter.run(text, name: path, url: url)
            return interpreter.bindings.filter { !before.contains($0.0) }.count
        }
        switch outcome {
        case .success(let added): write("loaded \(path): \(added) new binding\(added == 1 ? "" : "s")\n")
        case .failure(let error): report(error)
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
