import Testing
import SpecLang
import SpecSyntax

@Suite("Interpreter: errors name the place and suggest fixes")
struct InterpreterErrorTests {
    @Test func unknownNameSuggestsClosest() throws {
        let e = try #require(failure("let data = 1\nprint(dta)"))
        #expect(e.kind == SpecError.Kind.name && e.message.contains("dta"))
        #expect(e.span?.line == 2 && e.span?.column == 7)
        #expect(e.notes.contains { $0.message.contains("'data'") })
        #expect(e.formatted().hasPrefix("test.spec:2:7: name error: unknown name 'dta'"))
    }

    @Test func wrongKeywordListsAcceptedOnes() throws {
        let e = try #require(failure("zeros(shap: [2])"))
        #expect(e.message.contains("no parameter 'shap'"))
        #expect(e.notes.contains { $0.message.contains("did you mean 'shape'") })
        let f = try #require(failure("fn f(a, b = 1) { return a }\nf(1, c: 2)"))
        #expect(f.notes.contains { $0.message.contains("parameters: a, b") })
    }

    @Test func typeAndShapeErrors() throws {
        #expect(try #require(failure("ones([2]) + ones([3])")).message.contains("do not match"))
        #expect(try #require(failure("zeros(\"a\")")).kind == SpecError.Kind.type)
        #expect(try #require(failure("1 + \"a\"")).kind == SpecError.Kind.type)
        #expect(try #require(failure("[1, 2][5]")).kind == SpecError.Kind.index)
        #expect(try #require(failure("{a: 1}[\"b\"]")).notes.contains { $0.message.contains("keys: a") })
        #expect(try #require(failure("if ones([3]) { }")).message.contains("truth value"))
        #expect(try #require(failure("conv2d(ones([1, 2, 4, 4]), ones([3, 5, 3, 3]))")).message.contains("input channels"))
        #expect(try #require(failure("upsample(ones([1, 1, 2, 2]), mode: \"cubic\")")).message.contains("bilinear"))
    }

    @Test func controlFlowMisuse() throws {
        #expect(try #require(failure("return 1")).message.contains("outside a function"))
        #expect(try #require(failure("break")).message.contains("outside a loop"))
        #expect(try #require(failure("let x = 1\nx()")).message.contains("cannot be called"))
        #expect(try #require(failure("y = 2")).message.contains("not defined"))
    }

    @Test func runawayRecursionIsAnErrorNotACrash() throws {
        let e = try #require(failure("fn f(n) { return f(n + 1) }\nf(0)"))
        #expect(e.message.contains("nested more than"))
    }

    @Test func stepBudgetStopsInfiniteLoops() throws {
        let interpreter = Interpreter()
        interpreter.stepBudget = 1000
        #expect(throws: SpecError.self) { try interpreter.run("while true { }") }
    }

    @Test func interruptStopsAtTheNextStepKeepingBindings() throws {
        let interpreter = Interpreter()
        // A flag of its own: the process's Ctrl-C flag would stop interpreters of tests running in parallel.
        interpreter.interrupts = InterruptFlag()
        try interpreter.run("let kept = 7")
        interpreter.interrupts.request()
        #expect(throws: SpecError.self) { try interpreter.run("let n = 0\nwhile true { n += 1 }") }
        guard case .number(let n)? = interpreter.lookup("kept") else { Issue.record("binding lost"); return }
        #expect(n == 7)
    }
}
