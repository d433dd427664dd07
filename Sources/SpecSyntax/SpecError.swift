/// The one error type of spec: syntax errors from the parser and, later, runtime errors from the
/// interpreter. It carries an optional source span, so every error can be shown with its line and a caret.
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case syntax, name, type, value, index, runtime, io, interrupted

        /// The word printed before the message: `error:`, `type error:` …
        var label: String {
            switch self {
            case .syntax, .runtime: "error"
            case .interrupted: "interrupted"
            case .io: "I/O error"
            case .name, .type, .value, .index: "\(rawValue) error"
            }
        }
    }

    /// Extra information printed after the message, optionally pointing at another place
    /// (e.g. "'(' opened here") or offering a fix ("did you mean 'toyset'?").
    public struct Note: Sendable, Equatable {
        public var message: String
        public var span: SourceSpan?

        public init(_ message: String, at span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    public var kind: Kind
    public var message: String
    public var span: SourceSpan?
    public var notes: [Note]

    public init(_ kind: Kind, _ message: String, at span: SourceSpan? = nil, notes: [Note] = []) {
        self.kind = kind
        self.message = message
        self.span = span
        self.notes = notes
    }

    public var description: String { formatted() }

    /// The error as a compiler-style diagnostic:
    ///
    ///     script.spec:3:14: error: expected ')' after arguments
    ///       let d = conv(x, 3
    ///                    ^
    ///
    /// followed by the notes, each shown the same way when it has a span.
    public func formatted(colour: Bool = false) -> String {
        let style = DiagnosticStyle(colour: colour)
        var lines = Self.diagnostic(
            label: style.error(kind.label + ":"), message: message, span: span, style: style)
        for note in notes {
            lines += Self.diagnostic(label: style.note("note:"), message: note.message, span: note.span, style: style)
        }
        return lines.joined(separator: "\n")
    }

    private static func diagnostic(label: String, message: String, span: SourceSpan?, style: DiagnosticStyle) -> [String] {
        guard let span else { return ["\(label) \(message)"] }
        let heading = style.bold("\(span.file.name):\(span.startLocation):") + " \(label) \(style.bold(message))"
        return [heading] + excerpt(of: span, style: style)
    }

    /// The first line of `span` indented by two spaces, with a caret under its start and `~` under the rest
    /// of the span on that line. Tabs in the line are repeated in the padding so the caret lines up.
    private static func excerpt(of span: SourceSpan, style: DiagnosticStyle) -> [String] {
        let file = span.file
        let lineRange = file.range(ofLine: span.line)
        let before = String(decoding: file.utf8[lineRange.lowerBound..<max(lineRange.lowerBound, min(span.start, lineRange.upperBound))], as: UTF8.self)
        let underlinedEnd = max(span.start, min(span.end, lineRange.upperBound))
        let underlined = String(decoding: file.utf8[min(span.start, underlinedEnd)..<underlinedEnd], as: UTF8.self)
        let padding = String(before.map { $0 == "\t" ? "\t" : " " })
        let marker = "^" + String(repeating: "~", count: max(0, underlined.count - 1))
        return ["  " + file.text(ofLine: span.line), "  " + padding + style.caret(marker)]
    }
}

/// ANSI colours for diagnostics, or none.
private struct DiagnosticStyle {
    let colour: Bool

    private func wrap(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func error(_ text: String) -> String { wrap(text, "1;31") }
    func note(_ text: String) -> String { wrap(text, "1;36") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func caret(_ text: String) -> String { wrap(text, "1;32") }
}
