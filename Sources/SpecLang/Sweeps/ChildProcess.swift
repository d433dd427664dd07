@preconcurrency import Glibc
import Foundation

/// A process started the way a shell would, for a sweep's tasks and the daemons of the tests' Slurm:
/// `executable arguments…` with standard input from /dev/null, its output appended to a log file, no other
/// descriptor (one the parent inherited, a pipe or socket its own parent waits on, would keep that waiting), no
/// blocked signal and every signal's default action, in a process group of its own — so a Ctrl-C at the terminal
/// reaches only the sweep, which passes it on once (a `spec run` that gets two ends at once instead of saving).
/// Foundation's `Process` does none of this.
public final class ChildProcess {
    public let pid: pid_t
    public private(set) var exitCode: Int32?

    public init(executable: String, arguments: [String], environment: [String: String], log: URL) throws {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        for fd in Self.openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw SweepError("cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    /// Whether the process has ended (then `exitCode` is set: 128 + the signal for a killed one).
    public func poll() -> Bool {
        if exitCode != nil { return true }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        let signal = status & 0x7f
        exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return true
    }

    public func interrupt() { kill(pid, SIGINT) }

    /// Waits for the end, at most `timeout` seconds (then kills it and gives nil).
    public func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while !poll() {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                while !poll() { usleep(10_000) }
                return nil
            }
            usleep(20_000)
        }
        return exitCode
    }

    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }
}
