import Foundation
import SpecLang

/// Runs a sweep's unfinished tasks on this machine, `jobs` at a time, the cores shared out among them. Prints a
/// line when a task starts or ends and, every `reportEvery` seconds, every running task's latest progress line.
/// Ctrl-C passes one interrupt to every running task (each saves its run and stops) and starts no more; running
/// the same sweep again resumes the unfinished runs from their checkpoints and skips the finished ones.
struct LocalSweep {
    let plan: SweepPlan
    let folder: URL
    let jobs: Int
    var reportEvery: Double = 30

    func run() throws -> (completed: Int, failed: [SweepPlan.Task]) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threads = max(1, cores / jobs)
        var environment = ProcessInfo.processInfo.environment
        environment["SPEC_THREADS"] = String(threads)
        environment["OPENBLAS_NUM_THREADS"] = "1"
        var pending = plan.tasks.filter { TaskStatus.load($0.index, in: folder)?.state != .completed }
        let skipped = plan.tasks.count - pending.count
        Terminal.write("sweep \(folder.path): \(plan.tasks.count) runs (\(plan.variants.count) variants × \(plan.seeds.count) seeds); "
                       + "\(skipped) finished before, \(pending.count) to run, \(min(jobs, max(pending.count, 1))) at a time with \(threads) thread\(threads == 1 ? "" : "s") each\n")
        var running: [(task: SweepPlan.Task, process: ChildProcess, status: TaskStatus, start: Date)] = []
        var failed: [SweepPlan.Task] = []
        var completed = 0
        var lastReport = Date()
        Interrupt.clear()
        var stopping = false
        while !pending.isEmpty || !running.isEmpty {
            if Interrupt.isRequested, !stopping {
                stopping = true
                Terminal.write("stopping: every running task saves its run; the same command resumes the sweep\n")
                running.forEach { $0.process.interrupt() }
            }
            while !stopping, running.count < jobs, !pending.isEmpty {
                let task = pending.removeFirst()
                var status = TaskStatus(state: .running, host: ProcessInfo.processInfo.hostName,
                                        started: ISO8601DateFormatter().string(from: Date()), log: TaskStatus.log(task))
                try status.save(task.index, in: folder)
                do {
                    let process = try ChildProcess(executable: plan.executable, arguments: task.arguments, environment: environment,
                                                   log: folder.appendingPathComponent(status.log))
                    running.append((task, process, status, Date()))
                    Terminal.write("started     \(Self.name(task))  log \(status.log)\n")
                } catch {
                    status.state = .failed
                    try status.save(task.index, in: folder)
                    failed.append(task)
                    Terminal.write("failed      \(Self.name(task)): \(error)\n")
                }
            }
            if stopping { pending.removeAll() }
            for i in running.indices.reversed() where running[i].process.poll() {
                var (task, process, status, start) = running.remove(at: i)
                let code = process.exitCode ?? -1
                status.exitCode = code
                status.seconds = Date().timeIntervalSince(start)
                status.state = code == 0 ? (stopping && Self.wasInterrupted(status, in: folder) ? .interrupted : .completed) : (stopping ? .interrupted : .failed)
                try status.save(task.index, in: folder)
                switch status.state {
                case .completed: completed += 1
                case .failed: failed.append(task)
                default: break
                }
                Terminal.write("\(status.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(Self.name(task))  "
                               + String(format: "%.0f s", status.seconds ?? 0) + (code == 0 ? "" : ", exit \(code); log \(folder.appendingPathComponent(status.log).path)") + "\n")
            }
            if Date().timeIntervalSince(lastReport) >= reportEvery, !running.isEmpty {
                lastReport = Date()
                let done = plan.tasks.filter { TaskStatus.load($0.index, in: folder)?.state == .completed }.count
                Terminal.write("progress: \(done)/\(plan.tasks.count) finished, \(running.count) running, \(pending.count) waiting\n")
                for r in running { Terminal.write("  \(Self.name(r.task)): \(Self.lastLine(of: folder.appendingPathComponent(r.status.log)))\n") }
            }
            usleep(100_000)
        }
        return (completed, failed)
    }

    static func name(_ task: SweepPlan.Task) -> String { "\(task.variant) seed \(task.seed)" }

    /// The last progress line of a log (what a run prints every print_every steps).
    static func lastLine(of log: URL) -> String {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return "(no output yet)" }
        return text.split(separator: "\n").last.map(String.init) ?? "(no output yet)"
    }

    /// A run stopped by Ctrl-C ends with exit code 0 after saving; its log says it was interrupted.
    static func wasInterrupted(_ status: TaskStatus, in folder: URL) -> Bool {
        (try? String(contentsOf: folder.appendingPathComponent(status.log), encoding: .utf8))?.contains("interrupted at step") ?? false
    }
}
