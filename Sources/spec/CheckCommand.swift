import ArgumentParser
import Foundation
import SpecLang
import SpecSyntax

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Parse a script and resolve its names without running it.")

    @ArgumentParser.Argument(help: "The script.") var file: String

    func run() throws {
        let errors = ScriptRunner.onLargeStack { () -> [Error] in
            do {
                let script = try ScriptRunner.read(file)
                let program = try Parser.parseProgram(SourceFile(name: script.name, text: script.text))
                let base = script.url?.deletingLastPathComponent() ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                var visited = Set<String>()
                let imported = try importedNames(program, base: base, visited: &visited)
                return Resolver.unresolvedNames(in: program, imported: imported)
            } catch {
                return [error]
            }
        }
        errors.forEach(ScriptRunner.report)
        if !errors.isEmpty { throw ExitCode(1) }
        print("\(file): ok")
    }

    /// Top-level names that the script's imports (and theirs) define.
    private func importedNames(_ program: Program, base: URL, visited: inout Set<String>) throws -> Set<String> {
        var names = Set<String>()
        for stmt in program.statements {
            guard case .import(let path) = stmt.kind else { continue }
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
            guard visited.insert(url.path).inserted else { continue }
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw SpecError(.io, "cannot import \(path): \(error.localizedDescription)", at: stmt.span)
            }
            let other = try Parser.parseProgram(SourceFile(name: url.path, text: text))
            for s in other.statements {
                if case .let(let n, _) = s.kind { names.insert(n.name) }
                if case .function(let n, _) = s.kind { names.insert(n.name) }
            }
            names.formUnion(try importedNames(other, base: url.deletingLastPathComponent(), visited: &visited))
        }
        return names
    }
}
