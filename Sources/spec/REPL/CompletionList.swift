import SpecLang

/// How the REPL completes and lists: meta-commands at the start of a line, otherwise `Completion` on the
/// unfinished entry; candidates listed in columns.
enum CompletionList {
    /// Completions for `line` at the UTF-8 offset `cursor`, with `pending` the earlier lines of an unfinished
    /// entry (so that a call opened on an earlier line is seen).
    static func complete(line: String, cursor: Int, pending: [String], interpreter: Interpreter, notebook: LoadedNotebook? = nil) -> Completion.Result {
        let before = String(decoding: Array(line.utf8).prefix(max(cursor, 0)), as: UTF8.self)
        guard pending.isEmpty, before.hasPrefix(":") else {
            let context = pending.map { $0 + "\n" }.joined()
            return Completion.complete(line: context + before, interpreter: interpreter)
        }
        guard let space = before.firstIndex(of: " ") else {
            return Completion.Result(prefix: before, candidates: MetaCommand.names.map { ":\($0) " }.filter { $0.hasPrefix(before) })
        }
        let argument = String(before[before.index(after: space)...])
        switch MetaCommand.name(matching: String(before[before.index(after: before.startIndex)..<space])) {
        case "load":
            let quote = argument.hasPrefix("\"") ? "\"" : ""
            let partial = String(argument.dropFirst(quote.count))
            return Completion.Result(prefix: partial, candidates: Completion.paths(completing: partial))
        case "time": return Completion.complete(line: argument, interpreter: interpreter)
        case "cell":
            // Cell numbers and titles, as `:cells` lists them.
            let cells = (try? notebook?.read().cells) ?? []
            let names = cells.map { String($0.index + 1) } + cells.map(\.displayTitle)
            return Completion.Result(prefix: argument, candidates: names.filter { $0.lowercased().hasPrefix(argument.lowercased()) && $0 != argument })
        default: return Completion.Result(prefix: "", candidates: [])
        }
    }

    /// The text a listing shows for each candidate: a path's last component, otherwise the candidate.
    static func shown(_ result: Completion.Result) -> [String] {
        guard let slash = result.prefix.lastIndex(of: "/") else { return result.candidates }
        let folderLength = result.prefix.distance(from: result.prefix.startIndex, to: slash) + 1
        return result.candidates.map { String($0.dropFirst(folderLength)) }
    }

    /// `items` in columns that fit `width`, filled down then across, ending with a newline.
    static func layout(_ items: [String], width: Int) -> String {
        guard let widest = items.map(\.count).max() else { return "" }
        let columnWidth = widest + 2
        let columns = max(1, width / columnWidth)
        let rows = (items.count + columns - 1) / columns
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < items.count else { break }
                let item = items[index]
                let isLast = column == columns - 1 || index + rows >= items.count
                line += isLast ? item : item + String(repeating: " ", count: columnWidth - item.count)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
