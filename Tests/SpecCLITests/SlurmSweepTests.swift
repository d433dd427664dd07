import Foundation
import Testing

/// `spec sweep --slurm` against a real Slurm started for each test (see `LocalSlurm`).
@Suite("spec sweep on a local Slurm", .serialized)
struct SlurmSweepTests {
    /// A discriminator testbed of a few seconds, with the downsampling mode as the grid's axis.
    static let notebook = """
        let down = "avg"
        let d = pggan_discriminator(res: 8, divide: 64, down: down, classes: 2)
        let run = discriminator_testbed(d, toyset(res: 8, count: 2), steps: 4, batch: 2)
        """

    /// A local Slurm, or nil after recording why this machine cannot run one.
    static func startSlurm() -> LocalSlurm? {
        do {
            return try LocalSlurm.start()
        } catch {
            Issue.record("\(error)")
            return nil
        }
    }

    /// `spec sweep status` until no run is queued, running or not started; its output, or nil after recording an
    /// issue at the deadline.
    static func waitUntilEnded(_ sweep: URL, _ slurm: LocalSlurm, in folder: TemporaryFolder, timeout: Double = 240) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            let status = try SpecExecutable.run(["sweep", "status", sweep.path], in: folder.url, environment: slurm.environment)
            // The last line counts the states: "3 completed, 1 failed".
            let states = status.stdout.split(separator: "\n").last?.split(separator: ",").map { $0.split(separator: " ").dropFirst().joined(separator: " ") } ?? []
            if status.status == 0, !states.isEmpty, states.allSatisfy(["completed", "failed", "interrupted"].contains) { return status.stdout }
            last = status.stdout + status.stderr
            sleep(1)
        }
        Issue.record("the sweep did not end within \(Int(timeout)) s: \(last); slurmctld.log: \(slurm.tail("slurmctld.log")); slurmd.log: \(slurm.tail("slurmd.log"))")
        return nil
    }

    static func json(_ url: URL) -> [String: Any]? {
        (try? Data(contentsOf: url)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    @Test("a sweep of 2 variants × 2 seeds is one job array; status reports every run completed with its folder",
          .disabled(if: LocalSlurm.skipped, "\(LocalSlurm.skipVariable)=1"), .timeLimit(.minutes(6)))
    func sweepRuns() throws {
        guard let slurm = Self.startSlurm() else { return }
        defer { slurm.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.notebook)
        let sweep = folder.url.appendingPathComponent("sweep")
        let arguments = ["sweep", "nb.spec", "--grid", "down=avg,stride", "--seeds", "0-1", "--out", sweep.path, "--slurm"]
        let submit = try SpecExecutable.run(arguments, in: folder.url, environment: slurm.environment)
        #expect(submit.status == 0 && submit.stdout.contains("4 of 4 runs as an array"), "\(submit.stdout) \(submit.stderr)")

        let script = try String(contentsOf: sweep.appendingPathComponent("sweep.sbatch"), encoding: .utf8)
        #expect(script.hasPrefix("#!/bin/bash\n") && script.contains("#SBATCH --output=") && script.contains("tasks.txt"))
        #expect(FileManager.default.isExecutableFile(atPath: sweep.appendingPathComponent("sweep.sbatch").path))
        let tasks = try String(contentsOf: sweep.appendingPathComponent("tasks.txt"), encoding: .utf8).split(separator: "\n")
        #expect(tasks.count == 4 && tasks.allSatisfy { $0.contains(" run ") && $0.contains("--resume") })

        guard let status = try Self.waitUntilEnded(sweep, slurm, in: folder) else { return }
        #expect(status.hasSuffix("4 completed\n"), "\(status)")
        for down in ["avg", "stride"] { for seed in 0...1 { #expect(status.contains("down=\(down) seed \(seed)")) } }
        for index in 0..<4 {
            let task = Self.json(sweep.appendingPathComponent("status/task_\(index).json"))
            #expect(task?["state"] as? String == "completed" && task?["exit_code"] as? Int == 0, "task \(index): \(String(describing: task))")
            #expect(task?["host"] as? String == slurm.node && task?["log"] as? String == "logs/task_\(index).log")
            #expect(FileManager.default.fileExists(atPath: sweep.appendingPathComponent("logs/task_\(index).log").path))
        }
        for down in ["avg", "stride"] {
            for seed in 0...1 {
                let run = sweep.appendingPathComponent("down=\(down)/seed_\(seed)")
                let notebook = Self.json(run.appendingPathComponent("notebook.json"))
                let record = (notebook?["runs"] as? [[String: Any]])?.last
                #expect(record?["seed"] as? Int == seed && record?["overrides"] as? [String] == ["down=\(down)"], "\(run.path): \(String(describing: record))")
                let config = Self.json(run.appendingPathComponent("discriminator_testbed/config.json"))
                let model = (config?["models"] as? [String: Any])?["discriminator"] as? [String: Any]
                #expect(model?["down"] as? String == down, "\(run.path): \(String(describing: model))")
            }
        }
        // The same command again submits nothing.
        let again = try SpecExecutable.run(arguments, in: folder.url, environment: slurm.environment)
        #expect(again.status == 0 && again.stdout.contains("every run of"), "\(again.stdout) \(again.stderr)")
        #expect(try String(contentsOf: sweep.appendingPathComponent("slurm_jobs.txt"), encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test("failed runs are reported with their logs while the others complete; resubmit submits exactly those again",
          .disabled(if: LocalSlurm.skipped, "\(LocalSlurm.skipVariable)=1"), .timeLimit(.minutes(8)))
    func failuresResubmitted() throws {
        guard let slurm = Self.startSlurm() else { return }
        defer { slurm.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.notebook)
        let sweep = folder.url.appendingPathComponent("sweep")
        // "bogus" is no downsampling mode; a file where the run of avg seed 1 makes its folder fails that run until
        // it is removed.
        let blocker = try folder.write("sweep/down=avg/seed_1", "")
        let submit = try SpecExecutable.run(["sweep", "nb.spec", "--grid", "down=avg,bogus", "--seeds", "0-1", "--out", sweep.path, "--slurm"],
                                            in: folder.url, environment: slurm.environment)
        #expect(submit.status == 0, "\(submit.stdout) \(submit.stderr)")
        guard let status = try Self.waitUntilEnded(sweep, slurm, in: folder) else { return }
        #expect(status.hasSuffix("1 completed, 3 failed\n"), "\(status)")
        for (index, name) in [(1, "down=bogus seed 0"), (2, "down=avg seed 1"), (3, "down=bogus seed 1")] {  // tasks go seed by seed
            let log = sweep.appendingPathComponent("logs/task_\(index).log")
            let line = status.split(separator: "\n").first { $0.contains(name) } ?? ""
            #expect(line.contains("failed") && line.contains("exit 1") && line.hasSuffix("log \(log.path)"), "\(line)")
            #expect(Self.json(sweep.appendingPathComponent("status/task_\(index).json"))?["state"] as? String == "failed")
        }
        let log = try String(contentsOf: sweep.appendingPathComponent("logs/task_1.log"), encoding: .utf8)
        #expect(log.contains("'down' must be one of"), "\(log)")
        let completed = try Data(contentsOf: sweep.appendingPathComponent("status/task_0.json"))

        try FileManager.default.removeItem(at: blocker)
        // The batch script is the user's to adapt; resubmit uses it as it is.
        let script = sweep.appendingPathComponent("sweep.sbatch")
        try (String(contentsOf: script, encoding: .utf8) + "# adapted\n").write(to: script, atomically: false, encoding: .utf8)
        let resubmit = try SpecExecutable.run(["sweep", "resubmit", sweep.path], in: folder.url, environment: slurm.environment)
        #expect(resubmit.status == 0 && resubmit.stdout.contains("3 runs (down=bogus seed 0; down=avg seed 1; down=bogus seed 1)"),
                "\(resubmit.stdout) \(resubmit.stderr)")
        guard let after = try Self.waitUntilEnded(sweep, slurm, in: folder) else { return }
        #expect(after.hasSuffix("2 completed, 2 failed\n"), "\(after)")
        #expect(after.contains("log \(sweep.appendingPathComponent("logs/task_3.log").path)"), "\(after)")
        #expect(FileManager.default.fileExists(atPath: sweep.appendingPathComponent("down=avg/seed_1/discriminator_testbed/config.json").path))
        #expect(try Data(contentsOf: sweep.appendingPathComponent("status/task_0.json")) == completed, "the completed run ran again")
        #expect(try String(contentsOf: script, encoding: .utf8).hasSuffix("exit \"$code\"\n# adapted\n"))
        #expect(try String(contentsOf: sweep.appendingPathComponent("slurm_jobs.txt"), encoding: .utf8).split(separator: "\n").count == 2)
    }

    @Test("a run cancelled in Slurm is reported interrupted with its log, and resubmit submits it again",
          .disabled(if: LocalSlurm.skipped, "\(LocalSlurm.skipVariable)=1"), .timeLimit(.minutes(4)))
    func cancelledRun() throws {
        guard let slurm = Self.startSlurm() else { return }
        defer { slurm.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", """
            let steps = 4
            let d = pggan_discriminator(res: 8, divide: 64, classes: 2)
            let run = discriminator_testbed(d, toyset(res: 8, count: 2), steps: steps, batch: 2)
            """)
        let sweep = folder.url.appendingPathComponent("sweep")
        let submit = try SpecExecutable.run(["sweep", "nb.spec", "--grid", "steps=1000000", "--out", sweep.path, "--slurm"], in: folder.url, environment: slurm.environment)
        #expect(submit.status == 0, "\(submit.stdout) \(submit.stderr)")
        let deadline = Date().addingTimeInterval(60)
        while Self.json(sweep.appendingPathComponent("status/task_0.json"))?["state"] as? String != "running", Date() < deadline { usleep(200_000) }
        #expect(Self.json(sweep.appendingPathComponent("status/task_0.json"))?["state"] as? String == "running")
        let job = try String(contentsOf: sweep.appendingPathComponent("slurm_jobs.txt"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try slurm.run("scancel", [job]).status == 0)
        guard let status = try Self.waitUntilEnded(sweep, slurm, in: folder) else { return }
        let log = sweep.appendingPathComponent("logs/task_0.log").path
        #expect(status.contains("interrupted") && status.contains("exit 143  log \(log)") && status.hasSuffix("1 interrupted\n"), "\(status)")
        let resubmit = try SpecExecutable.run(["sweep", "resubmit", sweep.path], in: folder.url, environment: slurm.environment)
        #expect(resubmit.status == 0 && resubmit.stdout.contains("1 runs (steps=1000000 seed 0)"), "\(resubmit.stdout) \(resubmit.stderr)")
    }

    @Test("--slurm without sbatch on PATH is a clear error and writes nothing")
    func missingSbatch() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.notebook)
        let empty = folder.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let run = try SpecExecutable.run(["sweep", "nb.spec", "--grid", "down=avg,stride", "--out", "sweep", "--slurm"],
                                         in: folder.url, environment: ["PATH": empty.path])
        #expect(run.status == 1 && run.stderr.contains("sbatch is not on PATH"), "\(run.stdout) \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("sweep").path))
    }
}
