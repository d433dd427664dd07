import Foundation
import SpecLang

/// The interactive prompt: reads entries with libedit (continuing unfinished ones), runs them on a large-stack
/// thread and prints each result's summary. The session is the user's own: files are not fenced.
struct REPL {
    let interpreter: Interpreter
    /// The notebook `spec run FILE -i` ran, for `:cells`, `:cell` and `:rerun`.
    let notebook: LoadedNotebook?

    /// Where the session's figures and runs go: the notebook's output folder after `spec run -i`, else a folder of
    /// the prompt's own, `runs/prompt-<date>-<time>/` (created on the first write).
    init(interpreter: Interpreter, notebook: LoadedNotebook? = nil, output: URL? = nil) {
        interpreter.files = .unrestricted(output: output ?? Self.promptFolder())
        interpreter.letOverrides = [:]
        self.interpreter = interpreter
        self.notebook = notebook
    }

    static func promptFolder() -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd-HHmmss"
        return URL(fileURLWithPath: "runs/prompt-\(formatter.string(from: Date()))").standardizedFileURL
    }

    /// libedit catches a Ctrl-C at the prompt, then re-raises it with kill(0, SIGINT). That signal goes to the
    /// process, and while libedit's handler runs the main thread blocks it, so another thread (OpenBLAS starts one)
    /// may run our handler after the read has returned, after the loop cleared the flag: the next entry then
    /// stopped at once (seen once in 25 runs under load). So the prompt waits for that handler first: microseconds
    /// normally, at most a second if the signal never comes.
    private static func awaitReRaisedInterrupt(after requests: Int) {
        for _ in 0..<1000 where Interrupt.process.requestCount == requests { usleep(1000) }
    }

    /// Runs until Ctrl-D, the end of the input or `:quit`.
    func run() throws {
        Terminal.useUserLocale()
        Terminal.installInterruptHandler()
        let session = REPLSession(interpreter: interpreter, colour: Terminal.errorIsTerminal,
                                  write: Terminal.write, writeError: Terminal.writeError)
        session.notebook = notebook
        let interactive = Terminal.inputIsTerminal
        if Terminal.outputIsTerminal {
            interpreter.terminal = InteractiveTerminal(columns: { Terminal.columns }, environment: ProcessInfo.processInfo.environment)
        }
        // Entries piped in are a script, not something to recall: only a terminal session keeps history.
        let history = try LineHistory(file: interactive ? LineHistory.defaultFile : nil)
        let interpreter = self.interpreter
        let editor = try LineEditor(program: "spec", history: history) { line, cursor in
            CompletionList.complete(line: line, cursor: cursor, pending: session.pending, interpreter: interpreter, notebook: session.notebook)
        }
        if interactive {
            let folder = interpreter.files.outputFolder.path
            let cwd = FileManager.default.currentDirectoryPath + "/"
            Terminal.write("spec \(SpecVersion.current): :help for help, help() for the builtins, Ctrl-D to leave\n"
                           + "figures and runs go to \(folder.hasPrefix(cwd) ? String(folder.dropFirst(cwd.count)) : folder)/\n")
        }
        while true {
            Interrupt.clear()  // a Ctrl-C between entries stops nothing; at the prompt it drops the line
            let requests = Interrupt.process.requestCount
            switch editor.read(prompt: session.prompt) {
            case .end:
                if interactive { Terminal.write("\n") }
                return
            case .cancelled:
                Self.awaitReRaisedInterrupt(after: requests)
                session.cancel()
                Terminal.write("\n")
            case .line(let line):
                guard case .entry(let entry) = session.accept(line) else { continue }
                history.add(entry)
                guard session.run(entry) else { return }
            }
        }
    }
}
