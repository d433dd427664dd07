/// Turns source bytes into tokens in one pass.
///
/// Whitespace and `#` comments (including `#%%` cell markers) are skipped; line breaks become `.newline`
/// tokens because they end statements. String literals are single-line; an interpolation `\( … )` is only
/// delimited here (matching parentheses, skipping nested strings) and parsed later by the parser.
public struct Lexer {
    /// Every keyword, e.g. for tab completion.
    public static let keywords: [String] = Keyword.allCases.map(\.rawValue)

    /// All tokens of `file`, ending with `.endOfInput`.
    public static func tokenize(_ file: SourceFile) throws(SpecError) -> [Token] {
        var lexer = Lexer(file: file, range: 0..<file.utf8.count)
        let tokens = lexer.tokenize()
        if case .invalid(let error)? = tokens.last?.kind { throw error }
        return tokens
    }

    private let file: SourceFile
    private let bytes: [UInt8]
    private let end: Int
    private var position: Int
    /// How many string literals enclose the current position (through interpolations), counted from the
    /// parser's nesting so that the total stays below `Parser.maxNesting`.
    private var stringDepth: Int

    init(file: SourceFile, range: Range<Int>, nesting: Int = 0) {
        self.file = file
        bytes = file.utf8
        position = max(0, min(range.lowerBound, bytes.count))
        end = max(position, min(range.upperBound, bytes.count))
        stringDepth = nesting
    }

