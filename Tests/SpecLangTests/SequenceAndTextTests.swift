import Foundation
import Testing
import SpecLang
import SpecSyntax

/// List comprehensions, unpacking, imports under a name, and the sequence and string helpers of Python.
@Suite("Language: comprehensions, unpacking, sequences and text")
struct SequenceAndTextTests {
    func printed(_ source: String) throws -> String { try run(source).output.joined(separator: "\n") }

    @Test func comprehensions() throws {
        #expect(try printed("print([i * 2 for i in range(4)])") == "[0, 2, 4, 6]")
        #expect(try printed("print([i for i in range(10) if i % 3 == 0])") == "[0, 3, 6, 9]")
        #expect(try printed("print([k + \"=\" + str(v) for k, v in items({a: 1, b: 2})])") == "[\"a=1\", \"b=2\"]")
        // The loop variable does not leak, and an outer name of the same spelling is untouched.
        #expect(try number("let i = 7\nlet xs = [i for i in range(3)]\ni") == 7)
        #expect(try number("let n = 0\nlet xs = [[x * y for x in range(3)] for y in range(3)]\nxs[2][2]") == 4)
        #expect(failure("[x for x in 5]")?.message == "cannot iterate over a number")
    }

    @Test func unpacking() throws {
        #expect(try printed("let a, b = [1, \"two\"]\nprint(a, b)") == "1 two")
        #expect(try printed("for k, v in items({p: 1, q: 2}) { print(k, v) }") == "p 1\nq 2")
        #expect(try printed("for i, x in enumerate([\"a\", \"b\"]) { print(i, x) }") == "0 a\n1 b")
        #expect(try number("let r, c = randn([3, 4]).shape\nr * 10 + c") == 34)
        let e = failure("let a, b, c = [1, 2]")
        #expect(e?.message == "cannot unpack 2 items into 3 names (a, b, c)")
        #expect(e?.span?.text == "[1, 2]")
        #expect(failure("for a, b in [1, 2] { }")?.message == "cannot iterate over a number")
    }

