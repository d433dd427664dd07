@preconcurrency import CEditLine
@preconcurrency import Glibc
import SpecLang

/// The process-wide C state the REPL touches: the standard streams, the locale, `errno`, the SIGINT handler and
/// the terminal's width. Swift 6 treats C globals as unchecked shared state, so they stay in this one file.
enum Terminal {
    static var inputIsTerminal: Bool { isatty(0) != 0 }
    static var outputIsTerminal: Bool { isatty(1) != 0 }
    static var errorIsTerminal: Bool { isatty(2) != 0 }

    /// Characters as the user's locale says (UTF-8 editing in libedit).
    static func useUserLocale() { setlocale(LC_CTYPE, "") }

    /// A libedit editor on the standard streams.
    static func makeEditLine(program: String) -> OpaquePointer? { el_init(program, stdin, stdout, stderr) }

    /// Ctrl-C requests an interrupt: a running evaluation stops at its next safe point; at the prompt, libedit's
    /// read returns with EINTR and the line is dropped.
    static func installInterruptHandler() {
        _ = spec_install_sigint { _ in Interrupt.request() }
    }

    /// For scripts: the first Ctrl-C requests an interrupt (a training run saves and stops at its next step); a
    /// second one, before the first was honoured, ends the process at once.
    static func installScriptInterruptHandler() {
        _ = spec_install_sigint { _ in
            if Interrupt.isRequested { _exit(130) }
            Interrupt.request()
        }
    }

    /// Whether the last failed system call was interrupted by a signal.
    static var lastCallWasInterrupted: Bool { errno == EINTR }

    /// Columns of the terminal on standard output (80 when unknown).
    static var columns: Int {
        let width = Int(spec_terminal_columns(1))
        return width > 0 ? width : 80
    }

    /// Writes to standard output and flushes it, so text appears before the next prompt.
    static func write(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }

    /// Writes to standard error, after flushing standard output so that the order on a terminal is kept.
    static func writeError(_ text: String) {
        fflush(stdout)
        fputs(text, stderr)
    }
}
