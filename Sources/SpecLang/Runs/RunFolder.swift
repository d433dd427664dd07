import Foundation
import SpecGAN
import SpecMedia
import SpecTensor

/// The folder of one testbed run and the file operations on it. It remembers every file written (once each, in
/// order) so the builtin can report them to `onFileWritten`.
final class RunFolder {
    let url: URL
    private(set) var written: [URL] = []
    private var known = Set<String>()
    private var logs: [String: FileHandle] = [:]

    /// Files and folders a run writes; only these are removed when a new run replaces an old one.
    static let entries = ["config.json", "manifest.json", "data.npy", "latents.npy", "training_data.png", "losses.jsonl",
                          "losses.csv", "metrics.jsonl", "metrics.csv", "checkpoint.safetensors", "spectra", "samples", "plots",
                          "checkpoints"]

    private init(url: URL) { self.url = url }

    /// A folder for a new run: created, or emptied of an earlier run's files. A folder that holds other files
    /// but no run is refused, so nothing of the user's is deleted.
    static func fresh(at url: URL) throws -> RunFolder {
        let fm = FileManager.default
        if let contents = try? fm.contentsOfDirectory(atPath: url.path), !contents.isEmpty {
            guard contents.contains("config.json") else {
                throw RunError.folder("\(url.path) exists and is not a run folder; choose another out:")
            }
            for entry in entries where contents.contains(entry) {
                do { try fm.removeItem(at: url.appendingPathComponent(entry)) } catch {
                    throw RunError.write(path: url.appendingPathComponent(entry).path, reason: error.localizedDescription)
                }
            }
        }
        let folder = RunFolder(url: url)
        try folder.makeFolders()
        return folder
    }

    /// An existing run's folder (to resume it).
    static func existing(at url: URL) throws -> RunFolder {
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path) else {
            throw RunError.folder("\(url.path) holds no run (no config.json)")
        }
        // A run's files are its own: a link among them (a cloned repository can ship one) could lead its writes
        // anywhere, so a folder with one is not continued.
        for entry in entries {
            let path = url.appendingPathComponent(entry).path
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
                throw RunError.folder("\(path) is a symbolic link; a run folder holds real files and folders only")
            }
        }
        let folder = RunFolder(url: url)
        try folder.makeFolders()
        return folder
    }

    /// Creates the run's folders and removes what killed writes left behind: the temporary files of atomic
    /// writes (`.checkpoint.safetensors.<pid>.<n>.tmp`, Foundation's `.dat.nosync…`).
    private func makeFolders() throws {
        let fm = FileManager.default
        for sub in ["", "spectra", "samples", "plots", "checkpoints"] {
            let dir = url.appendingPathComponent(sub)
            do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                throw RunError.write(path: dir.path, reason: error.localizedDescription)
            }
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            where (name.hasPrefix(".") && name.hasSuffix(".tmp")) || name.hasPrefix(".dat.nosync") {
                try? fm.removeItem(at: dir.appendingPathComponent(name))
            }
        }
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    private func note(_ name: String) {
        if known.insert(name).inserted { written.append(file(name)) }
    }

    func write(_ data: Data, to name: String) throws {
        do { try data.write(to: file(name), options: .atomic) } catch {
            throw RunError.write(path: file(name).path, reason: error.localizedDescription)
        }
        note(name)
    }

    func writeText(_ text: String, to name: String) throws { try write(Data(text.utf8), to: name) }

    func writeNPY(_ tensor: Tensor, to name: String) throws {
        do { try NPY.write(tensor, to: file(name)) } catch { throw RunError.write(path: file(name).path, reason: "\(error)") }
        note(name)
    }

    func readNPY(_ name: String) throws -> Tensor {
        do { return try NPY.read(file(name)).tensor } catch { throw RunError.folder("cannot read \(file(name).path): \(error)") }
    }

    func savePNG(_ image: Tensor, to name: String) throws {
        try SpecMedia.savePNG(image, to: file(name).path)
        note(name)
    }

    func save(_ figure: some Figure, to name: String) throws {
        try figure.save(to: file(name).path)
        note(name)
    }

    func saveCheckpoint(_ name: String, components: [(name: String, component: any Checkpointable)], info: Checkpoint.Info) throws {
        try Checkpoint.save(to: file(name), components: components, info: info)
        note(name)
    }

    /// Appends one line to a JSON-lines log, kept open between calls.
    func append(line: String, to name: String) throws {
        if logs[name] == nil {
            let path = file(name).path
            if !FileManager.default.fileExists(atPath: path), !FileManager.default.createFile(atPath: path, contents: nil) {
                throw RunError.write(path: path, reason: "cannot create it")
            }
            guard let handle = FileHandle(forWritingAtPath: path) else { throw RunError.write(path: path, reason: "cannot open it for appending") }
            handle.seekToEndOfFile()
            logs[name] = handle
        }
        logs[name]?.write(Data((line + "\n").utf8))
        note(name)
    }

    /// The lines of a text file (empty when it does not exist).
    func lines(_ name: String) -> [String] {
        guard let text = try? String(contentsOf: file(name), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// Removes files of a folder whose names are not in `keep` (periodic checkpoints beyond those kept).
    func prune(_ folder: String, keep: Set<String>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: file(folder).path)) ?? []
        for name in names where !keep.contains(name) {
            let path = folder + "/" + name
            try? FileManager.default.removeItem(at: file(path))
            if known.remove(path) != nil { written.removeAll { $0 == file(path) } }
        }
    }

    /// Closes the logs (at the end of a session of training).
    func close() {
        for handle in logs.values { try? handle.close() }
        logs.removeAll()
    }
}
