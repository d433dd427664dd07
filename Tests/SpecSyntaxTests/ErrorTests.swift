import Testing
@testable import SpecSyntax

@Suite struct ErrorTests {
    /// Checks message and position (1-based line and column) of the error a source produces.
    private func expectError(_ source: String, _ message: String, line: Int, column: Int,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard let error = syntaxError(source) else {
            Issue.record("expected an error for \(source)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind == .syntax, sourceLocation: sourceLocation)
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(error.span?.startLocation == SpecSyntax.SourceLocation(line: line, column: column), sourceLocation: sourceLocation)
    }

    @Test func missingClosersNameTheirOpener() throws {
        expectError("let d = conv(x, 3\nlet e = 1", "expected ',' or ')' after the argument, found 'let'; the '(' on line 1 is still open",
                    line: 2, column: 1)
        expectError("let d = conv(x, 3 4)", "expected ',' or ')' after the argument, found number '4'", line: 1, column: 19)
        expectError("x = [1, 2\ny = 3", "expected ',' or ']' after the list element, found 'y'; the '[' on line 1 is still open",
                    line: 2, column: 1)
        expectError("x = {a: 1 b: 2}", "expected ',' or '}' after the record entry, found 'b'", line: 1, column: 11)
        expectError("x = (1 + 2", "expected ')' after the expression, found end of input", line: 1, column: 11)
        expectError("a[1 2]", "expected ',' or ']' after the index, found number '2'", line: 1, column: 5)
        expectError("fn f(a b) {}", "expected ',' or ')' after the parameter, found 'b'", line: 1, column: 8)
        expectError("for x in xs {\n  f(x)\n", "expected '}' after the body of the 'for' loop, found end of input; the '{' on line 1 is still open",
                    line: 2, column: 7)

        let error = try #require(syntaxError("f(1,\n  2\n  3)"))
        #expect(error.notes.first?.message == "to match this '('")
        #expect(error.notes.first?.span?.startLocation == SpecSyntax.SourceLocation(line: 1, column: 2))
    }

    @Test func letErrors() {
        expectError("let = 3", "expected a name after 'let', found '='", line: 1, column: 5)
        expectError("let for = 3", "expected a name after 'let', found the keyword 'for'", line: 1, column: 5)
        expectError("let x 3", "expected '=' after 'let x', found number '3'", line: 1, column: 7)
        expectError("let x", "expected '=' after 'let x', found end of input", line: 1, column: 6)
    }

    @Test func expressionErrors() {
        expectError("x = )", "expected an expression, found ')'", line: 1, column: 5)
        expectError("x = * 2", "expected an expression, found '*'", line: 1, column: 5)
        expectError("x = if a {}", "expected an expression, found 'if'", line: 1, column: 5)
        expectError("a < b < c", "comparison operators cannot be chained", line: 1, column: 7)
        expectError("x = ()", "expected an expression inside '( )'", line: 1, column: 6)
        expectError("a[]", "expected an index inside '[ ]'", line: 1, column: 3)
        expectError("a.1", "expected a field name after '.', found number '1'", line: 1, column: 3)
        expectError("x = fn g() {}", "a function expression has no name", line: 1, column: 8)
        expectError("x y", "expected a new line or ';' after the statement, found 'y'", line: 1, column: 3)
        expectError("else { }", "'else' without an 'if' before it", line: 1, column: 1)
    }

    @Test func argumentErrors() throws {
        expectError("f(a: 1, 2)", "positional argument after keyword argument 'a:'", line: 1, column: 9)
        expectError("f(a: 1, a: 2)", "duplicate argument 'a'", line: 1, column: 9)
        let keywordHint = try #require(syntaxError("f(a=1)"))
        #expect(keywordHint.notes.map(\.message).contains("keyword arguments are written 'name: value'"))
        let tupleHint = try #require(syntaxError("x = (1, 2)"))
        #expect(tupleHint.notes.map(\.message).contains("there are no tuples; use a list [a, b]"))
    }

    @Test func declarationErrors() {
        expectError("fn f(a, a) {}", "duplicate parameter 'a'", line: 1, column: 9)
        expectError("fn f(a = 1, b) {}", "parameter 'b' needs a default value because it follows one with a default",
                    line: 1, column: 13)
        expectError("fn f(in) {}", "expected a parameter name, found the keyword 'in'", line: 1, column: 6)
        expectError("fn f x", "expected '(' to start the parameters of function 'f', found 'x'", line: 1, column: 6)
        expectError("x = {a: 1, a: 2}", "duplicate record key 'a'", line: 1, column: 12)
        expectError("x = {1: 2}", "expected a record key (a name or a string), found number '1'", line: 1, column: 6)
        expectError("x = {\"\\(k)\": 2}", "a record key cannot contain interpolation", line: 1, column: 6)
        expectError("x = {a 1}", "expected ':' after the record key 'a', found number '1'", line: 1, column: 8)
    }

    @Test func statementErrors() throws {
        expectError("f(x) = 3", "cannot assign to this expression", line: 1, column: 1)
        expectError("1 += 3", "cannot assign to this expression", line: 1, column: 1)
        expectError("for 1 in xs {}", "expected a loop variable after 'for', found number '1'", line: 1, column: 5)
        expectError("for x xs {}", "expected 'in' after the loop variable, found 'xs'", line: 1, column: 7)
        expectError("while x\n{}", "expected '{' to start the body of the 'while' loop, found end of line", line: 1, column: 8)
        expectError("import other", "expected a file name in quotes after 'import', found 'other'", line: 1, column: 8)
        expectError("import \"a\\(b)\"", "an import path must be a non-empty string without interpolation", line: 1, column: 8)
        let comparisonHint = try #require(syntaxError("if x = 1 {}"))
        #expect(comparisonHint.message == "expected '{' to start the body of the 'if' branch, found '='")
        #expect(comparisonHint.notes.first?.message == "to compare two values, use '=='")
    }

    @Test func errorsInsideInterpolations() {
        expectError("x = \"a\\(1 +)\"", "expected an expression, found the end of the interpolation", line: 1, column: 12)
        expectError("x = \"a\\(1 2)\"", "expected ')' to end the interpolation, found number '2'", line: 1, column: 11)
        expectError("x = \"a\\()\"", "expected an expression, found the end of the interpolation", line: 1, column: 9)
    }

    @Test func nestingIsCapped() throws {
        for (open, close) in [("(", ")"), ("[", "]"), ("f(", ")"), ("-", ""), ("not ", ""), ("{a: ", "}"), ("fn () { ", " }")] {
            let deep = String(repeating: open, count: 1000) + "1" + String(repeating: close, count: 1000)
            let error = try #require(syntaxError("x = " + deep), "\(open)")
            #expect(error.message == "expression nested too deeply (the limit is 200 levels)", "\(open)")
            let shallow = String(repeating: open, count: 60) + "1" + String(repeating: close, count: 60)
            #expect(syntaxError("x = " + shallow) == nil, "\(open)")
        }
        let blocks = String(repeating: "if a {\n", count: 500) + String(repeating: "}\n", count: 500)
        #expect(syntaxError(blocks)?.message == "expression nested too deeply (the limit is 200 levels)")
        let longChain = Array(repeating: "a", count: 5000).joined(separator: " + ")
        #expect(syntaxError(longChain)?.message == "expression nested too deeply (the limit is 200 levels)")
        let calls = "x" + String(repeating: ".f()", count: 5000)
        #expect(syntaxError(calls)?.message == "expression nested too deeply (the limit is 200 levels)")
    }

    @Test func formattedErrorShowsLineAndCaret() throws {
        let error = try #require(syntaxError("seed(0)\nlet data = toyset(64)\nlet d = conv(x, 3\n", name: "script.spec"))
        #expect(error.formatted() == """
            script.spec:3:18: error: expected ',' or ')' after the argument, found end of input
              let d = conv(x, 3
                               ^
            script.spec:3:13: note: to match this '('
              let d = conv(x, 3
                          ^
            """)
    }

    @Test func formattedErrorUnderlinesSpansAndKeepsTabs() throws {
        let error = try #require(syntaxError("\tlet x = \"abc", name: "t.spec"))
        #expect(error.formatted() == """
            t.spec:1:10: error: unterminated string
              \tlet x = "abc
              \t        ^~~~
            note: add a closing '"' before the end of the line
            """)
    }

    @Test func formattedErrorColumnsCountCharacters() throws {
        let error = try #require(syntaxError("s = \"é😀\" $"))
        #expect(error.span?.column == 10)
        #expect(error.formatted().hasSuffix("\n  s = \"é😀\" $\n           ^"))
    }

    @Test func formattedWithColourUsesAnsiCodes() throws {
        let error = try #require(syntaxError("x = )"))
        #expect(error.formatted(colour: true).contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }

    @Test func runtimeErrorsWithoutSpans() {
        let error = SpecError(.name, "unknown name 'toyst'", notes: [.init("did you mean 'toyset'?")])
        #expect(error.formatted() == "name error: unknown name 'toyst'\nnote: did you mean 'toyset'?")
        #expect(SpecError(.interrupted, "stopped at step 12").formatted() == "interrupted: stopped at step 12")
    }
}
