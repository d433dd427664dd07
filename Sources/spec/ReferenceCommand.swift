import ArgumentParser
import SpecLang

/// Prints docs/reference.md (`spec reference > docs/reference.md`); a test keeps the committed file current.
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reference", abstract: "Print the builtin reference (Markdown).")

    func run() throws { print(ReferenceDoc.markdown(), terminator: "") }
}
