import Foundation
import Testing
import SpecLang
import SpecSyntax
import SpecTensor
import SpecTestSupport

/// No program may crash the process: every one ends in a value or a language error. Programs are generated
/// (random statements calling random builtins with random small arguments) or mutated from example scripts,
/// from a fixed seed, and run with a step budget. `scripts/fuzz N` runs longer campaigns.
@Suite("Interpreter fuzzing")
struct InterpreterFuzzTests {
    @Test("10,000 generated and mutated programs end in a value or an error")
    func fuzz() throws {
        // scripts/fuzz sets a larger count (and another seed) for long campaigns.
        let env = ProcessInfo.processInfo.environment
        let count = env["SPEC_FUZZ_COUNT"].flatMap(Int.init) ?? 10_000
        let seed = env["SPEC_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261129
        // Extreme sizes must be refused, not made: a low limit keeps the campaign fast (no test allocates more).
        let limit = AllocationLimit.bytes
        AllocationLimit.bytes = 256 << 20
        defer { AllocationLimit.bytes = limit }
        let stats = try LanguageFuzzer.run(count: count, seed: seed)
        print("fuzz: \(stats) (seed \(seed))")
        #expect(stats.programs == count)
        // The generator must exercise the interpreter, not only the parser: one program in forty at least
        // completes, and one in forty ends in a runtime error, whatever the count (5–18 % and 30–44 % do).
        #expect(stats.completed > count / 40 && stats.runtimeErrors > count / 40, "\(stats)")
    }
}

/// A deterministic program generator and mutator.
struct LanguageFuzzer {
    struct Stats: CustomStringConvertible {
        var programs = 0, completed = 0, syntaxErrors = 0, runtimeErrors = 0
        var description: String { "\(programs) programs: \(completed) completed, \(syntaxErrors) syntax errors, \(runtimeErrors) runtime errors" }
    }

    var random: SplitMix64

    mutating func below(_ n: Int) -> Int { random.below(n) }
    mutating func pick<T>(_ items: [T]) -> T { random.pick(items) }

    static let seeds = [
        "seed(0)\nlet x = randn([2, 3])\nlet s = 0\nfor i in range(3) { s += i }\nprint(s, x.shape)",
        "fn f(a, b = 2) { return a * b }\nlet r = {k: f(3), l: [1, 2, 3]}\nr.k + r.l[1]",
        "let t = conv2d(randn([1, 2, 6, 6]), randn([3, 2, 3, 3]), padding: 1)\nlet u = upsample(t, mode: \"bilinear\")\nsum(u).item()",
        "let x = requires_grad(tensor([1, 2, 3]))\nlet g = grad(sum(x * x * x), wrt: x)\nif g[0] > 1 { print(\"big\") } else { print(\"small\") }",
        "let l = []\nwhile len(l) < 4 { append(l, len(l) ** 2) }\nl[1:3]",
        "let xs = [i * 2 for i in range(5) if i % 2 == 0]\nlet a, b = xs[:2]\nfor k, v in items({p: a, q: b}) { print(format(v, \">6.2f\"), k.upper()) }",
        "let t = randn([3, 4])\nlet m = t[t > 0]\nt[:, [0, 2]] = 0\nt[0, ::-1] += 1\nprint(t, m.shape, sum([1, 2]), print_options().threshold)",
        "let pairs = sorted(zip([3, 1, 2], \"abc\".split(\"\")), key: fn (p) { return p[0] }, reverse: true)\n\", \".join(map(fn (p) { return p[1] }, pairs))",
    ]

    static func run(count: Int, seed: UInt64) throws -> Stats {
        var fuzzer = LanguageFuzzer(random: SplitMix64(seed: seed))
        var stats = Stats()
        let folder = URL(fileURLWithPath: NSTemporaryDirectory() + "spec-fuzz-\(UUID().uuidString)")
        for i in 0..<count {
            let source = i % 2 == 0 ? fuzzer.generated() : fuzzer.mutated(fuzzer.pick(seeds))
            let interpreter = Interpreter(seed: UInt64(i), files: .script(at: nil, output: folder, allowed: []))
            interpreter.output = { _ in }
            interpreter.stepBudget = 2_000
            stats.programs += 1
            do {
                _ = try interpreter.run(source, name: "fuzz\(i).spec")
                stats.completed += 1
            } catch let e as SpecError {
                if let span = e.span, span.file.name == "fuzz\(i).spec" {
                    #expect(span.start <= span.file.utf8.count && span.end <= span.file.utf8.count, "span outside program \(i)")
                }
                if e.kind == .syntax { stats.syntaxErrors += 1 } else { stats.runtimeErrors += 1 }
            }
        }
        try? FileManager.default.removeItem(at: folder)
        return stats
    }

    // MARK: Generation

    /// Numbers at the edges: zero, negative, powers of two around integer limits, huge, NaN and infinity.
    static let extremes = ["0", "-1", "2147483648", "4294967296", "4611686018427387904", "1e12", "1e300", "-1e300", "(0 / 0)", "(1 / 0)", "0.5e-320"]

