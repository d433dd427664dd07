import ArgumentParser
import Foundation
import SpecLang
import SpecNotebook
import SpecSyntax

/// `spec sweep`: a notebook over a grid of settings × seeds, here or on Slurm, then its statistics over seeds.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a notebook over a grid of settings and seeds, on this machine or on Slurm; report mean ± std over seeds.",
        discussion: """
            spec sweep nb.spec --grid down=avg,stride,blurpool --seeds 0-4 --jobs 2
            runs the notebook 15 times (each with --set down=… --seed k --resume) into sweeps/nb/. The same command again
            resumes unfinished runs and skips finished ones. --slurm submits one job array instead (sbatch options
            after --: --slurm -- -p gpu --time 4:00:00). Then: spec sweep status DIR, spec sweep report DIR --report out.html.
            """,
        subcommands: [Start.self, Status.self, Report.self, Resubmit.self], defaultSubcommand: Start.self)

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Start (or resume) a sweep.")

        @ArgumentParser.Argument(help: "The notebook.") var file: String
        @Option(name: .customLong("grid"), parsing: .singleValue, help: "NAME=V1,V2,… over a top-level `let NAME` (repeat for a grid).")
        var grids: [String] = []
        @Option(name: .customLong("set"), parsing: .singleValue, help: "NAME=VALUE for every run (as spec run --set).")
        var fixed: [String] = []
        @Option(help: "Seeds: a range or a list (0-4, 0,3,7).") var seeds = "0"
        @Option(help: "Runs at a time on this machine (the cores are shared out among them).") var jobs = 1
        @Option(help: "The sweep folder (default sweeps/<notebook name>).") var out: String?
        @Flag(help: "Submit a Slurm job array instead of running here (sbatch options after --).") var slurm = false
        @ArgumentParser.Argument(parsing: .postTerminator, help: "Options for sbatch, after --.") var sbatchOptions: [String] = []

        func run() throws {
            do {
                // Without sbatch nothing can be submitted: say so before the sweep folder is made.
                if slurm { _ = try SlurmSweep.executable("sbatch") }
                let (plan, folder) = try prepare()
                if slurm {
                    try submit(plan, folder, options: sbatchOptions)
                } else {
                    guard jobs >= 1, jobs <= 64 else { throw SweepFailure("--jobs must be between 1 and 64, got \(jobs)") }
                    Terminal.installInterruptHandler()
                    let result = try LocalSweep(plan: plan, folder: folder, jobs: jobs).run()
                    let done = plan.tasks.filter { TaskStatus.load($0.index, in: folder)?.state == .completed }.count
                    Terminal.write("sweep: \(done)/\(plan.tasks.count) runs finished" + (result.failed.isEmpty ? "" : ", \(result.failed.count) failed")
                                   + (done < plan.tasks.count ? "; the same command resumes the rest" : "; spec sweep report \(folder.path)") + "\n")
                    if done < plan.tasks.count { throw ExitCode(1) }
                }
            } catch let e as SweepFailure {
                ScriptRunner.report(SpecError(.value, e.description))
                throw ExitCode(1)
            } catch let e as SweepError {
                ScriptRunner.report(SpecError(.value, e.description))
                throw ExitCode(1)
            }
        }

        /// Checks the notebook and the grid before anything starts, and writes (or checks) the sweep's plan.
        private func prepare() throws -> (SweepPlan, URL) {
            let script = try ScriptRunner.read(file)
            guard let url = script.url else { throw SweepFailure("a sweep runs a notebook file, not standard input") }
            let program = try Parser.parseProgram(SourceFile(name: script.name, text: script.text))
            let axes = try grids.map(SweepPlan.axis)
            let overridable = Checker.overridableNames(in: program)
            let fixedNames = try fixed.map { pair -> String in
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw SweepFailure("--set takes NAME=VALUE, got '\(pair)'") }
                return String(pair[..<eq])
            }
            let unknown = (fixedNames + axes.map(\.name)).filter { !overridable.contains($0) }
            guard unknown.isEmpty else {
                let hint = SpecError.Note.didYouMean(unknown[0], among: Array(overridable)).map { " (\($0.message))" } ?? ""
                throw SweepFailure("\(unknown.joined(separator: ", ")): \(file) has no top-level 'let \(unknown[0]) = …'\(hint)")
            }
            guard Set(fixedNames + axes.map(\.name)).count == fixedNames.count + axes.count else { throw SweepFailure("a name is given twice in --set and --grid") }
            let problems = Checker.check(program, baseURL: url.deletingLastPathComponent(), overrides: fixedNames + axes.map(\.name))
            guard problems.isEmpty else {
                problems.forEach(ScriptRunner.report)
                throw SweepFailure("\(file) has \(problems.count) problem\(problems.count == 1 ? "" : "s") (spec check \(file)); nothing started")
            }
            let folder = URL(fileURLWithPath: out ?? "sweeps/\(url.deletingPathExtension().lastPathComponent)").standardizedFileURL
            let plan = SweepPlan(script: url.standardizedFileURL, scriptHash: ScriptHash.hex(script.text.utf8), fixed: fixed, grid: axes,
                                 seeds: try SweepPlan.seeds(seeds), folder: folder, executable: Self.executablePath)
            if let existing = try SweepPlan.load(from: folder) {
                guard existing.isSameSweep(as: plan) else {
                    let what = existing.scriptHash != plan.scriptHash && existing.script == plan.script ? "the notebook changed since it started" : "it holds a sweep of other settings"
                    throw SweepFailure("\(folder.path): \(what); choose another --out (or restore the notebook) to keep both")
                }
                if existing.executable != plan.executable { try plan.save(to: folder) }
            } else {
                try plan.save(to: folder)
            }
            return (plan, folder)
        }

        private func submit(_ plan: SweepPlan, _ folder: URL, options: [String]) throws {
            let queued = try SlurmSweep.queued(in: folder)
            let tasks = SlurmSweep.unfinished(plan, in: folder, active: Set(queued.keys))
            guard !tasks.isEmpty else {
                Terminal.write("every run of \(folder.path) has finished or is queued; spec sweep status \(folder.path)\n")
                return
            }
            let job = try SlurmSweep.submit(plan, tasks, in: folder, options: options)
            Terminal.write("submitted job \(job): \(tasks.count) of \(plan.tasks.count) runs as an array; batch script \(folder.appendingPathComponent(SlurmSweep.batchFile).path)\n"
                           + "spec sweep status \(folder.path) shows their progress\n")
        }

        /// This executable, which the tasks run.
        static var executablePath: String {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "The state of every run of a sweep.")
        @ArgumentParser.Argument(help: "The sweep folder.") var folder: String

        func run() throws {
            let url = URL(fileURLWithPath: folder).standardizedFileURL
            guard let plan = try SweepPlan.load(from: url) else {
                ScriptRunner.report(SpecError(.io, "\(url.path) holds no sweep (no \(SweepPlan.fileName))"))
                throw ExitCode(1)
            }
            var queued: [Int: String] = [:]
            do { queued = try SlurmSweep.queued(in: url) } catch {
                Terminal.writeError("spec sweep status: \(error); the states below are those the runs recorded\n")
            }
            var counts: [String: Int] = [:]
            var lines: [String] = []
            for task in plan.tasks {
                let status = TaskStatus.load(task.index, in: url)
                let state = queued[task.index].map { $0.lowercased() } ?? status?.state.rawValue ?? "not started"
                counts[state, default: 0] += 1
                var line = "\(task.variant) seed \(task.seed)".padding(toLength: 36, withPad: " ", startingAt: 0) + state
                if let status, queued[task.index] == nil {
                    if let s = status.seconds { line += String(format: "  %.0f s", s) }
                    line += "  \(status.host)"
                    if status.state == .failed || status.state == .interrupted {
                        line += "  exit \(status.exitCode.map(String.init) ?? "?")  log \(url.appendingPathComponent(status.log).path)"
                    }
                }
                lines.append(line)
            }
            print("\(url.path): \(plan.tasks.count) runs of \(plan.script)")
            lines.forEach { print("  " + $0) }
            print(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
    }

    struct Resubmit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resubmit", abstract: "Submit a Slurm sweep's failed and unfinished runs again.")
        @ArgumentParser.Argument(help: "The sweep folder.") var folder: String
        @ArgumentParser.Argument(parsing: .postTerminator, help: "Options for sbatch, after --.") var options: [String] = []

        func run() throws {
            let url = URL(fileURLWithPath: folder).standardizedFileURL
            do {
                guard let plan = try SweepPlan.load(from: url) else { throw SweepFailure("\(url.path) holds no sweep (no \(SweepPlan.fileName))") }
                let text = try? String(contentsOf: URL(fileURLWithPath: plan.script), encoding: .utf8)
                guard text.map({ ScriptHash.hex($0.utf8) }) == plan.scriptHash else {
                    throw SweepFailure("\(plan.script) changed (or is gone) since the sweep started; its runs would not be the sweep's")
                }
                let tasks = SlurmSweep.unfinished(plan, in: url, active: Set(try SlurmSweep.queued(in: url).keys))
                guard !tasks.isEmpty else { print("nothing to resubmit: every run has finished or is queued"); return }
                let job = try SlurmSweep.submit(plan, tasks, in: url, options: options)
                print("submitted job \(job): \(tasks.count) runs (" + tasks.map { "\($0.variant) seed \($0.seed)" }.joined(separator: "; ") + ")")
            } catch let e as SweepFailure {
                ScriptRunner.report(SpecError(.value, e.description))
                throw ExitCode(1)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "Spectrum error per variant as mean ± std over seeds.")
        @ArgumentParser.Argument(help: "The sweep folder.") var folder: String
        @Option(help: "Also write a page with the figures (.html).") var report: String?

        func run() throws {
            let url = URL(fileURLWithPath: folder).standardizedFileURL
            do {
                let results = try SweepResults.load(url)
                print("\(url.path): \(results.plan.script), log10(gen/real) at the end per frequency quarter (DC excluded), mean ± std over seeds")
                print(results.tableText)
                print("")
                results.statements.forEach { print($0) }
                if !results.missing.isEmpty { print("\nnot included: " + results.missing.joined(separator: "; ")) }
                if let report {
                    try SweepReport.write(results, to: URL(fileURLWithPath: report))
                    print("report: \(report)")
                }
            } catch let e as SweepError {
                ScriptRunner.report(SpecError(.value, e.description))
                throw ExitCode(1)
            }
        }
    }
}
