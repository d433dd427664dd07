/// A recursive-descent parser for spec (statements here, expressions in ParserExpressions.swift).
///
///     program    = { statement separator }
///     statement  = "let" names "=" expr | "fn" NAME function | "if" expr block { "else" "if" expr block } [ "else" block ]
///                | "for" names "in" expr block | "while" expr block | "break" | "continue"
///                | "return" [ expr ] | "import" STRING [ "as" NAME ] | expr [ ("=" | "+=" | "-=" | "*=" | "/=") expr ]
///     names      = NAME { "," NAME }
///     (list)     = "[" [ expr ( "for" names "in" expr [ "if" expr ] | { "," expr } [ "," ] ) ] "]"
///     function   = "(" [ NAME [ "=" expr ] { "," NAME [ "=" expr ] } [ "," ] ] ")" block
///     block      = "{" { statement separator } "}"
///
/// Expressions, weakest first: `or`, `and`, prefix `not`, comparisons (`== != < <= > >=`, which do not chain:
/// `a < b < c` is an error), `+ -`, `* / % @`, prefix `- +`, `**` (right-associative; `-2 ** 2 == -(2 ** 2)`),
/// then postfix calls `f(a, k: v)`, indexing `a[i, j:k:s]` and fields `a.b`.
///
/// Line breaks end statements (as does `;`), except inside `( )`, `[ ]` and record `{ }`, and after a
/// binary operator, `=` or `,`. A `{` is a block only after an `if`/`else`/`for`/`while`/`fn` header;
/// anywhere else it starts a record literal. Nesting (expressions and blocks together) is capped at
/// `maxNesting` so that no input can exhaust the stack, here or in the interpreter.
public struct Parser {
    /// At this depth the parser needs about 0.5 MB of stack in release builds and 2 MB in debug builds
    /// (measured on x86-64 Linux), well within the 8 MB of a main thread; a script runner on its own thread
    /// should ask for at least as much, plus what the interpreter needs for the same depth.
    public static let maxNesting = 200

    /// What a REPL needs to know about an input: run it, ask for more lines, or show the error.
    public enum Completeness: Sendable {
        case complete(Program)
        /// The input ended inside an open construct (`for x in xs {`, `f(1,`, `let x =`).
        case incomplete
        case invalid(SpecError)
    }

    /// Parses a whole file, or only `range` of it (e.g. one cell) with positions still relative to the file.
    public static func parseProgram(_ file: SourceFile, range: Range<Int>? = nil) throws(SpecError) -> Program {
        let range = range ?? 0..<file.utf8.count
        var parser = Parser(file: file, range: range)
        return try parser.program(range: range)
    }

    public static func parseProgram(source: String, name: String = "<input>") throws(SpecError) -> Program {
        try parseProgram(SourceFile(name: name, text: source))
    }

    /// Parses a file holding a single expression.
    public static func parseExpression(_ file: SourceFile) throws(SpecError) -> Expr {
        var parser = Parser(file: file, range: 0..<file.utf8.count)
        return try parser.wholeExpression(endingWith: "end of input")
    }

    public static func completeness(of source: String, name: String = "<input>") -> Completeness {
        let file = SourceFile(name: name, text: source)
        let range = 0..<file.utf8.count
        var parser = Parser(file: file, range: range)
        do {
            return .complete(try parser.program(range: range))
        } catch {
            return parser.stoppedAtEndOfInput ? .incomplete : .invalid(error)
        }
    }

    /// True when `source` ends inside an open construct, so a REPL should read another line.
    public static func isIncomplete(_ source: String) -> Bool {
        if case .incomplete = completeness(of: source) { return true }
        return false
    }

    let file: SourceFile
    /// Never empty: the last token is `.endOfInput` or `.invalid`.
    let tokens: [Token]
    var index = 0
    /// The last token consumed other than a line break, to place errors about something missing at a line's end.
    var previous: Token?
    /// Expressions and blocks currently open around the parser, see `maxNesting`.
    var nesting: Int
    /// False inside brackets, where line breaks are skipped.
    var newlinesAreSignificant = true
    /// Parsing the inside of a string interpolation, whose end of input is the closing `)`.
    let isInterpolation: Bool
    /// Set when the error being thrown is about an unexpected end of input.
    var stoppedAtEndOfInput = false