    mutating func smallValue(_ depth: Int = 0) -> String {
        if below(12) == 0 {
            // An extreme number alone, or as a size in a shape.
            let x = pick(Self.extremes)
            return below(2) == 0 ? x : "[" + (0..<(1 + below(3))).map { _ in below(2) == 0 ? x : String(1 + below(3)) }.joined(separator: ", ") + "]"
        }
        switch below(depth > 1 ? 5 : 9) {
        case 0: return String(below(7) - 2)
        case 1: return pick(["0.5", "-1.5", "1e-3", "2.0", "0"])
        case 2: return pick(["\"avg\"", "\"bilinear\"", "\"zeros\"", "\"\"", "\"x\""])
        case 3: return pick(["true", "false", "nil"])
        case 4: return pick(["a", "b", "t", "l", "r"])
        case 5: return "[" + (0..<below(4)).map { _ in smallValue(depth + 1) }.joined(separator: ", ") + "]"
        case 6: return "randn([" + (0..<(1 + below(4))).map { _ in String(1 + below(4)) }.joined(separator: ", ") + "])"
        case 7: return "{k: \(smallValue(depth + 1))}"
        default: return "(\(smallValue(depth + 1)) \(pick(["+", "-", "*", "/", "//", "**", "@", "==", "<", "and", "or", "%"])) \(smallValue(depth + 1)))"
        }
    }

    mutating func call() -> String {
        // memory_limit sets the process's limit, which other tests running beside this one share.
        let builtin = pick(BuiltinRegistry.standard.all.filter { $0.name != "help" && $0.name != "memory_limit" })
        var parts: [String] = []
        for p in builtin.parameters where below(3) > 0 {
            parts.append(below(2) == 0 ? smallValue() : "\(p.name): \(smallValue())")
        }
        if below(10) == 0 { parts.append("bogus: 1") }
        return "\(builtin.name)(\(parts.joined(separator: ", ")))"
    }

    mutating func statement(_ depth: Int) -> String {
        switch below(depth > 1 ? 4 : 13) {
        case 11: return "\(pick(["t", "l", "r.k"]))[\(pick(["t > 0", "[0, 1]", "[-1]", ":, ::-1", "::-2", "0, [1, 1]", "[true, false]", smallValue()]))]\(below(2) == 0 ? " = \(smallValue())" : "")"
        case 12: return "print_options(\(pick(["threshold", "edgeitems", "precision", "linewidth"])): \(smallValue()))\nprint(t, l, r)"
        case 9: return "let \(pick(["a", "b", "t"])), \(pick(["l", "r"])) = \(smallValue())"
        case 10:
            let sequence = pick(["range(3)", "l", "t", "zip(l, l)", "enumerate(l)", "items(r)", "\"ab\"", smallValue()])
            return "l = [\(smallValue()) for \(pick(["p", "p, q"])) in \(sequence)\(below(2) == 0 ? " if \(smallValue())" : "")]"
        case 0: return "let \(pick(["a", "b", "t", "l", "r"])) = \(below(2) == 0 ? call() : smallValue())"
        case 1: return call()
        case 2: return "print(\(smallValue()))"
        case 3: return "\(pick(["a", "b", "t"])) = \(smallValue())"
        case 4: return "for i in \(pick(["range(3)", "[1, 2]", "t", "l", "\"ab\""])) { \(statement(depth + 1)) }"
        case 5: return "if \(smallValue()) { \(statement(depth + 1)) } else { \(statement(depth + 1)) }"
        case 6: return "fn g(p, q = 1) { return \(smallValue()) }\ng(\(smallValue()))"
        case 7: return "while \(pick(["false", "len(l) < 3", "true"])) { \(pick(["break", "append(l, 1)", "continue"])) }"
        default:
            // Data that contains itself, or nests deep.
            return pick(["append(l, l)", "r.self = r", "let d = []\nfor i in range(300) { d = [d] }\nl = d", "r.k = l\nappend(l, r)"])
        }
    }

    mutating func generated() -> String {
        var lines = ["let a = 1", "let b = 2.5", "let t = randn([2, 3])", "let l = [1, 2]", "let r = {k: 1}"]
        for _ in 0..<(1 + below(6)) { lines.append(statement(0)) }
        return lines.joined(separator: "\n")
    }

    // MARK: Mutation

    mutating func mutated(_ source: String) -> String {
        var chars = Array(source)
        for _ in 0..<(1 + below(4)) where !chars.isEmpty {
            let at = below(chars.count)
            switch below(4) {
            case 0: chars.remove(at: at)
            case 1: chars.insert(pick(Array("(){}[]\",.:=+-*/%@<>!#\\ \n0a")), at: at)
            case 2:
                let end = Swift.min(chars.count, at + below(8))
                chars.insert(contentsOf: chars[at..<end], at: at)
            default: chars.swapAt(at, below(chars.count))
            }
        }
        return String(chars)
    }
}
