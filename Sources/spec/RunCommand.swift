import ArgumentParser
import Foundation
import SpecLang
import SpecNotebook
import SpecSyntax

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a .spec script.",
        discussion: """
        A script runs cell by cell (cells start at lines beginning with #%%). It writes only under its output folder \
        (default runs/<script name>/) and reads only below the current directory and its own folder, unless \
        --allow-path names more. With --report, a page with each cell's source, printed output and figures follows \
        the run. With -i, the interactive prompt follows (even after an error). Ctrl-C stops the script at its next \
        safe point (a second one ends it at once). Exit status: 0 success, 1 script error, 2 usage.
        """)

    @ArgumentParser.Argument(help: "The script, or - for standard input.") var file: String
    @Option(help: "Seed of every random stream.") var seed: UInt64 = 0
    @Option(help: "Output folder.") var out: String?
    @Option(name: .customLong("set"), parsing: .singleValue, help: "Override a top-level `let NAME = …` of the script (NAME=VALUE, VALUE in spec syntax).")
    var overrides: [String] = []
    @Flag(help: "Testbed calls without resume: continue the run in their folder from its checkpoint (what sweeps use).")
    var resume = false
    @Option(name: .customLong("allow-path"), parsing: .singleValue, help: "Also allow reading and writing below DIR.")
    var allowedPaths: [String] = []
    @Flag(name: .customShort("i"), help: "Then stay in the interactive prompt, with the script's bindings and no file fence.")
    var interactive = false
    @Option(help: "Write a report of the run: OUT.html (one self-contained page) or OUT.md (figures in a folder beside it).")
    var report: String?

    func run() throws {
        let script: (text: String, name: String, url: URL?)
        do { script = try ScriptRunner.read(file) } catch { ScriptRunner.report(error); throw ExitCode(2) }
        let stem = script.url?.deletingPathExtension().lastPathComponent ?? "stdin"
        let output = URL(fileURLWithPath: out ?? "runs/\(stem)")
        let files = FileAccess.script(at: script.url, output: output, allowed: allowedPaths.map { URL(fileURLWithPath: $0) })
        let interpreter = Interpreter(seed: seed, files: files)
        interpreter.resumesRuns = resume
        // Ctrl-C stops the script at its next safe point (with -i, the prompt follows).
        if interactive { Terminal.installInterruptHandler() } else { Terminal.installScriptInterruptHandler() }
        let outcome = ScriptRunner.onLargeStack { () -> (NotebookRecord?, Bool) in
            do {
                let program = try Parser.parseProgram(SourceFile(name: script.name, text: script.text))
                interpreter.letOverrides = try parseOverrides(program)
                var record = NotebookRunner.run(program, interpreter: interpreter, baseURL: script.url?.deletingLastPathComponent(),
                                                seed: seed, overrides: overrides, echo: { Terminal.write($0 + "\n") }, onError: ScriptRunner.report)
                do { record.history = try NotebookManifest.append(record, in: output) } catch { ScriptRunner.report(error) }
                return (record, record.failed)
            } catch {
                ScriptRunner.report(error)
                return (nil, true)
            }
        }
        if let report, let record = outcome.0 {
            do {
                try ReportWriter.write(record, to: URL(fileURLWithPath: report))
                Terminal.write("report: \(report)\n")
            } catch {
                ScriptRunner.report(error)
                throw ExitCode(1)
            }
        }
        if interactive {
            let notebook = script.url.map { LoadedNotebook(url: $0, overrides: interpreter.letOverrides) }
            for cell in outcome.0?.cells ?? [] where cell.error == nil { notebook?.recordRun(index: cell.index, source: cell.source) }
            try REPL(interpreter: interpreter, notebook: notebook, output: output).run()
        }
        if outcome.1 { throw ExitCode(1) }
    }

    /// `--set name=value` pairs, checked against the script's top-level `let`s. VALUE is spec source; a bare word
    /// for a binding the script gives a string (`--set mode=stride` for `let mode = "avg"`) is that string.
    private func parseOverrides(_ program: Program) throws -> [String: Value] {
        let names = Checker.overridableNames(in: program)
        var result: [String: Value] = [:]
        for pair in overrides {
            guard let eq = pair.firstIndex(of: "=") else { throw SpecError(.value, "--set takes NAME=VALUE, got '\(pair)'") }
            let name = String(pair[..<eq]), source = String(pair[pair.index(after: eq)...])
            guard names.contains(name) else {
                let note = SpecError.Note.didYouMean(name, among: Array(names))
                throw SpecError(.name, "--set \(name): the script has no top-level 'let \(name) = …'", notes: note.map { [$0] } ?? [])
            }
            let isWord = source.first.map { $0.isLetter || $0 == "_" } == true && source.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                && !["true", "false", "nil"].contains(source)
            if isWord, Self.holdsString(name, in: program) {
                result[name] = .string(source)
                continue
            }
            do {
                guard let value = try Interpreter().run(source, name: "--set \(name)") else {
                    throw SpecError(.value, "--set \(name): '\(source)' is not a value")
                }
                result[name] = value
            } catch let error as SpecError where isWord && error.kind == .name {
                throw SpecError(.value, "--set \(name)=\(source): '\(source)' is not a value; a string needs quotes: --set '\(name)=\"\(source)\"'")
            }
        }
        return result
    }

    /// Whether the script's top-level `let name = …` gives a string literal.
    private static func holdsString(_ name: String, in program: Program) -> Bool {
        program.statements.contains { stmt in
            guard case let .let(names, value) = stmt.kind, names.count == 1, names[0].name == name, case .string = value.kind else { return false }
            return true
        }
    }
}
