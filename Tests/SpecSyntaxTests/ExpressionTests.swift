import Testing
@testable import SpecSyntax

/// The dump of a source holding one expression statement.
private func expr(_ source: String) throws -> String {
    TreeDump.expression(try Parser.parseExpression(SourceFile(name: "e", text: source)))
}

@Suite struct ExpressionTests {
    @Test func literals() throws {
        #expect(try expr("42") == "42")
        #expect(try expr("0.5") == "0.5")
        #expect(try expr("1e-3") == "0.001")
        #expect(try expr("true") == "true")
        #expect(try expr("false") == "false")
        #expect(try expr("nil") == "nil")
        #expect(try expr(#""a\tb""#) == "(str \"a\tb\")")
        #expect(try expr("[1, 2, 3,]") == "(list 1 2 3)")
        #expect(try expr("[]") == "(list)")
        #expect(try expr("{}") == "(record)")
        #expect(try expr(#"{a: 1, "b c": [2]}"#) == #"(record ("a" 1) ("b c" (list 2)))"#)
    }

    @Test func interpolationParsesFullExpressions() throws {
        #expect(try expr(#""run_\(mode).png""#) == #"(str "run_" mode ".png")"#)
        #expect(try expr(#""\(f("a\(x)", k: (1 + 2)))""#) == #"(str (call f (str "a" x) (k: (+ 1 2))))"#)
    }

    @Test func interpolationSpansPointIntoTheSource() throws {
        let value = try Parser.parseExpression(SourceFile(name: "e", text: #""ab\(x + y)""#))
        guard case .string(let parts) = value.kind, case .interpolation(let inner) = parts[1] else {
            Issue.record("not an interpolation: \(value)")
            return
        }
        #expect(inner.span.text == "x + y")
        #expect(inner.span.column == 6)
    }

    @Test func arithmeticPrecedence() throws {
        #expect(try expr("1 + 2 * 3") == "(+ 1 (* 2 3))")
        #expect(try expr("1 - 2 - 3") == "(- (- 1 2) 3)")
        #expect(try expr("a @ b * c % d / e") == "(/ (% (* (@ a b) c) d) e)")
        #expect(try expr("(1 + 2) * 3") == "(* (+ 1 2) 3)")
    }

    @Test func powerIsRightAssociativeAndBindsTighterThanUnaryMinus() throws {
        #expect(try expr("-2 ** 2") == "(- (** 2 2))")
        #expect(try expr("2 ** 3 ** 2") == "(** 2 (** 3 2))")
        #expect(try expr("2 ** -1") == "(** 2 (- 1))")
        #expect(try expr("a ** -b * c") == "(* (** a (- b)) c)")
        #expect(try expr("(-2) ** 2") == "(** (- 2) 2)")
        #expect(try expr("-a.b ** 2") == "(- (** (. a b) 2))")
    }

    @Test func unaryOperators() throws {
        #expect(try expr("- -x") == "(- (- x))")
        #expect(try expr("+x * -y") == "(* (+ x) (- y))")
        #expect(try expr("not a and b") == "(and (not a) b)")
        #expect(try expr("not a == b") == "(not (== a b))")
        #expect(try expr("not not a") == "(not (not a))")
    }

    @Test func logicAndComparisons() throws {
        #expect(try expr("a or b and c") == "(or a (and b c))")
        #expect(try expr("a < b and b <= c or d != e") == "(or (and (< a b) (<= b c)) (!= d e))")
        #expect(try expr("a + 1 >= b * 2") == "(>= (+ a 1) (* b 2))")
        #expect(try expr("(a < b) == c") == "(== (< a b) c)")
    }

    @Test func callsWithKeywordArguments() throws {
        #expect(try expr("f()") == "(call f)")
        #expect(try expr("conv(x, 3, stride: 2, pad: \"same\",)") == #"(call conv x 3 (stride: 2) (pad: (str "same")))"#)
        #expect(try expr("f(a)(b)") == "(call (call f a) b)")
    }

    @Test func fieldsAndMethods() throws {
        #expect(try expr("data.count") == "(. data count)")
        #expect(try expr("run.samples.mean(axis: 0)") == "(call (. (. run samples) mean) (axis: 0))")
        #expect(try expr("3.shape") == "(. 3 shape)")
    }

    @Test func indexingAndSlicing() throws {
        #expect(try expr("a[0]") == "(index a 0)")
        #expect(try expr("a[i:j]") == "(index a (slice i j _))")
        #expect(try expr("a[i:j:k]") == "(index a (slice i j k))")
        #expect(try expr("a[:, 0]") == "(index a (slice _ _ _) 0)")
        #expect(try expr("a[::2, 1:, :-1]") == "(index a (slice _ _ 2) (slice 1 _ _) (slice _ (- 1) _))")
        #expect(try expr("a[0][1]") == "(index (index a 0) 1)")
        #expect(try expr("m[\"k\"].x") == #"(. (index m (str "k")) x)"#)
    }

    @Test func sliceSpans() throws {
        let value = try Parser.parseExpression(SourceFile(name: "e", text: "a[ 1:2:3 , : ]"))
        guard case .index(_, let items) = value.kind else {
            Issue.record("not an index")
            return
        }
        #expect(items.map(\.span.text) == ["1:2:3", ":"])
    }

    @Test func anonymousFunctions() throws {
        #expect(try expr("fn (x) { return x * 2 }") == "(fn (x) {(return (* x 2))})")
        #expect(try expr("fn () {}") == "(fn () {})")
        #expect(try expr("fn (x, y = 1,) { x }(3)") == "(call (fn (x (y 1)) {x}) 3)")
    }

    @Test func bracketsLetExpressionsSpanLines() throws {
        #expect(try expr("f(\n  a,\n  k: b\n)") == "(call f a (k: b))")
        #expect(try expr("[\n1,\n2\n]") == "(list 1 2)")
        #expect(try expr("{\n a: 1,\n b: 2\n}") == #"(record ("a" 1) ("b" 2))"#)
        #expect(try expr("(a\n + b)") == "(+ a b)")
        #expect(try expr("a +\n b") == "(+ a b)")
    }

    @Test func closureBodiesInsideBracketsAreNewlineSensitive() throws {
        let source = "map(xs, fn (x) {\n  let y = x\n  return y\n})"
        #expect(try expr(source) == "(call map xs (fn (x) {(let y x) (return y)}))")
    }

    @Test func spansCoverWholeExpressions() throws {
        let value = try Parser.parseExpression(SourceFile(name: "e", text: "f(a, k: 1) + (b)"))
        #expect(value.span.text == "f(a, k: 1) + (b)")
        guard case .binary(_, let left, let right) = value.kind else { return }
        #expect(left.span.text == "f(a, k: 1)")
        #expect(right.span.text == "(b)")
    }
}
