import ArgumentParser
import Foundation
import SpecLang
import SpecSyntax

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find what is wrong in a script without running it: unknown names, wrong arguments, bad imports.")

    @ArgumentParser.Argument(help: "The script.") var file: String
    @Option(name: .customLong("set"), parsing: .singleValue, help: "A `--set NAME=VALUE` the script will be run with: NAME must be a top-level `let`.")
    var overrides: [String] = []

    func run() throws {
        let errors = ScriptRunner.onLargeStack { () -> [Error] in
            do {
                let script = try ScriptRunner.read(file)
                let program = try Parser.parseProgram(SourceFile(name: script.name, text: script.text))
                let base = script.url?.deletingLastPathComponent() ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                return Checker.check(program, baseURL: base, overrides: overrides.map { String($0.prefix { $0 != "=" }) })
            } catch {
                return [error]
            }
        }
        errors.forEach(ScriptRunner.report)
        if !errors.isEmpty {
            FileHandle.standardError.write(Data("\(file): \(errors.count) problem\(errors.count == 1 ? "" : "s")\n".utf8))
            throw ExitCode(1)
        }
        print("\(file): ok")
    }
}
