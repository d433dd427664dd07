import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `spec` running on a pseudo-terminal, as under a real terminal: its own session with the terminal as the
/// controlling one, so that Ctrl-C (byte 3) becomes SIGINT. Reads are bounded by deadlines and the child is
/// killed when the value goes away, so a test cannot hang.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let master: Int32
    let pid: pid_t
    /// Everything the program wrote so far.
    private(set) var output = ""
    /// Where `expect` continues searching.
    private var searchStart: String.Index
    private var exitStatus: Int32?

    /// Starts `spec arguments…` in `directory`, with HOME set to `home`.
    init(_ arguments: [String] = [], in directory: URL, home: URL) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else {
            throw Failure(description: "cannot open a pseudo-terminal: errno \(errno)")
        }
        defer { close(slave) }
        self.master = master
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        var name = [CChar](repeating: 0, count: 256)
        guard ttyname_r(slave, &name, name.count) == 0 else {
            close(master)
            throw Failure(description: "ttyname_r failed")
        }

        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        // A new session, then opening the terminal makes it the controlling one. Signals start as in a shell:
        // none blocked (the test runner blocks some in its threads), SIGINT with its default action.
        var noSignals = sigset_t(), interrupt = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        let setSession: Int32 = 0x80  // POSIX_SPAWN_SETSID, a glibc extension that Swift does not import
        posix_spawnattr_setflags(&attributes, Int16(setSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawn_file_actions_addopen(&actions, 0, name, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["TERM"] = "xterm"
        // The shell changes to the folder, then becomes spec (posix_spawn's chdir is not importable).
        let shell = "/bin/sh"
        let executable = SpecExecutable.url.path
        let argv = ([shell, "-c", "cd \"$0\" && exec \"$@\"", directory.path, executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawn(&child, shell, &actions, &attributes, argv, envp)
        guard result == 0 else {
            close(master)
            throw Failure(description: "cannot start \(executable): error \(result)")
        }
        pid = child
        searchStart = output.startIndex
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Reads what is available within `seconds`; false at the end of the output.
    @discardableResult
    private func pump(for seconds: Double) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(max(1, seconds * 1000))) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return false }
        output += String(decoding: buffer[..<count], as: UTF8.self)
        return true
    }

    /// Waits until `text` appears after the previous match and moves past it.
    func expect(_ text: String, timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = output.range(of: text, range: searchStart..<output.endIndex) {
                searchStart = range.upperBound
                return
            }
            guard Date() < deadline, pump(for: min(0.2, max(0.01, deadline.timeIntervalSinceNow))) else {
                throw Failure(description: "did not see \(String(reflecting: text)) within \(timeout) s; output so far:\n\(output)")
            }
        }
    }

    /// Waits for the next prompt and for the line editor to take the terminal (it prints the prompt just before
    /// leaving canonical mode; a control key sent in between would be handled by the terminal, not the editor).
    func expectPrompt(_ prompt: String = "spec> ", timeout: Double = 20) throws {
        try expect(prompt, timeout: timeout)
        try waitForCanonicalMode(false, timeout: timeout)
    }

    /// Waits until the terminal is (or is not) in canonical mode: the editor reads in raw mode and gives the
    /// terminal back in canonical mode while an entry runs.
    func waitForCanonicalMode(_ canonical: Bool, timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var settings = termios()
            if tcgetattr(master, &settings) == 0, (settings.c_lflag & tcflag_t(ICANON) != 0) == canonical { return }
            guard Date() < deadline else {
                throw Failure(description: "the terminal did not become \(canonical ? "canonical" : "raw") within \(timeout) s; output:\n\(output)")
            }
            pump(for: 0.01)
        }
    }

    /// Types `text` (control characters included).
    func send(_ text: String) throws {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let written = write(master, bytes, bytes.count)
            guard written > 0 else { throw Failure(description: "cannot write to the terminal: errno \(errno)") }
            bytes.removeFirst(written)
        }
    }

    /// Waits for the program to exit and returns its exit status (-1 when a signal ended it).
    func waitForExit(timeout: Double = 20) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                exitStatus = status
                return status & 0x7f == 0 ? (status >> 8) & 0xff : -1
            }
            guard Date() < deadline else { throw Failure(description: "spec did not exit within \(timeout) s; output:\n\(output)") }
            pump(for: 0.02)
        }
    }
}