    @Test func sequences() throws {
        #expect(try printed("print(zip([1, 2, 3], [\"a\", \"b\"]))") == "[[1, \"a\"], [2, \"b\"]]")
        #expect(try printed("print(enumerate(\"ab\", start: 1))") == "[[1, \"a\"], [2, \"b\"]]")
        #expect(try printed("print(map(fn (x) { return x * x }, [1, 2, 3]))") == "[1, 4, 9]")
        #expect(try printed("print(filter(fn (x) { return x != 2 }, [1, 2, 3]))") == "[1, 3]")
        #expect(try printed("print(sorted([3, 1, 2]), sorted([\"b\", \"c\", \"a\"], reverse: true))") == "[1, 2, 3] [\"c\", \"b\", \"a\"]")
        // Stable, also reversed: equal keys keep their order.
        #expect(try printed("print(sorted(items({a: 2, b: 1, c: 2}), key: fn (kv) { return kv[1] }, reverse: true))")
            == "[[\"a\", 2], [\"c\", 2], [\"b\", 1]]")
        #expect(try printed("print(sorted([[2, \"b\"], [1, \"z\"], [2, \"a\"]]))") == "[[1, \"z\"], [2, \"a\"], [2, \"b\"]]")
        #expect(try printed("print(values({a: 1, b: [2]}), items({}))") == "[1, [2]] []")
        #expect(failure("sorted([1, \"a\"])")?.message == "sorted: cannot order a string and a number")
        #expect(failure("map(1, [1])")?.message == "map: 'f' must be a function, got a number")
    }

    @Test func strings() throws {
        #expect(try printed("print(\"a,b,,c\".split(\",\"), \"  x \\t y \".split())") == "[\"a\", \"b\", \"\", \"c\"] [\"x\", \"y\"]")
        #expect(try printed("print(\", \".join([\"avg\", 1, 2.5]))") == "avg, 1, 2.5")
        #expect(try printed("print(\"a-b-c\".replace(\"-\", \"\"), \"[\" + \"  pad \".strip() + \"]\", \"xxhixx\".strip(\"x\"))") == "abc [pad] hi")
        #expect(try printed("print(\"run_3\".starts_with(\"run\"), \"a.png\".ends_with(\".spec\"), \"a=b\".find(\"=\"), \"a\".find(\"z\"))") == "true false 1 -1")
        #expect(try printed("print(\"Avg\".upper(), \"Avg\".lower())") == "AVG avg")
        #expect(failure("\"a\".split(\"\")")?.message == "split: the separator cannot be empty")
    }

    @Test func format() throws {
        let cases: [(String, String)] = [
            ("format(0.5, \">8.3f\")", "   0.500"), ("format(0.5, \"<8.3f\")", "0.500   "), ("format(0.5, \"^9.3f\")", "  0.500  "),
            ("format(1234567, \",d\")", "1,234,567"), ("format(1234.5, \",.1f\")", "1,234.5"), ("format(0.25, \".1%\")", "25.0%"),
            ("format(-3.5, \"08.2f\")", "-0003.50"), ("format(42, \"+d\")", "+42"), ("format(0.000123, \".2e\")", "1.23e-04"),
            ("format(\"avg\", \"*^7\")", "**avg**"), ("format(\"stride\", \".3\")", "str"), ("format(2.5)", "2.5"),
            ("format(3.14159, digits: 2)", "3.14"), ("format(mean(tensor([1, 2])), \".2f\")", "1.50"), ("format(12, \"5\")", "   12"),
        ]
        for (source, expected) in cases {
            guard case .string(let s)? = try run(source).value else { Issue.record("\(source) gave no string"); continue }
            #expect(s == expected, "\(source)")
        }
        #expect(failure("format(1.5, \"d\")")?.message == "format: format spec \"d\": 'd' formats whole numbers, got 1.5")
        #expect(failure("format(\"a\", \"+\")")?.message == "format: format spec \"+\": signs, ',' and '0' apply to numbers, not text")
        #expect(failure("format(1, \"x\")")?.message.hasPrefix("format: format spec \"x\": unexpected 'x'") == true)
        #expect(failure("format(1, \".2f\", digits: 2)")?.message == "format: give either a spec or digits, not both")
    }

    @Test func importsUnderANameAndConflicts() throws {
        let dir = FileManagerHelper.temporaryFolder()
        try "let scale = 10\nfn times(x) { return x * scale }".write(toFile: dir + "/lib.spec", atomically: true, encoding: .utf8)
        try "import \"b.spec\"\nlet a = 1".write(toFile: dir + "/a.spec", atomically: true, encoding: .utf8)
        try "import \"a.spec\"\nlet b = 1".write(toFile: dir + "/b.spec", atomically: true, encoding: .utf8)
        func runFile(_ text: String) throws -> Value? {
            try "\(text)".write(toFile: dir + "/main.spec", atomically: true, encoding: .utf8)
            return try Interpreter().run(text, name: "main.spec", url: URL(fileURLWithPath: dir + "/main.spec"))
        }
        guard case .number(let n)? = try runFile("import \"lib.spec\" as h\nh.times(2) + h.scale") else { Issue.record("no number"); return }
        #expect(n == 30)
        // The imported functions see their own file's names, not the importer's.
        guard case .number(let m)? = try runFile("let scale = 1\nimport \"lib.spec\" as lib\nlib.times(1)") else { Issue.record("no number"); return }
        #expect(m == 10)
        do {
            _ = try runFile("let times = 3\nimport \"lib.spec\"")
            Issue.record("an import replaced a binding")
        } catch let e as SpecError {
            #expect(e.message == "import \"lib.spec\" would replace the existing binding 'times'")
            #expect(e.span?.line == 2)
            #expect(e.notes.map(\.message).prefix(2) == ["'times' is defined here", "and lib.spec defines it here"])
            #expect(e.notes.first?.span?.line == 1 && e.notes.dropFirst().first?.span?.file.name.hasSuffix("lib.spec") == true)
        }
        // Importing the same file twice is not a conflict with itself.
        guard case .number? = try runFile("import \"lib.spec\"\nimport \"lib.spec\"\ntimes(1)") else { Issue.record("no number"); return }
        do {
            _ = try runFile("import \"a.spec\"")
            Issue.record("an import cycle ran")
        } catch let e as SpecError {
            #expect(e.message == "import cycle: a.spec → b.spec → a.spec")
        }
    }

    @Test func wrongKeywordIsMarkedAtTheKeyword() throws {
        let e = failure("let d = toyset(res: 8, cont: 10)")
        #expect(e?.message == "toyset has no parameter 'cont'")
        #expect(e?.span?.text == "cont")
        let f = failure("fn g(a) { return a }\ng(b: 1)")
        #expect(f?.span?.text == "b")
        let typed = failure("toyset(res: \"8\")")
        #expect(typed?.span?.text == "\"8\"")
    }
}