    init(file: SourceFile, range: Range<Int>, nesting: Int = 0, isInterpolation: Bool = false) {
        self.file = file
        var lexer = Lexer(file: file, range: range, nesting: nesting)
        tokens = lexer.tokenize()
        self.nesting = nesting
        self.isInterpolation = isInterpolation
    }

    // MARK: Tokens

    /// The current token; inside brackets, line breaks are skipped first.
    var current: Token {
        mutating get {
            if !newlinesAreSignificant { skipNewlines() }
            return tokens[index]
        }
    }

    /// The kind of the token after the current one, skipping line breaks where they are insignificant.
    mutating func kindAfterCurrent() -> TokenKind {
        _ = current
        var next = min(index + 1, tokens.count - 1)
        while !newlinesAreSignificant, tokens[next].kind == .newline, next + 1 < tokens.count { next += 1 }
        return tokens[next].kind
    }

    /// The next token that is not a line break, without consuming anything.
    func nextKindAfterNewlines() -> TokenKind {
        var next = index
        while tokens[next].kind == .newline, next + 1 < tokens.count { next += 1 }
        return tokens[next].kind
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index + 1 < tokens.count { index += 1 }
        if token.kind != .newline { previous = token }
        return token
    }

    mutating func check(_ punctuator: Punctuator) -> Bool { current.kind == .punctuator(punctuator) }
    mutating func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    mutating func match(_ punctuator: Punctuator) -> Token? { check(punctuator) ? advance() : nil }

    mutating func skipNewlines() {
        while tokens[index].kind == .newline, index + 1 < tokens.count { index += 1 }
    }

    mutating func skipSeparators() {
        while current.kind == .newline || check(.semicolon) { advance() }
    }

    mutating func atStatementEnd() -> Bool {
        switch current.kind {
        case .newline, .endOfInput, .punctuator(.semicolon), .punctuator(.rightBrace): true
        default: false
        }
    }

    // MARK: Errors

    /// A syntax error about the current token. A lexical error there takes precedence, since it explains
    /// why the parser could not go on.
    mutating func error(_ message: String, notes: [SpecError.Note] = []) -> SpecError {
        let token = current
        switch token.kind {
        case .invalid(let lexical): return lexical
        case .endOfInput: stoppedAtEndOfInput = !isInterpolation
        default: break
        }
        return SpecError(.syntax, message, at: errorSpan(at: token), notes: notes)
    }

    /// "expected …, found <current token>".
    mutating func expected(_ what: String, notes: [SpecError.Note] = []) -> SpecError {
        error("expected \(what), found \(describeCurrent())", notes: notes)
    }

    mutating func describeCurrent() -> String {
        let token = current
        return token.kind == .endOfInput && isInterpolation ? "the end of the interpolation" : token.displayName
    }

    /// Where to point for a problem at `token`: at the token, except that something missing at the end of a
    /// line is shown just after the last token, where it should have been.
    func errorSpan(at token: Token) -> SourceSpan {
        if token.kind == .newline || token.kind == .endOfInput, let previous {
            return SourceSpan(file: file, at: previous.span.end)
        }
        return token.span
    }

    /// The error for a bracketed list (arguments, elements, parameters …) that neither continues nor closes,
    /// pointing back at the opening bracket.
    mutating func unclosed(_ opener: Token, after item: String, acceptsComma: Bool = true,
                           notes extraNotes: [SpecError.Note] = []) -> SpecError {
        let closer = switch opener.kind {
        case .punctuator(.leftParen): ")"
        case .punctuator(.leftBracket): "]"
        default: "}"
        }
        let openerText = opener.span.text
        let alternatives = acceptsComma ? "',' or '\(closer)'" : "'\(closer)'"
        var message = "expected \(alternatives) after the \(item), found \(describeCurrent())"
        if errorSpan(at: current).line != opener.span.line {
            message += "; the '\(openerText)' on line \(opener.span.line) is still open"
        }
        return error(message, notes: [.init("to match this '\(openerText)'", at: opener.span)] + extraNotes)
    }

    /// Counts one more level of nesting, failing beyond `maxNesting`.
    mutating func deepen() throws(SpecError) {
        guard nesting < Self.maxNesting else {
            throw SpecError(.syntax, "expression nested too deeply (the limit is \(Self.maxNesting) levels)",
                            at: errorSpan(at: current))
        }
        nesting += 1
    }

