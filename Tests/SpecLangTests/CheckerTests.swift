import Foundation
import Testing
import SpecLang
import SpecSyntax

/// `spec check`: every kind of problem found without running, all of them in one pass.
@Suite("spec check")
struct CheckerTests {
    func problems(_ source: String, files: [String: String] = [:], overrides: [String] = []) throws -> [SpecError] {
        let dir = FileManagerHelper.temporaryFolder()
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        let program = try Parser.parseProgram(SourceFile(name: "main.spec", text: source))
        return Checker.check(program, baseURL: URL(fileURLWithPath: dir), overrides: overrides)
    }

    @Test func reportsEveryKindAtOnce() throws {
        let found = try problems("""
            let t = toyset(cont: 10)
            let d = pggan_discriminator(16, down: "strided")
            let x = 5
            x(3)
            fn f(a, b = 1) { return a + b }
            f(1, 2, 3)
            f(c: 1)
            zeros()
            print(undefined_name)
            range(1, 2, 3, 4)
            "text"(1)
            """)
        let messages = found.map(\.message)
        #expect(messages == [
            "toyset has no parameter 'cont'",
            "pggan_discriminator: 'down' must be one of \"avg\", \"stride\", \"blurpool\"; got \"strided\"",
            "'x' is a number, which cannot be called",
            "f takes 2 arguments, got 3",
            "f has no parameter 'c'",
            "f needs the argument 'a'",
            "zeros needs 'shape' (list of sizes)",
            "unknown name 'undefined_name'",
            "range takes at most 3 positional arguments, got 4",
            "a string cannot be called",
        ])
        #expect(found[0].span?.text == "cont" && found[0].notes.first?.message == "did you mean 'count'?")
        #expect(found[1].span?.text == "\"strided\"" && found[1].notes.first?.message == "did you mean \"stride\"?")
        #expect(found[1].span?.line == 2)
    }

    @Test func acceptsCorrectScripts() throws {
        #expect(try problems("""
            let xs = [i * 2 for i in range(3) if i > 0]
            let a, b = [1, 2]
            for k, v in items({p: 1}) { print(k, v) }
            fn g(x, scale = 2) { return helper(x) * scale }
            fn helper(x) { return x }
            print(g(1), g(x: 2, scale: 3), upsample(randn([1, 1, 4, 4]), mode: "bilinear"))
            let f = fn (x) { return x }
            f = 3
            let modes = ["avg", "stride"]
            for m in modes { print(pggan_discriminator(16, down: m)) }
            "a,b".split(",")
            """).isEmpty)
    }

    @Test func importsAreFollowedAndCheckingGoesOn() throws {
        let lib = "fn times(x, by = 2) { return x * by }\nlet scale = 3\nprint(nope)"
        let found = try problems("""
            import "lib.spec"
            import "lib.spec" as h
            times(1, 2, 3)
            h.times(1, k: 2)
            h.scael
            import "missing.spec"
            zeros(1, 2)
            print(whatever)
            """, files: ["lib.spec": lib])
        let messages = found.map(\.message)
        #expect(messages.count == 6, "\(messages)")
        #expect(messages[0] == "unknown name 'nope'" && found[0].span?.file.name.hasSuffix("lib.spec") == true)
        #expect(messages[1] == "times takes 2 arguments, got 3")
        #expect(messages[2] == "times has no parameter 'k'")
        #expect(messages[3] == "lib.spec defines no 'scael'" && found[3].notes.first?.message == "did you mean 'scale'?")
        #expect(messages[4].hasPrefix("cannot import missing.spec: there is no file "))
        #expect(found[4].notes.map(\.message).contains("names that the file would define are not checked"))
        // After an unreadable import, other problems are still reported (unknown names are not: the file may define them).
        #expect(messages[5] == "zeros takes at most 1 positional argument, got 2")
    }

    @Test func importCyclesAndParseErrorsInImports() throws {
        let cycle = try problems("import \"a.spec\"", files: ["a.spec": "import \"b.spec\"", "b.spec": "import \"a.spec\""])
        #expect(cycle.map(\.message) == ["import cycle: a.spec → b.spec → a.spec"])
        let broken = try problems("import \"bad.spec\"\nprint(1)", files: ["bad.spec": "let = 3"])
        #expect(broken.count == 1 && broken[0].kind == .syntax && broken[0].span?.file.name.hasSuffix("bad.spec") == true)
    }

    @Test func setNamesMustBeTopLevelLets() throws {
        let found = try problems("let steps = 100\nfn f() { let inner = 1 }", overrides: ["stepz", "steps", "inner"])
        #expect(found.map(\.message) == ["--set stepz: the script has no top-level 'let stepz = …'",
                                         "--set inner: the script has no top-level 'let inner = …'"])
        #expect(found[0].notes.first?.message == "did you mean 'steps'?")
        // A --set value is not known: the binding may hold anything, so its calls are not checked.
        #expect(try problems("let f = 1\nf(2)", overrides: ["f"]).isEmpty)
    }

    @Test func definedLaterIsAnErrorAtTheTopLevelOnly() throws {
        #expect(try problems("print(a)\nlet a = 1").map(\.message) == ["'a' is used before it is defined"])
        #expect(try problems("fn f() { return a }\nlet a = 1\nf()").isEmpty)
    }
}
