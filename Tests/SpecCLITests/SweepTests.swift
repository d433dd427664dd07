import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `spec sweep` on this machine: grid × seeds, status, resumption after Ctrl-C, the report over seeds.
@Suite(.serialized)
struct SweepTests {
    static func notebook(steps: Int) -> String {
        """
        # A tiny discriminator-testbed notebook for sweeps.
        let down = "avg"
        let steps = \(steps)
        let d = pggan_discriminator(res: 8, divide: 64, down: down, classes: 2)
        let run = discriminator_testbed(d, toyset(res: 8, count: 2, seed: 0), steps: steps, eval_every: \(max(2, steps / 4)), batch: 2, print_every: 50, out: "disc")
        print(down, run.psnr[-1])
        """
    }

    @Test func aWrongGridNameStopsBeforeAnythingStarts() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.notebook(steps: 2))
        let run = try SpecExecutable.run(["sweep", "nb.spec", "--grid", "dwn=avg,stride", "--seeds", "0-1"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("dwn: nb.spec has no top-level 'let dwn = …' (did you mean 'down'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("sweeps").path))
    }

    @Test(.timeLimit(.minutes(3))) func runsEveryVariantAndSeedThenReportsOverSeeds() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.notebook(steps: 4))
        let arguments = ["sweep", "nb.spec", "--grid", "down=avg,stride", "--seeds", "0-1", "--jobs", "2"]
        let run = try SpecExecutable.run(arguments, in: folder.url, timeout: 150)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("4 runs (2 variants × 2 seeds); 0 finished before, 4 to run, 2 at a time with"))
        let sweep = folder.url.appendingPathComponent("sweeps/nb")
        for (variant, seed) in [("down=avg", 0), ("down=avg", 1), ("down=stride", 0), ("down=stride", 1)] {
            let runFolder = sweep.appendingPathComponent("\(variant)/seed_\(seed)/disc")
            #expect(FileManager.default.fileExists(atPath: runFolder.appendingPathComponent("config.json").path), "\(variant) seed \(seed)")
            let config = try String(contentsOf: runFolder.appendingPathComponent("config.json"), encoding: .utf8)
            #expect(config.contains("\"seed\" : \(seed)") || config.contains("\"seed\":\(seed)"), "the run's seed is \(seed)")
        }
        let status = try SpecExecutable.run(["sweep", "status", "sweeps/nb"], in: folder.url)
        #expect(status.stdout.contains("4 completed"), "\(status.stdout)")
        let again = try SpecExecutable.run(arguments, in: folder.url, timeout: 60)
        #expect(again.stdout.contains("4 finished before, 0 to run"), "\(again.stdout)")
        let report = try SpecExecutable.run(["sweep", "report", "sweeps/nb", "--report", "sweep.html"], in: folder.url, timeout: 60)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("down=avg     2      "), "\(report.stdout)")
        #expect(report.stdout.contains("top quarter, log10(gen/real): "))
        let html = try String(contentsOf: folder.url.appendingPathComponent("sweep.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<figure>").count == 4, "band curves and two heatmaps")
        // The same numbers in a notebook.
        try folder.write("read.spec", "let s = load_sweep(\"sweeps/nb\")\nprint(s.variants, s.seeds[\"down=stride\"], len(s.statements))")
        let read = try SpecExecutable.run(["run", "read.spec"], in: folder.url)
        #expect(read.stdout == "[\"down=avg\", \"down=stride\"] [0, 1] 4\n", "\(read.stdout) \(read.stderr)")
    }

    @Test(.timeLimit(.minutes(3))) func controlCStopsEveryRunResumably() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.notebook(steps: 400))
        let arguments = ["sweep", "nb.spec", "--grid", "down=avg", "--seeds", "0"]
        let process = Process()
        process.executableURL = SpecExecutable.url
        process.arguments = arguments
        process.currentDirectoryURL = folder.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let log = folder.url.appendingPathComponent("sweeps/nb/logs/task_0.log")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !((try? String(contentsOf: log, encoding: .utf8))?.contains("step 100/400") ?? false) { usleep(50_000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let status = try SpecExecutable.run(["sweep", "status", "sweeps/nb"], in: folder.url)
        #expect(status.stdout.contains("interrupted"), "\(status.stdout)")
        let resumed = try SpecExecutable.run(arguments, in: folder.url, timeout: 150)
        #expect(resumed.status == 0, "\(resumed.stdout)\n\(resumed.stderr)")
        // One run in two sessions: the second continued from the first's checkpoint.
        let manifest = try String(contentsOf: folder.url.appendingPathComponent("sweeps/nb/down=avg/seed_0/disc/manifest.json"), encoding: .utf8)
        let fromSteps = manifest.components(separatedBy: "\"from_step\" : ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(fromSteps.count == 2 && fromSteps[0] == 0 && fromSteps[1] >= 100, "sessions start at \(fromSteps)")
    }
}
