import Testing
import SpecLang
import SpecSyntax
import SpecTensor

@Suite("Interpreter: constructs")
struct InterpreterTests {
    @Test func arithmeticAndPrecedence() throws {
        #expect(try number("1 + 2 * 3") == 7)
        #expect(try number("-2 ** 2") == -4)
        #expect(try number("2 ** 3 ** 2") == 512)
        #expect(try number("7 % 3") == 1)
        #expect(try number("-7 % 3") == 2)
        #expect(try number("(1 + 2) * 3") == 9)
        // Floor division rounds towards −∞, as Python's, and binds like `*`.
        #expect(try number("7 // 2") == 3)
        #expect(try number("-7 // 2") == -4)
        #expect(try number("1 + 7.5 // 2 * 2") == 7)
        #expect(try number("(-7 // 2) * 2 + -7 % 2") == -7)
        #expect(try number("item(sum(tensor([-3, 3, 4.5]) // 2))") == -2 + 1 + 2)
        #expect(throws: SpecError.self) { try number("1 // 0") }
    }

    @Test func bindingsAndAssignment() throws {
        #expect(try number("let a = 1\na = a + 2\na += 4\na") == 7)
        #expect(try number("let r = {x: 1}\nr.x = 5\nr[\"y\"] = 2\nr.x + r.y") == 7)
        #expect(try number("let l = [1, 2, 3]\nl[0] = 10\nl[-1] *= 2\nl[0] + l[2]") == 16)
    }

    @Test func controlFlow() throws {
        #expect(try number("let s = 0\nfor i in range(10) { if i % 2 == 0 { continue }\n if i > 7 { break }\n s += i }\ns") == 16)
        #expect(try number("let n = 0\nwhile n < 5 { n += 1 }\nn") == 5)
        #expect(try number("let x = 3\nlet y = 0\nif x > 5 { y = 1 } else if x > 2 { y = 2 } else { y = 3 }\ny") == 2)
        #expect(try number("let s = 0\nfor i, v in enumerate([10, 20]) { s += i * v }\ns") == 20)
        #expect(try number("let s = 0\nfor k in {a: 1, b: 2} { s += 1 }\ns") == 2)
    }

    @Test func functionsClosuresAndDefaults() throws {
        #expect(try number("fn f(x, y = 10) { return x + y }\nf(1) + f(1, y: 2)") == 14)
        #expect(try number("fn counter() { let n = 0\n return fn () { n += 1\n return n } }\nlet c = counter()\nc()\nc()\nc()") == 3)
        #expect(try number("fn fib(n) { if n < 2 { return n }\n return fib(n - 1) + fib(n - 2) }\nfib(15)") == 610)
        #expect(try number("let double = fn (x) { return x * 2 }\ndouble(21)") == 42)
    }

    @Test func stringsAndInterpolation() throws {
        let (value, _) = try run("let mode = \"avg\"\n\"run_\\(mode)_\\(1 + 1).png\"")
        guard case .string(let s)? = value else { Issue.record("not a string"); return }
        #expect(s == "run_avg_2.png")
        #expect(try run("print(\"a\", 1, [1, 2], true, nil)").output == ["a 1 [1, 2] true nil"])
    }

    @Test func listsRecordsAndSlices() throws {
        #expect(try number("len([1, 2, 3][1:])") == 2)
        #expect(try number("[5, 6, 7, 8][::-1][0]") == 8)
        #expect(try number("let r = {}\nr[\"a\"] = 1\nlen(keys(r))") == 1)
        #expect(try number("let l = []\nappend(l, 3)\nappend(l, 4)\nl.count") == 2)
        #expect(try number("([1] + [2, 3]).count") == 3)
        // Lists are shared by reference.
        #expect(try number("let a = [1]\nlet b = a\nappend(b, 2)\nlen(a)") == 2)
    }

    @Test func tensorsThroughTheLanguage() throws {
        #expect(try number("item(sum(ones([2, 3])))") == 6)
        #expect(try number("let x = tensor([[1, 2], [3, 4]])\nitem(x[1, 0])") == 3)
        #expect(try number("let x = arange(10)\nitem(sum(x[2:8:2]))") == 12)
        #expect(try number("let x = tensor([[1, 2], [3, 4]])\nitem((x @ x)[0, 0])") == 7)
        #expect(try number("(randn([2, 3]) + 1).shape[1]") == 3)
        #expect(try number("let x = tensor([1, -2, 3])\nitem(sum(where(x > 0, x, 0)))") == 4)
        #expect(try number("tensor([1, 2, 3]).mean().item()") == 2)  // method syntax calls the builtin
        #expect(try number("let x = requires_grad(tensor([1, 2, 3]))\nlet g = grad(sum(x * x), wrt: x)\nitem(g[2])") == 6)
        #expect(try number("let w = requires_grad(tensor([2]))\nlet p = {w: w}\nlet g = grad(sum(w * w * w), wrt: p)\nitem(g.w)") == 12)
    }

    @Test func seedingIsReproducible() throws {
        let a = try run("seed(3)\nrandn([4])").value, b = try run("seed(3)\nrandn([4])").value
        guard case .tensor(let ta)? = a, case .tensor(let tb)? = b else { Issue.record("not tensors"); return }
        #expect(ta.scalars == tb.scalars)
    }

    @Test func importRunsOtherFilesOnce() throws {
        let dir = FileManagerHelper.temporaryFolder()
        try "let shared = 41\nfn inc(x) { return x + 1 }".write(toFile: dir + "/lib.spec", atomically: true, encoding: .utf8)
        try "import \"lib.spec\"\nimport \"lib.spec\"\ninc(shared)".write(toFile: dir + "/main.spec", atomically: true, encoding: .utf8)
        let interpreter = Interpreter()
        let text = try String(contentsOfFile: dir + "/main.spec", encoding: .utf8)
        let value = try interpreter.run(text, name: "main.spec", url: .init(fileURLWithPath: dir + "/main.spec"))
        guard case .number(let n)? = value else { Issue.record("no value"); return }
        #expect(n == 42)
    }

    @Test func helpCoversEveryBuiltin() throws {
        let out = try run("help()").output.joined(separator: "\n")
        for b in BuiltinRegistry.standard.all { #expect(out.contains(b.name)) }
        let page = try run("help(\"conv2d\")").output.joined(separator: "\n")
        #expect(page.contains("conv2d(x, weight, bias = nil") && page.contains("Example:"))
    }
}

import Foundation
enum FileManagerHelper {
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "spec-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
