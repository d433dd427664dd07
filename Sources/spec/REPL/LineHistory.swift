import CEditLine
import Foundation

/// libedit's history of entries, kept in a file in libedit's format (`_HiStOrY_V2_`, one entry a line with
/// newlines escaped, so a multi-line entry stays one entry).
final class LineHistory {
    let handle: OpaquePointer
    private var event = HistEvent()
    /// Where entries are saved after each one; nil keeps them in memory only.
    let file: String?

    static let capacity: Int32 = 1000

    /// `~/.spec_history`, from `$HOME`.
    static var defaultFile: String? {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home.isEmpty ? nil : (home as NSString).appendingPathComponent(".spec_history")
    }

    init(file: String?) throws {
        guard let handle = history_init() else { throw REPLError("cannot create the line history") }
        self.handle = handle
        self.file = file
        _ = spec_history_set_size(handle, &event, Self.capacity)
        _ = spec_history_set_unique(handle, &event, 1)
        if let file, FileManager.default.fileExists(atPath: file) {
            _ = spec_history_load(handle, &event, file)
        }
    }

    deinit { history_end(handle) }

    /// Adds an entry and saves the file, so that a session killed later still keeps it.
    func add(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        _ = spec_history_enter(handle, &event, entry)
        if let file { _ = spec_history_save(handle, &event, file) }
    }
}

/// A failure to start the REPL.
struct REPLError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
