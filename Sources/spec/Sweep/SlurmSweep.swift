import Foundation
import SpecLang

/// A sweep on a Slurm cluster: one job array through `sbatch`, whose batch script (`sweep.sbatch`, written into the
/// sweep folder once, to be read and adapted) runs line `i` of `tasks.txt` as array task `i` and records its status file.
/// The cluster's nodes are assumed to see the sweep folder and the `spec` executable at the same paths (a shared file
/// system), as Slurm clusters arrange.
enum SlurmSweep {
    static let batchFile = "sweep.sbatch", tasksFile = "tasks.txt", jobsFile = "slurm_jobs.txt"

    /// The tasks that have not finished: no status, or failed, or interrupted (a task still queued or running is not).
    static func unfinished(_ plan: SweepPlan, in folder: URL, active: Set<Int>) -> [SweepPlan.Task] {
        plan.tasks.filter { task in
            guard !active.contains(task.index) else { return false }
            return TaskStatus.load(task.index, in: folder)?.state != .completed
        }
    }

    /// Writes the batch script and task list, submits `tasks` as one job array with the user's `sbatch` options, and
    /// returns the job id.
    static func submit(_ plan: SweepPlan, _ tasks: [SweepPlan.Task], in folder: URL, options: [String]) throws -> String {
        let sbatch = try executable("sbatch")
        try write(plan, in: folder)
        let array = "--array=" + tasks.map { String($0.index) }.joined(separator: ",")
        let result = try run(sbatch, ["--parsable", array] + options + [folder.appendingPathComponent(batchFile).path])
        guard result.status == 0 else { throw SweepFailure("sbatch failed (exit \(result.status)): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))") }
        guard let job = jobID(in: result.output) else { throw SweepFailure("sbatch printed no job id: \(result.output)") }
        let jobs = folder.appendingPathComponent(jobsFile)
        let previous = (try? String(contentsOf: jobs, encoding: .utf8)) ?? ""
        try (previous + job + "\n").write(to: jobs, atomically: true, encoding: .utf8)
        return job
    }

    /// `--parsable` prints `jobid` or `jobid;cluster` on a line of its own; clusters' submit plugins may add lines of
    /// their own (standard error is read with it).
    static func jobID(in output: String) -> String? {
        output.split(separator: "\n").lazy.compactMap { line in
            let id = line.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? ""
            return !id.isEmpty && id.allSatisfy({ $0.isASCII && $0.isNumber }) ? id : nil
        }.last
    }

    /// Array task index → Slurm state (PENDING, RUNNING, …) of the sweep's jobs still in the queue. Throws when
    /// squeue cannot tell: taken as an empty queue, a resubmission would run queued tasks a second time.
    static func queued(in folder: URL) throws -> [Int: String] {
        let jobs = ((try? String(contentsOf: folder.appendingPathComponent(jobsFile), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        guard !jobs.isEmpty else { return [:] }
        let result = try run(try executable("squeue"), ["-h", "-r", "-j", jobs.joined(separator: ","), "-o", "%K %T"])
        // Slurm forgets a job some minutes after it ends; asked for that one job alone, squeue calls its id invalid.
        if result.status != 0, jobs.count == 1, result.output.contains("Invalid job id specified") { return [:] }
        guard result.status == 0 else {
            throw SweepFailure("squeue cannot tell which runs are still queued (exit \(result.status)): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        var states: [Int: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let index = Int(parts[0]) { states[index] = String(parts[1]) }
        }
        return states
    }

    static func write(_ plan: SweepPlan, in folder: URL) throws {
        let lines = plan.tasks.map { task in ([plan.executable] + task.arguments).map(shellQuoted).joined(separator: " ") }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent(tasksFile), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("status"), withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(batchFile)
        // Written once: an adapted script is what later submissions use (delete it to have it written again).
        guard !FileManager.default.fileExists(atPath: url.path) else { return }
        let dir = shellQuoted(folder.path)
        // sbatch reads a directive's double quotes (a path with spaces) and takes %% in a file name for a %. The log
        // of a resubmitted task keeps the earlier attempts' output, as a local sweep's does.
        let logs = folder.appendingPathComponent("logs").path.replacingOccurrences(of: "%", with: "%%")
        let script = """
            #!/bin/bash
            #SBATCH --job-name=spec-sweep
            #SBATCH --output="\(logs)/task_%a.log"
            #SBATCH --open-mode=append
            # Written by `spec sweep` for \(plan.script); adapt it freely (resources, modules, environment).
            # Array task i runs line i + 1 of tasks.txt (one `spec run` of the notebook) and writes status/task_i.json.
            set -u
            dir=\(dir)
            i=$SLURM_ARRAY_TASK_ID
            line=$(sed -n "$((i + 1))p" "$dir/tasks.txt")
            host=$(hostname)
            started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
            start=$(date +%s)
            printf '{"state": "running", "host": "%s", "started": "%s", "log": "logs/task_%s.log"}\\n' "$host" "$started" "$i" > "$dir/status/task_$i.json"
            export SPEC_THREADS=${SLURM_CPUS_PER_TASK:-1}
            # scancel, the time limit and preemption send SIGTERM to the run and to this script: the run ends, this
            # script goes on to record it.
            stopped=no
            trap 'stopped=yes' TERM
            eval "$line"
            code=$?
            state=completed
            [ "$code" -eq 0 ] || state=failed
            [ "$stopped" = no ] || state=interrupted
            printf '{"state": "%s", "exit_code": %d, "seconds": %d, "host": "%s", "started": "%s", "log": "logs/task_%s.log"}\\n' \\
                "$state" "$code" "$(( $(date +%s) - start ))" "$host" "$started" "$i" > "$dir/status/task_$i.json"
            exit "$code"

            """
        try script.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    static func shellQuoted(_ s: String) -> String {
        s.allSatisfy({ $0.isLetter || $0.isNumber || "/._-=,:+@".contains($0) }) && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The path of a command on PATH, or a clear error.
    static func executable(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw SweepFailure("\(name) is not on PATH: --slurm needs a machine with Slurm's client commands (sbatch, squeue); without --slurm the sweep runs here")
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
