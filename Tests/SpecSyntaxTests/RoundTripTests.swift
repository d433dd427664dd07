import Testing
@testable import SpecSyntax

/// Printing a parsed program and parsing the text again gives the same tree, and printing is a fixed point.
func expectRoundTrip(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let program = try Parser.parseProgram(source: source)
    let printed = program.description
    let reparsed: Program
    do {
        reparsed = try Parser.parseProgram(source: printed)
    } catch {
        Issue.record("printed program does not parse: \(error)\n\(printed)", sourceLocation: sourceLocation)
        return
    }
    #expect(TreeDump.program(reparsed) == TreeDump.program(program), "\(printed)", sourceLocation: sourceLocation)
    #expect(reparsed.description == printed, sourceLocation: sourceLocation)
    #expect(reparsed.cells.map(\.title) == program.cells.map(\.title), sourceLocation: sourceLocation)
}

@Suite struct RoundTripTests {
    @Test func printsCanonicalSource() throws {
        let program = try Parser.parseProgram(source: """
            #%% setup
            let   x=[1,2 ,3,]
            fn f(a,b=2){ if a<b{return a}else{ return -b**2 } }
            #%% run
            runs[mode]+=g(x, k:"a\\(x[1:, ::2])\\n")
            """)
        #expect(program.description == """
            #%% setup
            let x = [1, 2, 3]
            fn f(a, b = 2) {
                if a < b {
                    return a
                } else {
                    return -b ** 2
                }
            }
            #%% run
            runs[mode] += g(x, k: "a\\(x[1:, ::2])\\n")

            """)
    }

    @Test func parenthesesOnlyWherePrecedenceNeedsThem() throws {
        let cases = [
            ("(a + b) * c", "(a + b) * c"), ("a + (b * c)", "a + b * c"), ("a - (b - c)", "a - (b - c)"),
            ("(a - b) - c", "a - b - c"), ("(2 ** 3) ** 2", "(2 ** 3) ** 2"), ("2 ** (3 ** 2)", "2 ** 3 ** 2"),
            ("(-2) ** 2", "(-2) ** 2"), ("-(2 ** 2)", "-2 ** 2"), ("(a < b) == c", "(a < b) == c"),
            ("not (a and b)", "not (a and b)"), ("(not a) and b", "not a and b"), ("(a + b).c", "(a + b).c"),
            ("(-a)[0]", "(-a)[0]"), ("-(a[0])", "-a[0]"), ("a * (not b) + c", "a * (not b) + c"),
        ]
        for (source, printed) in cases {
            #expect(try Parser.parseExpression(SourceFile(name: "e", text: source)).description == printed)
            try expectRoundTrip(source)
        }
    }

    @Test func stringsEscapeAndKeepInterpolationsOnOneLine() throws {
        let value = try Parser.parseExpression(SourceFile(name: "e", text: #""q\"\\\t\r\n\0 \(fn (x) { let y = x; return y }(1))""#))
        #expect(value.description == #""q\"\\\t\r\n\0 \(fn (x) { let y = x; return y }(1))""#)
        try expectRoundTrip(#"x = "\(fn (x) { if x { return 1 } else { return 2 } }(1))""#)
    }

    @Test func recordKeysAreQuotedWhenNeeded() throws {
        let value = try Parser.parseExpression(SourceFile(name: "e", text: #"{a: 1, "b c": 2, "in": 3, "9": 4, _x: 5}"#))
        #expect(value.description == #"{a: 1, "b c": 2, "in": 3, "9": 4, _x: 5}"#)
    }

    @Test(arguments: ExampleScripts.all)
    func examplesRoundTrip(source: String) throws {
        try expectRoundTrip(source)
    }
}