    /// The tokens of the range, ending with `.endOfInput`, or with `.invalid` at the first lexical error.
    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            skipBlanksAndComments()
            let start = position
            guard position < end else {
                tokens.append(Token(.endOfInput, span: span(from: start)))
                return tokens
            }
            if bytes[position] == UInt8(ascii: "\n") {
                position += 1
                if let last = tokens.last, last.kind != .newline {
                    tokens.append(Token(.newline, span: span(from: start)))
                }
                continue
            }
            do {
                let kind = try nextKind()
                tokens.append(Token(kind, span: span(from: start)))
            } catch {
                tokens.append(Token(.invalid(error), span: error.span ?? span(from: start)))
                return tokens
            }
        }
    }

    private func span(from start: Int) -> SourceSpan {
        SourceSpan(file: file, start: start, end: position)
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let index = position + ahead
        return index < end ? bytes[index] : nil
    }

    private mutating func skipBlanksAndComments() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                while let next = peek(), next != UInt8(ascii: "\n") { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func nextKind() throws(SpecError) -> TokenKind {
        guard let byte = peek() else { return .endOfInput }
        if isDigit(byte) { return try number() }
        if isIdentifierStart(byte) { return identifierOrKeyword() }
        if byte == UInt8(ascii: "\"") { return .string(try string()) }
        return try punctuator()
    }

    private mutating func identifierOrKeyword() -> TokenKind {
        let start = position
        while let byte = peek(), isIdentifierStart(byte) || isDigit(byte) { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        return Self.keywordsByName[name].map(TokenKind.keyword) ?? .identifier(name)
    }

    /// `123`, `10_000`, `0.5`, `1e-3`, `2.5E+4`. A dot is part of the number only when a digit follows,
    /// so `3.shape` is a field access.
    private mutating func number() throws(SpecError) -> TokenKind {
        let start = position
        var isFloat = false
        skipDigits()
        if peek() == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
            isFloat = true
            position += 1
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isFloat = true
            let exponentStart = position
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek(), isDigit(digit) else {
                throw SpecError(.syntax, "expected digits after the exponent 'e' of a number",
                                at: SourceSpan(file: file, start: exponentStart, end: position))
            }
            skipDigits()
        }
        if let next = peek(), isIdentifierStart(next) {
            let letters = position
            let digits = span(from: start).text
            while let byte = peek(), isIdentifierStart(byte) || isDigit(byte) { position += 1 }
            throw SpecError(.syntax, "unexpected letters after number '\(digits)'",
                            at: SourceSpan(file: file, start: letters, end: position),
                            notes: [.init("put a space or an operator between a number and a name")])
        }
        let text = String(decoding: bytes[start..<position].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if isFloat {
            guard let value = Double(text), value.isFinite else {
                throw SpecError(.syntax, "number '\(text)' is too large", at: span(from: start))
            }
            return .float(value)
        }
        guard let value = Int(text) else {
            throw SpecError(.syntax, "integer '\(text)' is too large (the largest is \(Int.max))", at: span(from: start),
                            notes: [.init("write it as a float, e.g. '\(text).0'")])
        }
        return .integer(value)
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) || byte == UInt8(ascii: "_") { position += 1 }
    }

    /// A string literal starting at the current `"`; returns its segments. Inside an interpolation
    /// (`enclosingInterpolation` is the offset of its `\(`), reaching the end of the line more likely means
    /// a missing `)` than a missing quote, so that is what the error says.
    private mutating func string(enclosingInterpolation: Int? = nil) throws(SpecError) -> [StringSegment] {
        let opening = position
        guard stringDepth < Parser.maxNesting else {
            throw SpecError(.syntax, "string interpolations nested too deeply (the limit is \(Parser.maxNesting))",
                            at: SourceSpan(file: file, start: opening, end: opening + 1))
        }
        stringDepth += 1
        defer { stringDepth -= 1 }
        position += 1
        var segments: [StringSegment] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
            text = []
        }
        while true {
            if isLineEnd(position) || (peek() == UInt8(ascii: "\\") && isLineEnd(position + 1)) {
                if let enclosingInterpolation { throw unterminatedInterpolation(at: enclosingInterpolation) }
                throw SpecError(.syntax, "unterminated string", at: span(from: opening),
                                notes: [.init("add a closing '\"' before the end of the line")])
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                flush()
                return segments
            case UInt8(ascii: "\\"):
                if peek(1) == UInt8(ascii: "(") {
                    flush()
                    segments.append(.interpolation(try interpolation()))
                } else {
                    text.append(try escape())
                }
            default:
                text.append(byte)
                position += 1
            }
        }
    }

    /// The escape sequence at the current backslash, decoded.
    private mutating func escape() throws(SpecError) -> UInt8 {
        let backslash = position
        position += 1
        let decoded: UInt8
        switch peek() {
        case UInt8(ascii: "n"): decoded = UInt8(ascii: "\n")
        case UInt8(ascii: "t"): decoded = UInt8(ascii: "\t")
        case UInt8(ascii: "r"): decoded = UInt8(ascii: "\r")
        case UInt8(ascii: "0"): decoded = 0
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        default:
            position += scalarLength(at: position)
            throw SpecError(.syntax, "unknown escape sequence '\(span(from: backslash).text)'", at: span(from: backslash),
                            notes: [.init("the escapes are \\n \\t \\r \\0 \\\" \\\\ and \\( … ) for interpolation")])
        }
        position += 1
        return decoded
    }

    /// Skips an interpolation `\( … )` and returns the byte range between its parentheses.
    private mutating func interpolation() throws(SpecError) -> Range<Int> {
        let opening = position
        position += 2
        let start = position
        var depth = 0
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            switch byte {
            case UInt8(ascii: "\""):
                _ = try string(enclosingInterpolation: opening)
                continue
            case UInt8(ascii: "("):
                depth += 1
            case UInt8(ascii: ")"):
                if depth == 0 {
                    position += 1
                    return start..<(position - 1)
                }
                depth -= 1
            default:
                break
            }
            position += 1
        }
        throw unterminatedInterpolation(at: opening)
    }

    private func unterminatedInterpolation(at opening: Int) -> SpecError {
        SpecError(.syntax, "unterminated interpolation: expected ')'", at: SourceSpan(file: file, start: opening, end: opening + 2),
                  notes: [.init("an interpolation '\\( … )' must close on the same line")])
    }

    private static let keywordsByName = Dictionary(uniqueKeysWithValues: Keyword.allCases.map { ($0.rawValue, $0) })

    /// Punctuators by their one or two bytes (`first << 8 | second`), looked up longest first.
    private static let punctuatorsByBytes = Dictionary(uniqueKeysWithValues: Punctuator.allCases.map { punctuator in
        (punctuator.rawValue.utf8.reduce(0) { $0 << 8 | UInt16($1) }, punctuator)
    })

    private mutating func punctuator() throws(SpecError) -> TokenKind {
        let start = position
        let first = UInt16(bytes[position])
        if let next = peek(1), let punctuator = Self.punctuatorsByBytes[first << 8 | UInt16(next)] {
            position += 2
            return .punctuator(punctuator)
        }
        if let punctuator = Self.punctuatorsByBytes[first] {
            position += 1
            return .punctuator(punctuator)
        }
        position += scalarLength(at: position)
        let character = span(from: start).text
        let shown = character.unicodeScalars.allSatisfy(\.properties.isGraphemeBase)
            ? "'\(character)'"
            : character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
        var notes: [SpecError.Note] = []
        switch character {
        case "'": notes = [.init("strings use double quotes: \"text\"")]
        case "!": notes = [.init("use 'not' for negation (and '!=' for 'not equal')")]
        case "&": notes = [.init("use 'and'")]
        case "|": notes = [.init("use 'or'")]
        default: break
        }
        throw SpecError(.syntax, "unexpected character \(shown)", at: span(from: start), notes: notes)
    }

    /// The number of bytes of the UTF-8 sequence starting at `offset` (1 for a stray continuation byte).
    private func scalarLength(at offset: Int) -> Int {
        guard offset < end else { return 0 }
        let lead = bytes[offset]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return min(length, end - offset)
    }

    private func isLineEnd(_ offset: Int) -> Bool {
        offset >= end || bytes[offset] == UInt8(ascii: "\n")
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }
}
