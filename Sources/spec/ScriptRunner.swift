import Foundation
import SpecLang
import SpecSyntax

/// Loading scripts, running them on a thread with a large stack, and reporting their errors.
enum ScriptRunner {
    /// Deeply nested scripts recurse deeply in the parser and the interpreter; the main thread's 8 MB is not
    /// always enough, so evaluation runs on a thread with this much stack.
    static let stackSize = 512 << 20

    /// Runs `body` on a large-stack thread and waits for it.
    static func onLargeStack<T>(_ body: @escaping () -> T) -> T {
        let box = ThreadHandOff(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { box.result = box.body(); done.signal() }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        return box.result!
    }

    /// The text of a script file, or of standard input for "-".
    static func read(_ path: String) throws -> (text: String, name: String, url: URL?) {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return (String(decoding: data, as: UTF8.self), "<stdin>", nil)
        }
        let url = URL(fileURLWithPath: path)
        do {
            return (try String(contentsOf: url, encoding: .utf8), path, url)
        } catch {
            throw SpecError(.io, "cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func report(_ error: Error) {
        let text: String
        if let e = error as? SpecError { text = e.formatted(colour: isatty(2) != 0) } else { text = "error: \(error)" }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Carries work to another thread and its result back; the semaphore orders the accesses.
private final class ThreadHandOff<T>: @unchecked Sendable {
    let body: () -> T
    var result: T?
    init(_ body: @escaping () -> T) { self.body = body }
}