    // MARK: Statements

    mutating func program(range: Range<Int>) throws(SpecError) -> Program {
        var statements: [Stmt] = []
        skipSeparators()
        while current.kind != .endOfInput {
            statements.append(try statement())
            try expectStatementEnd()
            skipSeparators()
        }
        return Program(file: file, statements: statements, cells: Cell.split(file, range: range))
    }

    mutating func expectStatementEnd() throws(SpecError) {
        guard atStatementEnd() else { throw expected("a new line or ';' after the statement") }
    }

    /// Dispatches on the first token. Every statement has its own function: in debug builds a frame reserves
    /// room for all temporaries of a function, so small functions keep deep nesting within the stack.
    mutating func statement() throws(SpecError) -> Stmt {
        guard case .keyword(let keyword) = current.kind else { return try expressionOrAssignment() }
        switch keyword {
        case .let: return try letStatement()
        case .fn: return try kindAfterCurrent() == .punctuator(.leftParen) ? expressionOrAssignment() : functionDeclaration()
        case .if: return try ifStatement()
        case .for: return try forStatement()
        case .while: return try whileStatement()
        case .break: return Stmt(.break, span: advance().span)
        case .continue: return Stmt(.continue, span: advance().span)
        case .return: return try returnStatement()
        case .import: return try importStatement()
        case .else: throw error("'else' without an 'if' before it")
        default: return try expressionOrAssignment()
        }
    }

    mutating func whileStatement() throws(SpecError) -> Stmt {
        let keyword = advance()
        let condition = try expression()
        let body = try block(for: "the 'while' loop")
        return Stmt(.while(condition, body: body), span: keyword.span.through(body.span))
    }

    mutating func returnStatement() throws(SpecError) -> Stmt {
        let keyword = advance()
        if atStatementEnd() { return Stmt(.return(nil), span: keyword.span) }
        let value = try expression()
        return Stmt(.return(value), span: keyword.span.through(value.span))
    }

    mutating func letStatement() throws(SpecError) -> Stmt {
        let keyword = advance()
        let names = try bindingNames(after: "let")
        guard match(.equal) != nil else { throw expected("'=' after 'let \(names.map(\.name).joined(separator: ", "))'") }
        skipNewlines()
        let value = try expression()
        return Stmt(.let(names, value), span: keyword.span.through(value.span))
    }

    /// `a` or `a, b, …` after `let` or `for` (or `for` in a comprehension): each name once.
    mutating func bindingNames(after keyword: String) throws(SpecError) -> [Identifier] {
        var names = [try identifier(keyword == "for" ? "a loop variable after 'for'" : "a name after '\(keyword)'")]
        while match(.comma) != nil {
            let name = try identifier("a name after '\(keyword) \(names.map(\.name).joined(separator: ", ")),'")
            if let earlier = names.first(where: { $0.name == name.name }) { throw duplicateError("name", name, first: earlier) }
            names.append(name)
        }
        return names
    }

    mutating func expressionOrAssignment() throws(SpecError) -> Stmt {
        let target = try expression()
        guard case .punctuator(let punctuator) = current.kind,
              let assignment = AssignmentOperator(rawValue: punctuator.rawValue) else {
            return Stmt(.expression(target), span: target.span)
        }
        switch target.kind {
        case .name, .field, .index: break
        default: throw invalidTargetError(target)
        }
        advance()
        skipNewlines()
        let value = try expression()
        return Stmt(.assign(target: target, assignment, value: value), span: target.span.through(value.span))
    }

    mutating func functionDeclaration() throws(SpecError) -> Stmt {
        let keyword = advance()
        let name = try identifier("a function name after 'fn'")
        let function = try functionLiteral(for: "function '\(name.name)'")
        return Stmt(.function(name: name, function), span: keyword.span.through(function.body.span))
    }

    mutating func ifStatement() throws(SpecError) -> Stmt {
        let keyword = advance()
        var branches = [try conditionalBranch()]
        var end = branches[0].body.span
        var elseBlock: Block?
        while nextKindAfterNewlines() == .keyword(.else) {  // `else` may start the next line
            skipNewlines()
            advance()
            if check(.if) {
                advance()
                let branch = try conditionalBranch()
                branches.append(branch)
                end = branch.body.span
            } else {
                let body = try block(for: "the 'else' branch")
                elseBlock = body
                end = body.span
                break
            }
        }
        return Stmt(.if(branches, else: elseBlock), span: keyword.span.through(end))
    }

