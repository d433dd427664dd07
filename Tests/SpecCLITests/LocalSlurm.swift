import Foundation
import SpecLang
#if canImport(Glibc)
import Glibc
#endif

/// A one-node Slurm on this machine for the sweep tests: Debian's `slurm-wlm` and `munge` (which `scripts/test`
/// installs), run as root without cgroups as /work/shared/SLURM.md describes. Everything lives in a temporary
/// folder: a munged of its own (key, socket, PID file), `slurm.conf` on free ports, the daemons' state, logs and
/// PID files; `stop()` ends the daemons by those PID files and removes the folder.
final class LocalSlurm {
    /// Set to 1 to skip the Slurm tests on a machine that cannot run one (CI runs scripts/test, which installs it).
    static let skipVariable = "SPEC_SKIP_SLURM_TESTS"
    static var skipped: Bool { ProcessInfo.processInfo.environment[skipVariable] == "1" }

    /// Why this machine cannot run the local Slurm.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
        init(_ why: String) {
            description = "cannot start a local Slurm: \(why); set \(LocalSlurm.skipVariable)=1 to skip the Slurm tests"
        }
    }

    let folder: URL
    var config: URL { folder.appendingPathComponent("slurm.conf") }
    /// What the commands that talk to this Slurm (sinfo, sbatch, squeue, and `spec sweep` with them) need.
    var environment: [String: String] { ["SLURM_CONF": config.path] }
    let node: String

    /// Starts munged, slurmctld and slurmd and waits until the node is idle; stops what it started if that fails.
    static func start(timeout: Double = 30) throws -> LocalSlurm {
        guard getuid() == 0 else { throw Unavailable("its daemons run as root (SlurmUser=root) and the tests run as uid \(getuid())") }
        let missing = ["munged", "slurmctld", "slurmd", "sinfo", "sbatch", "squeue", "scancel"].filter { command($0) == nil }
        guard missing.isEmpty else {
            throw Unavailable("\(missing.joined(separator: ", ")) not found: install slurm-wlm and munge (scripts/setup --for-tests, which scripts/test runs)")
        }
        let slurm = try LocalSlurm()
        do {
            try slurm.launch(timeout: timeout)
        } catch {
            slurm.stop()
            throw error
        }
        return slurm
    }

    private init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("spec-slurm-\(UUID().uuidString)")
        for sub in ["state", "spool"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var name = [UInt8](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
        node = String(host.split(separator: ".").first ?? "localhost")
    }

    private func launch(timeout: Double) throws {
        let key = folder.appendingPathComponent("munge.key")
        var bytes = [UInt8](repeating: 0, count: 1024)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        try Data(bytes).write(to: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: key.path)
        try daemon("munged", ["--force", "--socket=\(path("munge.socket"))", "--key-file=\(key.path)", "--log-file=\(path("munged.log"))",
                              "--pid-file=\(path("munged.pid"))", "--seed-file=\(path("munged.seed"))"], log: "munged.log")
        let ports = try Self.freePorts(2)
        let lines = [
            "ClusterName=spectest", "SlurmctldHost=\(node)", "SlurmUser=root", "SlurmdUser=root",
            "AuthType=auth/munge", "CredType=cred/munge", "AuthInfo=socket=\(path("munge.socket"))",
            "StateSaveLocation=\(path("state"))", "SlurmdSpoolDir=\(path("spool"))",
            "SlurmctldPidFile=\(path("slurmctld.pid"))", "SlurmdPidFile=\(path("slurmd.pid"))",
            "SlurmctldLogFile=\(path("slurmctld.log"))", "SlurmdLogFile=\(path("slurmd.log"))",
            "SlurmctldPort=\(ports[0])", "SlurmdPort=\(ports[1])",
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none", "JobAcctGatherType=jobacct_gather/none",
            "SelectType=select/cons_tres", "SelectTypeParameters=CR_Core", "ReturnToService=2",
            "NodeName=\(node) CPUs=2 RealMemory=20000 State=UNKNOWN",
            "PartitionName=debug Nodes=\(node) Default=YES MaxTime=INFINITE State=UP",
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: config, atomically: true, encoding: .utf8)
        try daemon("slurmctld", ["-f", config.path], log: "slurmctld.log")
        try daemon("slurmd", ["-f", config.path], log: "slurmd.log")
        let deadline = Date().addingTimeInterval(timeout)
        var state = ""
        while Date() < deadline {
            state = try run("sinfo", ["-h", "-o", "%T"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
            if state == "idle" { return }
            usleep(200_000)
        }
        throw Unavailable("node \(node) is not idle after \(Int(timeout)) s (sinfo says '\(state)'); slurmctld.log: \(tail("slurmctld.log")); slurmd.log: \(tail("slurmd.log"))")
    }

    /// Cancels every job, then ends slurmd, slurmctld and munged by their PID files (SIGTERM, SIGKILL after 10 s)
    /// and removes the folder.
    func stop() {
        if FileManager.default.fileExists(atPath: path("slurmctld.pid")) { _ = try? run("scancel", ["--partition=debug"], timeout: 10) }
        for name in ["slurmd", "slurmctld", "munged"] {
            guard let text = try? String(contentsOfFile: path("\(name).pid"), encoding: .utf8),
                  let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else { continue }
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while Self.isAlive(pid), Date() < deadline { usleep(50_000) }
            if Self.isAlive(pid) { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs a Slurm client command against this Slurm.
    func run(_ name: String, _ arguments: [String], timeout: Double = 30) throws -> (status: Int32, output: String) {
        guard let executable = Self.command(name) else { throw Unavailable("\(name) not found") }
        let output = folder.appendingPathComponent("\(name).out")
        let (status, timedOut) = try Self.run(executable, arguments, environment: environment, output: output, timeout: timeout)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard !timedOut else { throw Unavailable("\(name) \(arguments.joined(separator: " ")) did not end within \(Int(timeout)) s: \(text)") }
        return (status, text)
    }

    /// The last lines of one of the folder's log files, for a message.
    func tail(_ log: String, lines: Int = 6) -> String {
        let text = (try? String(contentsOfFile: path(log), encoding: .utf8)) ?? "(none)"
        return text.split(separator: "\n").suffix(lines).joined(separator: " | ")
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Starts a daemon, which forks into the background and returns; its output goes to a file (a pipe would stay
    /// open in the daemon).
    private func daemon(_ name: String, _ arguments: [String], log: String) throws {
        guard let executable = Self.command(name) else { throw Unavailable("\(name) not found") }
        let output = folder.appendingPathComponent("\(name).out")
        let (status, timedOut) = try Self.run(executable, arguments, environment: environment, output: output, timeout: 30)
        guard status == 0, !timedOut else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw Unavailable("\(name) did not start (\(timedOut ? "no answer in 30 s" : "exit \(status)")): \(text) \(tail(log))")
        }
    }

    /// A command on PATH or in the sbin folders (where Debian puts the daemons).
    static func command(_ name: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a command to its end with its output in a file, as `ChildProcess` starts it: a daemon started with
    /// Foundation's Process would inherit the socket by which Process learns that its child ended (so it never
    /// would) and the test runner's blocked signals (so SIGTERM would not stop it).
    private static func run(_ executable: String, _ arguments: [String], environment: [String: String], output: URL,
                            timeout: Double) throws -> (status: Int32, timedOut: Bool) {
        try? FileManager.default.removeItem(at: output)
        let process = try ChildProcess(executable: executable, arguments: arguments,
                                       environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, log: output)
        guard let status = process.wait(timeout: timeout) else { return (-1, true) }
        return (status, false)
    }

    /// Whether a process (not a child of this one) still runs: a zombie waiting for its parent has ended.
    private static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
    }

    /// Ports nobody listens on, held open together so that they differ.
    private static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Unavailable("no socket: \(String(cString: strerror(errno)))") }
            sockets.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw Unavailable("no free port: \(String(cString: strerror(errno)))") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}
