import Foundation
import SpecLang

/// `notebook.json` in a notebook's output folder: every run of the notebook, never only the last, with what
/// makes it reproducible (`--set` values, seed, script hash, spec version) and the run folders it wrote.
public enum NotebookManifest {
    public struct Entry: Codable, Sendable, Equatable {
        public var started: String
        public var seconds: Double
        public var scriptHash: String
        public var seed: UInt64
        public var overrides: [String]
        public var specVersion: String
        public var threads: Int
        public var cellsRun: Int
        public var status: String
        /// The testbed run folders the run wrote (those holding a config.json it wrote).
        public var runFolders: [String]
    }

    struct File: Codable {
        var script: String
        var runs: [Entry]
    }

    public static let fileName = "notebook.json"

    public static func entry(for record: NotebookRecord) -> Entry {
        let folders = record.cells.flatMap(\.files).filter { $0.lastPathComponent == "config.json" }.map { $0.deletingLastPathComponent().path }
        return Entry(started: ISO8601DateFormatter().string(from: record.started), seconds: record.seconds, scriptHash: record.scriptHash,
                     seed: record.seed, overrides: record.overrides, specVersion: record.specVersion, threads: record.threads,
                     cellsRun: record.cells.count, status: record.failed ? "stopped by an error" : "completed",
                     runFolders: Array(NSOrderedSet(array: folders)).compactMap { $0 as? String })
    }

    /// Adds the record's run to the manifest in `folder` (an unreadable manifest is kept aside, not lost) and returns
    /// every run it now lists.
    @discardableResult
    public static func append(_ record: NotebookRecord, in folder: URL) throws -> [Entry] {
        let url = folder.appendingPathComponent(fileName)
        var file = File(script: record.scriptName, runs: [])
        if let data = try? Data(contentsOf: url) {
            if let existing = try? JSONCoding.decoder.decode(File.self, from: data) {
                file.runs = existing.runs
            } else {
                try? FileManager.default.moveItem(at: url, to: folder.appendingPathComponent("notebook.unreadable-\(UUID().uuidString.prefix(8)).json"))
            }
        }
        file.runs.append(entry(for: record))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try JSONCoding.encoder.encode(file).write(to: url, options: .atomic)
        } catch {
            throw ReportError("cannot write the notebook manifest \(url.path): \(error.localizedDescription)")
        }
        return file.runs
    }
}
