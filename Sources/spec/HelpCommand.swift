import ArgumentParser
import SpecLang
import SpecSyntax

struct HelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "help", abstract: "Explain a builtin, or list them all.")

    @ArgumentParser.Argument(help: "A builtin's name.") var name: String?

    func run() throws {
        let registry = BuiltinRegistry.standard
        guard let name else { print(Help.overview(registry)); return }
        guard let builtin = registry[name] else {
            let guess = SpecError.Note.didYouMean(name, among: registry.names)
            ScriptRunner.report(SpecError(.name, "no builtin named '\(name)'", notes: guess.map { [$0] } ?? []))
            throw ExitCode(1)
        }
        print(Help.page(builtin))
    }
}
