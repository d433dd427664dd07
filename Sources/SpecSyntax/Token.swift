/// The reserved words of the language.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, fn, `if`, `else`, `for`, `in`, `while`, `break`, `continue`, `return`, `import`
    case `true`, `false`, `nil`, and, or, not
}

/// Operators and punctuation, spelled as in source.
public enum Punctuator: String, CaseIterable, Sendable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", leftBrace = "{", rightBrace = "}"
    case comma = ",", colon = ":", semicolon = ";", dot = "."
    case plus = "+", minus = "-", star = "*", slash = "/", slashSlash = "//", percent = "%", at = "@", starStar = "**"
    case equal = "=", plusEqual = "+=", minusEqual = "-=", starEqual = "*=", slashEqual = "/="
    case equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// A piece of a string literal: literal text (escapes already decoded) or the byte range of an
/// interpolated expression `\( … )`, which the parser parses in place so its spans stay exact.
public enum StringSegment: Sendable, Equatable {
    case text(String)
    case interpolation(Range<Int>)
}

public enum TokenKind: Sendable, Equatable {
    case identifier(String)
    case integer(Int)
    case float(Double)
    case string([StringSegment])
    case keyword(Keyword)
    case punctuator(Punctuator)
    /// One or more line breaks (consecutive blank lines and comment lines give a single token).
    case newline
    case endOfInput
    /// A lexical error. The lexer stops at the first one, so it is the last token.
    /// (Indirect to keep tokens small, since the parser copies them a lot.)
    indirect case invalid(SpecError)
}

public struct Token: Sendable, Equatable {
    public let kind: TokenKind
    public let span: SourceSpan

    public init(_ kind: TokenKind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// How error messages name the token: `'let'`, `'('`, `number '3'`, `end of line`.
    var displayName: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .integer, .float: "number '\(span.text)'"
        case .string: "a string"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .punctuator(let punctuator): "'\(punctuator.rawValue)'"
        case .newline: "end of line"
        case .endOfInput: "end of input"
        case .invalid: "an invalid token"
        }
    }
}
