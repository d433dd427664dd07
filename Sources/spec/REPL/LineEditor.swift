import CEditLine
import Foundation
import SpecLang

/// Reads lines with libedit: a prompt, emacs key bindings (and the user's ~/.editrc), history and Tab
/// completion. libedit's callbacks cannot capture context, so they find the editor through EL_CLIENTDATA.
final class LineEditor {
    /// What one read gives.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C at the prompt: the line is dropped.
        case cancelled
        /// Ctrl-D on an empty line, or the end of the input.
        case end
    }

    private let editLine: OpaquePointer
    /// Kept alive here: libedit walks it for the up and down keys.
    private let history: LineHistory
    /// Completions for a line and a UTF-8 cursor offset in it.
    private let complete: (String, Int) -> Completion.Result
    /// The prompt libedit shows, owned here (libedit keeps the pointer the prompt function returns).
    private var promptText: UnsafeMutablePointer<CChar>

    init(program: String, history: LineHistory, complete: @escaping (String, Int) -> Completion.Result) throws {
        guard let editLine = Terminal.makeEditLine(program: program), let prompt = strdup("") else {
            throw REPLError("cannot start the line editor")
        }
        self.editLine = editLine
        self.history = history
        self.complete = complete
        self.promptText = prompt
        _ = spec_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = spec_el_set_editor(editLine, "emacs")
        _ = spec_el_set_signal(editLine, 1)
        _ = spec_el_set_history(editLine, history.handle)
        _ = spec_el_set_prompt(editLine) { el in
            guard let el, let data = spec_el_clientdata(el) else { return LineEditor.noPrompt }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().promptText
        }
        _ = spec_el_add_function(editLine, "spec-complete", "Complete the name, keyword, field or path before the cursor") { el, _ in
            guard let el, let data = spec_el_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
        }
        _ = spec_el_bind(editLine, "^I", "spec-complete")
        _ = el_source(editLine, nil)
    }

    /// An empty prompt, for a prompt callback that finds no editor (libedit cannot take a null prompt).
    private static var noPrompt: UnsafeMutablePointer<CChar> {
        UnsafeMutableRawPointer(mutating: StaticString("").utf8Start).assumingMemoryBound(to: CChar.self)
    }

    deinit {
        el_end(editLine)
        free(promptText)
    }

    /// Shows `prompt` and reads one line (without its newline).
    func read(prompt: String) -> Input {
        if let text = strdup(prompt) {
            free(promptText)
            promptText = text
        }
        var count: Int32 = 0
        guard let raw = el_gets(editLine, &count) else {
            // A Ctrl-C (our handler saw it) cancels the line wherever libedit was, incremental history search
            // included: there the read ends without EINTR, and taking that for the end of input would end the session.
            return Interrupt.isRequested || (count == -1 && Terminal.lastCallWasInterrupted) ? .cancelled : .end
        }
        var line = String(cString: raw)  // a copy: libedit reuses its buffer
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// The Tab key: inserts what all candidates share, or lists them when there is nothing to insert.
    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor,
              let last = info.lastchar else { return UInt8(CC_ERROR) }
        let text = String(decoding: UnsafeRawBufferPointer(start: buffer, count: last - buffer), as: UTF8.self)
        let result = complete(text, cursor - buffer)
        guard !result.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = result.commonPrefix
        if common.count > result.prefix.count {
            _ = el_insertstr(editLine, String(common.dropFirst(result.prefix.count)))
            return UInt8(CC_REFRESH)
        }
        guard result.candidates.count > 1 else { return UInt8(CC_REFRESH) }
        Terminal.write("\n" + CompletionList.layout(CompletionList.shown(result), width: Terminal.columns))
        return UInt8(CC_REDISPLAY)
    }
}
