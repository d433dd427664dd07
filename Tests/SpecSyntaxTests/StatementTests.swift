import Testing
@testable import SpecSyntax

@Suite struct StatementTests {
    @Test func letAndAssignment() throws {
        #expect(try tree("let x = 1") == "(let x 1)")
        #expect(try tree("x = 2\na.b = 3\na[i, :] = 4") == "(= x 2)\n(= (. a b) 3)\n(= (index a i (slice _ _ _)) 4)")
        #expect(try tree("x += 1; x -= 2; x *= 3; x /= 4") == "(+= x 1)\n(-= x 2)\n(*= x 3)\n(/= x 4)")
        #expect(try tree("let x =\n  1") == "(let x 1)")
    }

    @Test func expressionStatements() throws {
        #expect(try tree("seed(0)\nplot(a, b)") == "(call seed 0)\n(call plot a b)")
        #expect(try tree("{a: 1}") == #"(record ("a" 1))"#)
    }

    @Test func functionDeclarations() throws {
        #expect(try tree("fn f(x, y = 1) {\n  return x + y\n}") == "(fn f (x (y 1)) {(return (+ x y))})")
        #expect(try tree("fn g() {}") == "(fn g () {})")
        #expect(try tree("fn h(a,\n   b) { return }") == "(fn h (a b) {(return)})")
    }

    @Test func ifChains() throws {
        #expect(try tree("if a { x }") == "(if (a {x}))")
        #expect(try tree("if a { x } else { y }") == "(if (a {x}) (else {y}))")
        #expect(try tree("if a {\n x\n} else if b {\n y\n} else if c { z } else { w }")
            == "(if (a {x}) (b {y}) (c {z}) (else {w}))")
        #expect(try tree("if a {\n}\nelse {\n}") == "(if (a {}) (else {}))")
        #expect(try tree("if a {}\n\nb") == "(if (a {}))\nb")
    }

    @Test func loops() throws {
        #expect(try tree("for x in xs { f(x) }") == "(for x xs {(call f x)})")
        #expect(try tree("for i, x in enumerate(xs) {}") == "(for i x (call enumerate xs) {})")
        #expect(try tree("while n > 0 {\n  n -= 1\n  if n == 3 { break }\n  continue\n}")
            == "(while (> n 0) {(-= n 1) (if ((== n 3) {break})) continue})")
    }

    @Test func returnAndImport() throws {
        #expect(try tree("fn f() { return }") == "(fn f () {(return)})")
        #expect(try tree("fn f() {\n  return\n}") == "(fn f () {(return)})")
        #expect(try tree("fn f() { return 1; }") == "(fn f () {(return 1)})")
        #expect(try tree("import \"lib/other.spec\"") == #"(import "lib/other.spec")"#)
        #expect(try tree("import \"lib/other.spec\" as other") == #"(import "lib/other.spec" as other)"#)
        #expect(try tree("let as = 1") == "(let as 1)")  // `as` is a word only after an import
        #expect(syntaxError("import \"a.spec\" as")?.message == "expected a name after 'as', found end of input")
    }

    @Test func unpacking() throws {
        #expect(try tree("let a, b = pair") == "(let a b pair)")
        #expect(try tree("for k, v in items(r) {}") == "(for k v (call items r) {})")
        #expect(try tree("for a, b, c in xs {}") == "(for a b c xs {})")
        #expect(syntaxError("let a, a = p")?.message == "duplicate name 'a'")
        #expect(syntaxError("let a, = p")?.message == "expected a name after 'let a,', found '='")
    }

    @Test func listComprehensions() throws {
        #expect(try tree("[x * 2 for x in xs]") == "(comprehension (* x 2) (x) xs)")
        #expect(try tree("[k for k, v in items(r) if v > 1]") == "(comprehension k (k v) (call items r) (if (> v 1)))")
        #expect(try tree("[[i, j] for i in\n range(3)]") == "(comprehension (list i j) (i) (call range 3))")
        #expect(try tree("[1, 2]") == "(list 1 2)")
        #expect(syntaxError("[x for x in xs, 1]")?.message.hasPrefix("expected ']' after the comprehension's sequence") == true)
        #expect(syntaxError("[1, x for x in xs]")?.message.hasPrefix("expected ',' or ']' after the list element") == true)
    }

    @Test func separatorsAndBlankLines() throws {
        #expect(try tree("") == "")
        #expect(try tree("\n\n;;\n# only a comment\n") == "")
        #expect(try tree("a; b\n\n\nc;") == "a\nb\nc")
        #expect(try tree("if a { b; c }") == "(if (a {b c}))")
    }

    @Test func aNewLineEndsAnExpressionOutsideBrackets() throws {
        #expect(try tree("f\n(x)") == "f\nx")
        #expect(try tree("a\n-b") == "a\n(- b)")
    }

    @Test func theExampleScript() throws {
        let source = ExampleScripts.discriminator
        let program = try Parser.parseProgram(source: source)
        #expect(program.statements.count == 5)
        #expect(TreeDump.statement(program.statements[3]) == """
            (for mode (list (str "avg") (str "stride") (str "blurpool")) {\
            (let d (call pggan_discriminator (res: 64) (down: mode) (divide: 8) (classes: (. data count)))) \
            (= (index runs mode) (call discriminator_testbed d data (steps: 2000) (eval_every: 100)))})
            """)
        #expect(program.statements[3].span.startLocation == SourceLocation(line: 5, column: 1))
        #expect(program.statements[3].span.endLocation == SourceLocation(line: 8, column: 2))
    }

    @Test func statementSpans() throws {
        let program = try Parser.parseProgram(source: "  let x = f(1)  # note\nif a { b } else { c }")
        #expect(program.statements[0].span.text == "let x = f(1)")
        #expect(program.statements[1].span.text == "if a { b } else { c }")
    }

    @Test func parsingARangeKeepsFilePositions() throws {
        let file = SourceFile(name: "f.spec", text: "a = 1\nb = 2\nc = 3\n")
        let program = try Parser.parseProgram(file, range: 6..<12)
        #expect(TreeDump.program(program) == "(= b 2)")
        #expect(program.statements[0].span.startLocation == SourceLocation(line: 2, column: 1))
    }
}
