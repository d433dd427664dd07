import Foundation

/// Terminals that can show a PNG inline, and the escape sequences that do it.
public enum InlineImageProtocol: String, Sendable {
    /// kitty's graphics protocol (also WezTerm and Konsole when they identify as kitty).
    case kitty
    /// iTerm2's inline images (OSC 1337).
    case iTerm2

    /// The protocol the terminal described by `environment` supports, if any. Inside tmux or screen neither
    /// reaches the terminal, so none is reported there.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> InlineImageProtocol? {
        let term = environment["TERM"] ?? ""
        if environment["TMUX"] != nil || term.hasPrefix("screen") || term.hasPrefix("tmux") { return nil }
        if term == "xterm-kitty" || environment["KITTY_WINDOW_ID"] != nil { return .kitty }
        if environment["TERM_PROGRAM"] == "iTerm.app" || environment["LC_TERMINAL"] == "iTerm2" { return .iTerm2 }
        return nil
    }

    /// The text that shows `png` (the bytes of a PNG file) inline, ending with a newline.
    ///
    /// kitty: the base64 payload in chunks of 4096 characters, the first `ESC _G a=T,f=100,m=1;…ESC \`,
    /// the following `ESC _G m=1;…ESC \`, the last with m=0. iTerm2: one `ESC ]1337;File=inline=1;…:…BEL`.
    public func escapeSequence(png: Data, name: String = "figure.png") -> String {
        let payload = png.base64EncodedString()
        switch self {
        case .kitty:
            let chunkSize = 4096
            var chunks: [Substring] = []
            var start = payload.startIndex
            while start < payload.endIndex {
                let end = payload.index(start, offsetBy: chunkSize, limitedBy: payload.endIndex) ?? payload.endIndex
                chunks.append(payload[start..<end])
                start = end
            }
            if chunks.isEmpty { chunks = [""] }
            var out = ""
            for (i, chunk) in chunks.enumerated() {
                let more = i < chunks.count - 1 ? 1 : 0
                let keys = i == 0 ? "a=T,f=100,m=\(more)" : "m=\(more)"
                out += "\u{1B}_G\(keys);\(chunk)\u{1B}\\"
            }
            return out + "\n"
        case .iTerm2:
            let encodedName = Data(name.utf8).base64EncodedString()
            return "\u{1B}]1337;File=name=\(encodedName);size=\(png.count);inline=1:\(payload)\u{07}\n"
        }
    }
}

/// What to do with a figure in the REPL: print escape codes that show it, or write its PNG and print the path.
public enum TerminalImageOutput: Equatable, Sendable {
    /// Print this text to show the image inline.
    case inline(String)
    /// Write the PNG to `path`, then print `message`.
    case file(path: String, message: String)

    /// Decides how to show a PNG: inline when stdout is a terminal that speaks kitty or iTerm2 graphics,
    /// otherwise by writing it to `fallbackPath`.
    public static func decide(png: Data, fallbackPath: String, stdoutIsTerminal: Bool,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalImageOutput {
        if stdoutIsTerminal, let proto = InlineImageProtocol.detect(environment: environment) {
            return .inline(proto.escapeSequence(png: png, name: URL(fileURLWithPath: fallbackPath).lastPathComponent))
        }
        return .file(path: fallbackPath, message: "figure written to \(fallbackPath)")
    }
}
