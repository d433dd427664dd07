import Foundation
import SpecMedia
import SpecSyntax

/// Where figures and images go. A figure with a path is written there (relative to the output folder, format
/// by extension). Without one it goes to the next numbered `figure_N.png` in the output folder and is shown:
/// inline at a terminal that speaks kitty or iTerm2 graphics, and its path printed. Every file written is
/// reported to `onFileWritten`, so notebook reports embed it.
enum FigureOutput {
    /// Writes a plot to its `path` argument (returning the path) or, when that is nil, to a numbered file that is
    /// shown (returning nil).
    static func write(_ figure: some Figure, _ args: Arguments) throws -> Value {
        let interpreter = args.interpreter
        // Reports caption a figure with its title, else with the call that drew it.
        let caption = try args.optionalString("title") ?? args.span?.text
        guard let path = try args.optionalString("path") else {
            let png = try figure.render(.png)
            let url = try writeNumbered(png, args, caption: caption)
            showInline(png, interpreter)
            interpreter.output("figure written to \(url.path)")
            return .nil
        }
        do { _ = try FigureFormat(path: path) } catch let e as MediaError { throw args.error("path", e.description) }
        let url = try interpreter.files.writeURL(path, at: args.spanOf("path"))
        try figure.save(to: url.path)
        interpreter.onFileWritten(WrittenFile(url, caption: caption))
        return .string(url.path)
    }

    /// Shows an image or figure given as PNG bytes: inline at a terminal that can; otherwise written to a
    /// numbered file whose path is printed.
    static func show(png: Data, _ args: Arguments) throws {
        if showInline(png, args.interpreter) { return }
        let url = try writeNumbered(png, args, caption: args.span?.text)
        args.interpreter.output("figure written to \(url.path)")
    }

    /// Prints the escape sequence that shows `png`, when the session's terminal speaks an image protocol.
    @discardableResult
    private static func showInline(_ png: Data, _ interpreter: Interpreter) -> Bool {
        guard let proto = interpreter.terminal?.inlineImages else { return false }
        interpreter.output(String(proto.escapeSequence(png: png).dropLast()))
        return true
    }

    /// Writes `png` to the next `figure_N.png` of the output folder and reports it. A script numbers from 1 each
    /// run (a rerun replaces its figures); an unfenced session (the REPL, writing into the user's folder) skips
    /// numbers whose file exists.
    private static func writeNumbered(_ png: Data, _ args: Arguments, caption: String?) throws -> URL {
        let interpreter = args.interpreter
        var url: URL
        repeat {
            interpreter.figuresNumbered += 1
            url = try interpreter.files.writeURL("figure_\(interpreter.figuresNumbered).png", at: args.span)
        } while interpreter.files.writable == nil && FileManager.default.fileExists(atPath: url.path)
        do { try png.write(to: url, options: .atomic) } catch {
            throw SpecError(.io, "cannot write \(url.path): \(error.localizedDescription)", at: args.span)
        }
        interpreter.onFileWritten(WrittenFile(url, caption: caption))
        return url
    }
}
