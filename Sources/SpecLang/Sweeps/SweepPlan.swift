import Foundation

/// A sweep: one notebook run for every combination of grid values and every seed, each writing its own folder
/// under the sweep folder. The plan (`sweep.json`) is written once; what became of each task is in its own status
/// file, written by whoever ran it (the local runner or the Slurm batch script), so tasks never share a file.
public struct SweepPlan: Codable, Sendable, Equatable {
    /// One `--grid name=v1,v2,…`.
    public struct Axis: Codable, Sendable, Equatable {
        public let name: String
        public let values: [String]
    }

    /// One run of the notebook.
    public struct Task: Codable, Sendable, Equatable {
        public let index: Int
        /// "down=stride", or "down=stride lr=0.01" for several axes.
        public let variant: String
        /// The `--set` pairs of the variant.
        public let settings: [String]
        public let seed: UInt64
        /// The run's output folder, relative to the sweep folder: "down=stride/seed_3".
        public let folder: String
        /// The arguments of the `spec` executable that run it.
        public let arguments: [String]
    }

    public static let format = "spec-sweep-1"
    public static let fileName = "sweep.json"

    public var format = SweepPlan.format
    /// The notebook, an absolute path.
    public let script: String
    public let scriptHash: String
    /// `--set` pairs every run gets (a variant's own settings come after them).
    public let fixed: [String]
    public let grid: [Axis]
    public let seeds: [UInt64]
    /// The `spec` executable the tasks run (an absolute path: a cluster's nodes see the same file system).
    public let executable: String
    public let tasks: [Task]

    public init(script: URL, scriptHash: String, fixed: [String] = [], grid: [Axis], seeds: [UInt64], folder: URL, executable: String) {
        self.script = script.path
        self.scriptHash = scriptHash
        self.fixed = fixed
        self.grid = grid
        self.seeds = seeds
        self.executable = executable
        var combinations: [[(String, String)]] = [[]]
        for axis in grid { combinations = combinations.flatMap { c in axis.values.map { c + [(axis.name, $0)] } } }
        // Seed by seed, every variant of a seed before the next seed: a sweep stopped part way has whole seeds of
        // every variant to compare.
        var tasks: [Task] = []
        for seed in seeds {
            for combination in combinations {
                let settings = combination.map { "\($0.0)=\($0.1)" }
                let variant = settings.isEmpty ? "default" : settings.joined(separator: " ")
                let variantFolder = settings.isEmpty ? "default" : settings.map(Self.folderSafe).joined(separator: ",")
                let relative = "\(variantFolder)/seed_\(seed)"
                let arguments = ["run", script.path] + (fixed + settings).flatMap { ["--set", $0] }
                    + ["--seed", String(seed), "--out", folder.appendingPathComponent(relative).path, "--resume"]
                tasks.append(Task(index: tasks.count, variant: variant, settings: settings, seed: seed, folder: relative, arguments: arguments))
            }
        }
        self.tasks = tasks
    }

    /// The same runs of the same notebook, whichever `spec` executable runs them (a rebuilt one continues a sweep).
    public func isSameSweep(as other: SweepPlan) -> Bool {
        (script, scriptHash, fixed, grid, seeds, tasks) == (other.script, other.scriptHash, other.fixed, other.grid, other.seeds, other.tasks)
    }

    /// The variants in grid order.
    public var variants: [String] {
        var seen = Set<String>()
        return tasks.map(\.variant).filter { seen.insert($0).inserted }
    }

    /// A grid value as part of a folder name: letters, digits and `.-_=` kept, anything else `_`.
    static func folderSafe(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_=".contains($0)) ? $0 : "_" })
    }

    // MARK: Command line

    /// `name=v1,v2,…`.
    public static func axis(_ text: String) throws -> Axis {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw SweepError("--grid takes NAME=V1,V2,…, got '\(text)'")
        }
        let name = String(text[..<eq])
        let values = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else { throw SweepError("--grid \(name): every value must be non-empty, got '\(text)'") }
        guard Set(values).count == values.count else { throw SweepError("--grid \(name): a value is listed twice") }
        return Axis(name: name, values: values)
    }

    /// `0-4`, `0,2,7` or `3`.
    public static func seeds(_ text: String) throws -> [UInt64] {
        var seeds: [UInt64] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let first = UInt64(bounds[0]), let last = UInt64(bounds.last ?? "") , first <= last, last - first < 10_000 else {
                throw SweepError("--seeds takes a range or a list such as 0-4 or 0,3,7, got '\(text)'")
            }
            seeds += Array(first...last)
        }
        guard !seeds.isEmpty, Set(seeds).count == seeds.count else { throw SweepError("--seeds: '\(text)' lists no seed or one seed twice") }
        return seeds
    }

    // MARK: Files

    public static func load(from folder: URL) throws -> SweepPlan? {
        let url = folder.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else { return nil }
        do { return try JSONCoding.decoder.decode(SweepPlan.self, from: data) } catch {
            throw SweepError("\(url.path) is not a sweep plan: \(error)")
        }
    }

    public func save(to folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try JSONCoding.encoder.encode(self).write(to: folder.appendingPathComponent(Self.fileName), options: .atomic)
        } catch {
            throw SweepError("cannot write the sweep plan in \(folder.path): \(error.localizedDescription)")
        }
    }
}

/// What became of one task, in `status/task_<index>.json`.
public struct TaskStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case running, completed, failed, interrupted }
    public var state: State
    public var exitCode: Int32?
    public var seconds: Double?
    public var host: String
    public var started: String
    /// The task's log (standard output and error), relative to the sweep folder.
    public var log: String

    public init(state: State, exitCode: Int32? = nil, seconds: Double? = nil, host: String, started: String, log: String) {
        self.state = state
        self.exitCode = exitCode
        self.seconds = seconds
        self.host = host
        self.started = started
        self.log = log
    }

    public static func file(_ index: Int, in folder: URL) -> URL { folder.appendingPathComponent("status/task_\(index).json") }
    public static func log(_ task: SweepPlan.Task) -> String { "logs/task_\(task.index).log" }

    public static func load(_ index: Int, in folder: URL) -> TaskStatus? {
        guard let data = try? Data(contentsOf: file(index, in: folder)) else { return nil }
        return try? JSONCoding.decoder.decode(TaskStatus.self, from: data)
    }

    public func save(_ index: Int, in folder: URL) throws {
        let url = Self.file(index, in: folder)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONCoding.encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw SweepError("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}

public struct SweepError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
