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

    /// Unfenced, relative paths against the current directory (an embedding program's sessions).
    public static var unrestricted: FileAccess { unrestricted(output: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }

    /// Unfenced, with written files under `output` (the prompt: a folder of its own, or a notebook's after `-i`).
    public static func unrestricted(output: URL) -> FileAccess { FileAccess(outputFolder: output, readable: nil, writable: nil) }

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
        guard !path.isEmpty else { throw SpecError(.io, "a file to write needs a name, got an empty path", at: span) }
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

    /// Checks that a file a folder loader is about to open (a member of a folder the script named) may be read:
    /// a member that is a link to outside the fence is refused like a path to there.
    public func checkRead(_ url: URL, at span: SourceSpan?) throws { try check(url, against: readable, verb: "read", at: span) }

    /// `path` with every symbolic link among its components followed, existing or not yet created below a link
    /// (Foundation resolves links only in paths that exist); nil for a loop of links.
    static func resolved(_ url: URL) -> String? {
        var pending = Array(url.standardizedFileURL.pathComponents.dropFirst())
        var result = "/", hops = 0
        while !pending.isEmpty {
            let c = pending.removeFirst()
            if c == "." || c.isEmpty { continue }
            if c == ".." { result = (result as NSString).deletingLastPathComponent; continue }
            let next = (result as NSString).appendingPathComponent(c)
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: next) else { result = next; continue }
            hops += 1
            guard hops <= 40 else { return nil }
            let absolute = target.hasPrefix("/") ? target : (result as NSString).appendingPathComponent(target)
            pending = Array(URL(fileURLWithPath: absolute).pathComponents.dropFirst()) + pending
            result = "/"
        }
        return result
    }

    private static func contains(_ root: String, _ path: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    private func check(_ url: URL, against roots: [URL]?, verb: String, at span: SourceSpan?) throws {
        guard let roots else { return }
        let path = Self.resolved(url)
        // An output folder that is itself a link leads where the link goes, which the fence only trusts for writing
        // when that target is inside the current directory or an allowed folder.
        let trusted = ([URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] + (writable ?? []).dropFirst()).compactMap(Self.resolved)
        let allowed = path.map { path in
            roots.contains { root in
                guard let r = Self.resolved(root) else { return false }
                let isLink = verb == "write" && r != root.standardizedFileURL.path
                return Self.contains(r, path) && (!isLink || trusted.contains { Self.contains($0, r) })
            }
        } ?? false
        guard allowed else {
            throw SpecError(.io, "this script may not \(verb) \(url.path)", at: span,
                            notes: [.init(verb == "read" ? "scripts read below the current directory and their own folder; pass --allow-path DIR to allow more"
                                                         : "scripts write under their output folder (\(outputFolder.path)); pass --allow-path DIR to allow more")])
        }
    }
}
