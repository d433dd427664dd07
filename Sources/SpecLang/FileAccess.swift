import Foundation
import SpecSyntax

/// Which files a script may read and write. A script run with `spec run` is someone else's code: it writes only
/// under its output folder and reads only below the current directory, its own folder and the folders the user
/// allowed. The interactive REPL is the user's own session and is not fenced.
public struct FileAccess: Sendable {
    /// Folder that relative output paths resolve against (created on first write).
    public var outputFolder: URL
    /// Folders below which reading is allowed; nil means anywhere.
    public var readable: [URL]?
    /// Folders below which writing is allowed; nil means anywhere.
    public var writable: [URL]?

    /// Unfenced, relative paths against the current directory (the REPL).
    public static var unrestricted: FileAccess {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return FileAccess(outputFolder: cwd, readable: nil, writable: nil)
    }

    /// The fence of `spec run`.
    public static func script(at script: URL?, output: URL, allowed: [URL]) -> FileAccess {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let scriptFolder = script.map { [$0.deletingLastPathComponent()] } ?? []
        return FileAccess(outputFolder: output, readable: [cwd, output] + scriptFolder + allowed, writable: [output] + allowed)
    }

    /// Resolves a path to read and checks the fence. A relative path is looked up in the current directory, then
    /// in the output folder, so a script can read back what it wrote.
    public func readURL(_ path: String, at span: SourceSpan?) throws -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        var url = URL(fileURLWithPath: expanded).standardizedFileURL
        if !expanded.hasPrefix("/"), !FileManager.default.fileExists(atPath: url.path) {
            let written = outputFolder.appendingPathComponent(expanded).standardizedFileURL
            if FileManager.default.fileExists(atPath: written.path) { url = written }
        }
        try check(url, against: readable, verb: "read", at: span)
        return url
    }

    /// Resolves a path to write (relative to the output folder), checks the fence and creates its folder.
    public func writeURL(_ path: String, at span: SourceSpan?) throws -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        let url = (expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : outputFolder.appendingPathComponent(expanded)).standardizedFileURL
        try check(url, against: writable, verb: "write", at: span)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw SpecError(.io, "cannot create the folder for \(url.path): \(error.localizedDescription)", at: span)
        }
        return url
    }

    private func check(_ url: URL, against roots: [URL]?, verb: String, at span: SourceSpan?) throws {
        guard let roots else { return }
        let path = url.resolvingSymlinksInPath().path
        let allowed = roots.contains { root in
            let r = root.standardizedFileURL.resolvingSymlinksInPath().path
            return path == r || path.hasPrefix(r.hasSuffix("/") ? r : r + "/")
        }
        guard allowed else {
            throw SpecError(.io, "this script may not \(verb) \(url.path)", at: span,
                            notes: [.init(verb == "read" ? "scripts read below the current directory and their own folder; pass --allow-path DIR to allow more"
                                                         : "scripts write under their output folder (\(outputFolder.path)); pass --allow-path DIR to allow more")])
        }
    }
}
