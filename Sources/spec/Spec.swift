import ArgumentParser
import Foundation
import SpecLang
import SpecTensor

@main
struct Spec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spec",
        abstract: "A notebook-style environment for studying the frequency bias of GANs.",
        discussion: "Without a subcommand, spec opens the interactive prompt (or runs a script piped on standard input).",
        version: SpecVersion.current,
        subcommands: [RunCommand.self, CheckCommand.self, SweepCommand.self, HelpCommand.self, ReferenceCommand.self])

    static func main() {
        Allocator.keepFreedBlocksForReuse()
        var arguments = Array(CommandLine.arguments.dropFirst())
        // A script piped on standard input runs like `spec run -`.
        if arguments.isEmpty, isatty(0) == 0 { arguments = ["run", "-"] }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            // Usage errors exit with 2 (the argument parser's own code is 64).
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            exit(withError: ExitCode(2))
        }
    }

    /// No subcommand: the interactive prompt.
    func run() throws {
        try REPL(interpreter: Interpreter()).run()
    }
}
