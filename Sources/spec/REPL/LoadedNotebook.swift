import Foundation
import SpecLang
import SpecSyntax

/// The notebook a prompt session ran (`spec run nb.spec -i`, or `:load nb.spec`), so that its cells can run again
/// one at a time from the file's current text: the fix-and-re-run loop of a notebook.
final class LoadedNotebook {
    let url: URL
    /// The `--set` values the notebook was run with; a re-run cell keeps them.
    let overrides: [String: Value]
    /// Per cell position, its source when it last ran through without an error.
    private var ranSource: [Int: String] = [:]

    init(url: URL, overrides: [String: Value] = [:]) {
        self.url = url
        self.overrides = overrides
    }

    var name: String { url.lastPathComponent }

    /// The file as it is now, and its cells.
    func read() throws -> (file: SourceFile, cells: [Cell]) {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw SpecError(.io, "cannot read \(url.path): \(error.localizedDescription)")
        }
        let file = SourceFile(name: url.path, text: text)
        return (file, Cell.split(file))
    }

    func recordRun(of cell: Cell, succeeded: Bool) { ranSource[cell.index] = succeeded ? cell.source : nil }

    func recordRun(index: Int, source: String) { ranSource[index] = source }

    /// Whether the cell ran through with the text it has now.
    func isCurrent(_ cell: Cell) -> Bool { ranSource[cell.index] == cell.source }

    /// The cell that `selector` names: its number (from 1, as `:cells` lists them) or a unique prefix of its title.
    static func select(_ selector: String, among cells: [Cell]) throws -> Cell {
        let listing = SpecError.Note("cells: " + cells.map { "\($0.index + 1) \($0.displayTitle)" }.joined(separator: ", "))
        if let n = Int(selector) {
            guard let cell = cells.first(where: { $0.index + 1 == n }) else {
                throw SpecError(.index, "there is no cell \(n)", notes: [listing])
            }
            return cell
        }
        let wanted = selector.lowercased()
        let matches = cells.filter { $0.displayTitle.lowercased().hasPrefix(wanted) }
        if let exact = matches.first(where: { $0.displayTitle.lowercased() == wanted }) { return exact }
        guard matches.count == 1, let cell = matches.first else {
            throw SpecError(.name, matches.isEmpty ? "no cell's title starts with '\(selector)'" : "'\(selector)' starts the titles of \(matches.count) cells",
                            notes: [listing])
        }
        return cell
    }
}
