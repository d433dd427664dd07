@preconcurrency import Glibc
import Foundation

/// A task's process: `executable arguments…` with its output appended to a log file, in a process group of its
/// own, so that a Ctrl-C at the terminal reaches only the sweep, which passes it on once (a `spec run` that gets
/// two ends at once instead of saving its run).
final class ChildProcess {
    let pid: pid_t
    private(set) var exitCode: Int32?

    init(executable: String, arguments: [String], environment: [String: String], log: URL) throws {
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
        // Only the three standard streams: a descriptor the sweep inherited (a pipe or socket its own parent waits on)
        // would otherwise stay open in the task and keep that parent waiting after the sweep has ended.
        for fd in Self.openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var noSignals = sigset_t(), interrupt = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
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
        guard status == 0 else { throw SweepFailure("cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    /// Whether the process has ended (then `exitCode` is set: 128 + the signal for a killed one).
    func poll() -> Bool {
        if exitCode != nil { return true }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        let signal = status & 0x7f
        exitCode = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return true
    }

    func interrupt() { kill(pid, SIGINT) }

    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }
}

struct SweepFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
