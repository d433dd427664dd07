import ArgumentParser
import SpecLang
import SpecSyntax

struct HelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "help",
                                                    abstract: "Explain a subcommand, a builtin or a kind of value, or list the builtins.")

    @ArgumentParser.Argument(help: "A subcommand (run, check, …), a builtin's name, or a kind of value (model, run, …).") var name: String?

    /// The subcommands by name.
    static var subcommands: [(name: String, command: any ParsableCommand.Type)] {
        var out: [(name: String, command: any ParsableCommand.Type)] = []
        for command in Spec.configuration.subcommands {
            let config: CommandConfiguration = command.configuration
            if let name = config.commandName { out.append((name, command)) }
        }
        return out
    }

    func run() throws {
        let registry = BuiltinRegistry.standard
        guard let name else { print(Help.overview(registry)); return }
        if let subcommand = Self.subcommands.first(where: { $0.name == name }) {
            print(Spec.helpMessage(for: subcommand.command))
            return
        }
        // A name can be a builtin and a kind of value at once (model): show both.
        let pages = [registry[name].map(Help.page), registry.type(named: name).map(Help.page)].compactMap { $0 }
        guard !pages.isEmpty else {
            let names = Self.subcommands.map(\.name) + registry.names + registry.types.map(\.name)
            let guess = SpecError.Note.didYouMean(name, among: names)
            ScriptRunner.report(SpecError(.name, "no subcommand, builtin or kind of value named '\(name)'", notes: guess.map { [$0] } ?? []))
            throw ExitCode(1)
        }
        print(pages.joined(separator: "\n\n"))
    }
}