    mutating func conditionalBranch() throws(SpecError) -> ConditionalBranch {
        let condition = try expression()
        return ConditionalBranch(condition: condition, body: try block(for: "the 'if' branch"))
    }

    mutating func forStatement() throws(SpecError) -> Stmt {
        let keyword = advance()
        let variables = try bindingNames(after: "for")
        guard check(.in) else { throw expected("'in' after the loop variable") }
        advance()
        let sequence = try expression()
        let body = try block(for: "the 'for' loop")
        return Stmt(.for(variables, in: sequence, body: body), span: keyword.span.through(body.span))
    }

    mutating func importStatement() throws(SpecError) -> Stmt {
        let keyword = advance()
        let token = current
        guard case .string(let segments) = token.kind else { throw expected("a file name in quotes after 'import'") }
        guard let path = plainText(segments), !path.isEmpty else {
            throw SpecError(.syntax, "an import path must be a non-empty string without interpolation", at: token.span)
        }
        advance()
        // `as` is a word only here, so it stays free as a name everywhere else.
        guard case .identifier("as") = current.kind else { return Stmt(.import(path: path, alias: nil), span: keyword.span.through(token.span)) }
        advance()
        let alias = try identifier("a name after 'as'")
        return Stmt(.import(path: path, alias: alias), span: keyword.span.through(alias.span))
    }

    // MARK: Shared pieces

    /// A name, with a clear message when a keyword or something else is there instead.
    mutating func identifier(_ expectation: String) throws(SpecError) -> Identifier {
        let token = current
        switch token.kind {
        case .identifier(let name):
            advance()
            return Identifier(name, span: token.span)
        case .keyword(let keyword):
            throw keywordAsNameError(keyword, expected: expectation)
        default:
            throw expected(expectation)
        }
    }

    /// `{ statements }`, with line breaks significant again inside.
    mutating func block(for owner: String) throws(SpecError) -> Block {
        guard check(.leftBrace) else { throw missingBlockError(owner) }
        try deepen()
        defer { nesting -= 1 }
        let open = advance()
        let significance = newlinesAreSignificant
        newlinesAreSignificant = true
        defer { newlinesAreSignificant = significance }
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.rightBrace) {
            if current.kind == .endOfInput {
                throw unclosed(open, after: "body of \(owner)", acceptsComma: false)
            }
            statements.append(try statement())
            try expectStatementEnd()
            skipSeparators()
        }
        let close = advance()
        return Block(statements: statements, span: open.span.through(close.span))
    }

    /// Parameters and body, after `fn` or `fn name`.
    mutating func functionLiteral(for owner: String) throws(SpecError) -> FunctionLiteral {
        guard let open = match(.leftParen) else { throw expected("'(' to start the parameters of \(owner)") }
        let parameters = try parameterList(openedBy: open)
        return FunctionLiteral(parameters: parameters, body: try block(for: owner))
    }

    mutating func parameterList(openedBy open: Token) throws(SpecError) -> [Parameter] {
        let significance = newlinesAreSignificant
        newlinesAreSignificant = false
        defer { newlinesAreSignificant = significance }
        var parameters: [Parameter] = []
        while !check(.rightParen) {
            let name = try identifier("a parameter name")
            if let earlier = parameters.first(where: { $0.name.name == name.name }) {
                throw duplicateError("parameter", name, first: earlier.name)
            }
            var defaultValue: Expr?
            if match(.equal) != nil {
                defaultValue = try expression()
            } else if let last = parameters.last, last.defaultValue != nil {
                throw missingDefaultError(name, after: last.name)
            }
            parameters.append(Parameter(name: name, defaultValue: defaultValue))
            if match(.comma) == nil, !check(.rightParen) { throw unclosed(open, after: "parameter") }
        }
        advance()
        return parameters
    }

    /// The text of a string literal without interpolations, or nil if it has any.
    func plainText(_ segments: [StringSegment]) -> String? {
        var text = ""
        for segment in segments {
            guard case .text(let piece) = segment else { return nil }
            text += piece
        }
        return text
    }
}
