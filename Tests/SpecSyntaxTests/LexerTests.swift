import Testing
@testable import SpecSyntax

@Suite struct LexerTests {
    private func kinds(_ source: String) throws -> [TokenKind] {
        try Lexer.tokenize(SourceFile(name: "t", text: source)).map(\.kind)
    }

    private func lexError(_ source: String) -> SpecError? {
        do {
            _ = try Lexer.tokenize(SourceFile(name: "t", text: source))
            return nil
        } catch {
            return error
        }
    }

    @Test func numbers() throws {
        #expect(try kinds("0 42 10_000 0.5 1e-3 2.5E+4 7e2") == [
            .integer(0), .integer(42), .integer(10_000), .float(0.5), .float(0.001), .float(25_000), .float(700), .endOfInput,
        ])
    }

    @Test func dotAfterNumberIsFieldAccessUnlessADigitFollows() throws {
        #expect(try kinds("3.shape") == [.integer(3), .punctuator(.dot), .identifier("shape"), .endOfInput])
    }

    @Test func identifiersAndKeywords() throws {
        #expect(try kinds("let _x1 fn notable not") == [
            .keyword(.let), .identifier("_x1"), .keyword(.fn), .identifier("notable"), .keyword(.not), .endOfInput,
        ])
    }

    @Test func keywordListIsComplete() {
        #expect(Lexer.keywords.count == Keyword.allCases.count)
        for word in ["let", "fn", "if", "else", "for", "in", "while", "break", "continue", "return", "import",
                     "true", "false", "nil", "and", "or", "not"] {
            #expect(Lexer.keywords.contains(word))
        }
    }

    @Test func punctuatorsUseTheLongestMatch() throws {
        #expect(try kinds("** * <= < == = != += -= *= /= @") == [
            .punctuator(.starStar), .punctuator(.star), .punctuator(.lessEqual), .punctuator(.less),
            .punctuator(.equalEqual), .punctuator(.equal), .punctuator(.bangEqual), .punctuator(.plusEqual),
            .punctuator(.minusEqual), .punctuator(.starEqual), .punctuator(.slashEqual), .punctuator(.at), .endOfInput,
        ])
    }

    @Test func stringEscapes() throws {
        #expect(try kinds(#""a\n\t\"\\\r\0b""#) == [.string([.text("a\n\t\"\\\r\0b")]), .endOfInput])
        #expect(try kinds(#""""#) == [.string([]), .endOfInput])
    }

    @Test func interpolationIsDelimitedByMatchingParentheses() throws {
        let source = #""run_\(f("x)", (1)))_\(mode).png""#
        let tokens = try Lexer.tokenize(SourceFile(name: "t", text: source))
        guard case .string(let segments) = tokens[0].kind, segments.count == 5,
              case .interpolation(let first) = segments[1], case .interpolation(let second) = segments[3] else {
            Issue.record("unexpected tokens \(tokens)")
            return
        }
        let bytes = Array(source.utf8)
        #expect(String(decoding: bytes[first], as: UTF8.self) == #"f("x)", (1))"#)
        #expect(String(decoding: bytes[second], as: UTF8.self) == "mode")
        #expect(segments[0] == .text("run_") && segments[2] == .text("_") && segments[4] == .text(".png"))
    }

    @Test func newlinesCollapseAndCommentsVanish() throws {
        #expect(try kinds("\n\na # one\n\n  # two\n#%% cell\nb\n") == [
            .identifier("a"), .newline, .identifier("b"), .newline, .endOfInput,
        ])
    }

    @Test func spansCoverTokens() throws {
        let ascii = try Lexer.tokenize(SourceFile(name: "t", text: "let x = \"é\"\n  yy"))
        #expect(ascii.map(\.span.text) == ["let", "x", "=", "\"é\"", "\n", "yy", ""])
        #expect(ascii[5].span.startLocation == SourceLocation(line: 2, column: 3))
        #expect(ascii[3].span.endLocation == SourceLocation(line: 1, column: 12))
    }

    @Test(arguments: [
        ("x = \"abc", "unterminated string", 1, 5),
        ("x = \"abc\ny\"", "unterminated string", 1, 5),
        ("x = \"ab\\", "unterminated string", 1, 5),
        ("\"a\\qb\"", "unknown escape sequence '\\q'", 1, 3),
        ("a $ b", "unexpected character '$'", 1, 3),
        ("x = 'a'", "unexpected character '''", 1, 5),
        ("if !x {}", "unexpected character '!'", 1, 4),
        ("a 😀", "unexpected character '😀'", 1, 3),
        ("a \u{7}", "unexpected character U+7", 1, 3),
        ("x = 1e+", "expected digits after the exponent 'e' of a number", 1, 6),
        ("x = 3x", "unexpected letters after number '3'", 1, 6),
        ("99999999999999999999", "integer '99999999999999999999' is too large (the largest is 9223372036854775807)", 1, 1),
        ("1e999", "number '1e999' is too large", 1, 1),
        ("\"a\\(b\"", "unterminated interpolation: expected ')'", 1, 3),
        ("\"a\\(f(\"x\")\n)\"", "unterminated interpolation: expected ')'", 1, 3),
    ])
    func lexicalErrors(source: String, message: String, line: Int, column: Int) throws {
        let error = try #require(lexError(source))
        #expect(error.kind == .syntax)
        #expect(error.message == message)
        #expect(error.span?.startLocation == SourceLocation(line: line, column: column))
        // The parser reports the same error.
        #expect(syntaxError(source)?.message == message)
    }

    @Test func lexicalErrorsComeWithHints() throws {
        #expect(lexError("'a'")?.notes.first?.message == "strings use double quotes: \"text\"")
        #expect(lexError("a && b")?.notes.first?.message == "use 'and'")
        #expect(lexError("a || b")?.notes.first?.message == "use 'or'")
    }

    @Test func deeplyNestedStringsAreRejected() throws {
        var source = "1"
        for _ in 0..<300 { source = "\"\\(" + source + ")\"" }
        let error = try #require(syntaxError(source))
        #expect(error.message.contains("nested too deeply"))
    }
}
