import Testing
@testable import SpecSyntax
import SpecTestSupport

/// Random programs from a small grammar of the language; mostly valid, sometimes not (e.g. chained comparisons).
struct ProgramGenerator {
    var random: SplitMix64
    /// Strings currently open around the generator: their interpolations must stay on one line.
    private var openStrings = 0
    private let names = ["x", "data", "runs", "mode", "d", "f", "toyset", "i", "_t2"]
    private let binaryOperators = ["+", "-", "*", "/", "%", "@", "**", "==", "!=", "<", "<=", ">", ">=", "and", "or"]

    init(random: SplitMix64) { self.random = random }

    mutating func program() -> String {
        var text = ""
        let separator = random.chance(20) ? "; " : "\n"
        for index in 0..<(1 + random.below(6)) {
            if random.chance(10) {
                text += (index == 0 ? "" : "\n") + "#%% cell \(random.below(100))\n"
            } else if index > 0 {
                text += separator
            }
            text += statement(depth: 0)
        }
        return text
    }

    private mutating func statement(depth: Int) -> String {
        let indent = String(repeating: "  ", count: depth)
        let choice = depth > 2 ? random.below(5) : random.below(12)
        switch choice {
        case 0: return "let \(bindingNames()) = \(expression(depth: 0))"
        case 1: return "\(target()) \(random.pick(["=", "+=", "-=", "*=", "/="])) \(expression(depth: 0))"
        case 2, 3: return expression(depth: 0)
        case 4: return random.pick(["break", "continue", "return", "return \(expression(depth: 2))"])
        case 5: return "fn \(random.pick(names))(\(parameters())) \(block(depth: depth))"
        case 6:
            var text = "if \(expression(depth: 1)) \(block(depth: depth))"
            for _ in 0..<random.below(3) { text += " else if \(expression(depth: 1)) \(block(depth: depth))" }
            if random.chance(50) { text += (random.chance(30) ? "\n\(indent)" : " ") + "else \(block(depth: depth))" }
            return text
        case 7: return "for \(bindingNames()) in \(expression(depth: 1)) \(block(depth: depth))"
        case 8: return "while \(expression(depth: 1)) \(block(depth: depth))"
        case 9: return "import \"lib_\(random.below(9)).spec\"" + (random.chance(30) ? " as \(random.pick(names))" : "")
        default: return expression(depth: 0)
        }
    }

    /// One name, or a few for unpacking (sometimes the same twice: a syntax error).
    private mutating func bindingNames() -> String {
        (0..<(random.chance(25) ? 2 + random.below(2) : 1)).map { _ in random.pick(names) }.joined(separator: ", ")
    }

    private mutating func block(depth: Int) -> String {
        let count = random.below(4)
        if count == 0 { return "{}" }
        if random.chance(30) { return "{ " + (0..<count).map { _ in statement(depth: depth + 1) }.joined(separator: "; ") + " }" }
        let indent = String(repeating: "  ", count: depth + 1)
        let body = (0..<count).map { _ in indent + statement(depth: depth + 1) }.joined(separator: "\n")
        return "{\n\(body)\n\(String(repeating: "  ", count: depth))}"
    }

    private mutating func parameters() -> String {
        var list: [String] = []
        let count = random.below(4)
        let firstDefault = random.below(count + 1)
        for index in 0..<count {
            list.append(index >= firstDefault ? "p\(index) = \(expression(depth: 3))" : "p\(index)")
        }
        return list.joined(separator: ", ")
    }

    private mutating func target() -> String {
        switch random.below(3) {
        case 0: random.pick(names)
        case 1: "\(random.pick(names)).\(random.pick(names))"
        default: "\(random.pick(names))[\(expression(depth: 2))]"
        }
    }

    private mutating func expression(depth: Int) -> String {
        if depth > 3 || random.chance(25) { return atom() }
        switch random.below(12) {
        case 0, 1, 2:
            let lineBreak = openStrings == 0 && random.chance(10)
            return "\(operand(depth: depth + 1)) \(random.pick(binaryOperators))\(lineBreak ? "\n" : " ")\(operand(depth: depth + 1))"
        case 3: return random.pick(["-", "+", "not "]) + expression(depth: depth + 1)
        case 4: return "(\(expression(depth: depth + 1)))"
        case 5: return "\(random.pick(names))(\(arguments(depth: depth)))"
        case 6: return "\(random.pick(names))[\(indexItems(depth: depth))]"
        case 7: return "\(atom()).\(random.pick(names))"
        case 8:
            if random.chance(30) {
                let condition = random.chance(40) ? " if \(expression(depth: depth + 1))" : ""
                return "[\(expression(depth: depth + 1)) for \(bindingNames()) in \(expression(depth: depth + 1))\(condition)]"
            }
            return "[" + (0..<random.below(4)).map { _ in expression(depth: depth + 1) }.joined(separator: ", ") + "]"
        case 9:
            let keys = ["a", "b", "\"c d\"", "e"].prefix(random.below(4))
            return "{" + keys.map { "\($0): \(expression(depth: depth + 1))" }.joined(separator: ", ") + "}"
        case 10: return "fn (\(parameters())) { return \(expression(depth: depth + 1)) }"
        default:
            openStrings += 1
            defer { openStrings -= 1 }
            return "\"s_\\(\(expression(depth: depth + 1)))_\\t\\\"\""
        }
    }

    /// An operand of a binary operator, parenthesised when it is not a single word so that comparisons never chain.
    private mutating func operand(depth: Int) -> String {
        let text = expression(depth: depth)
        return text.contains(" ") ? "(\(text))" : text
    }

    private mutating func arguments(depth: Int) -> String {
        let positional = (0..<random.below(3)).map { _ in expression(depth: depth + 1) }
        let keywords = ["k", "steps", "res"].prefix(random.below(3)).map { "\($0): \(expression(depth: depth + 1))" }
        return (positional + keywords).joined(separator: ", ")
    }

    private mutating func indexItems(depth: Int) -> String {
        (0..<(1 + random.below(3))).map { _ in
            switch random.below(3) {
            case 0: expression(depth: depth + 1)
            case 1: ":"
            default: "\(random.chance(50) ? atom() : ""):\(random.chance(50) ? atom() : "")\(random.chance(50) ? ":2" : "")"
            }
        }.joined(separator: ", ")
    }

    private mutating func atom() -> String {
        switch random.below(7) {
        case 0: "\(random.below(1000))"
        case 1: random.pick(["0.5", "1e-3", "2.5E+4", "10_000", "3.0"])
        case 2: random.pick(["true", "false", "nil"])
        case 3: "\"text \(random.below(10))\""
        default: random.pick(names)
        }
    }
}

/// Random edits of a script: deleted, inserted and duplicated bytes and snippets, including broken UTF-8.
struct Mutator {
    var random: SplitMix64
    private let snippets = [
        "(", ")", "[", "]", "{", "}", "\"", "\\(", "\\", ",", ":", "\n", "\n#%% cell\n", "é", "😀", "let ", "fn ",
        "=", "**", "-", "@", " ", "\t", "'", "!", "1e", "0.5", "#", "not ", "else ", "99999999999999999999", ";",
        " for ", " in ", " if ", " as ",
    ]

    mutating func mutate(_ source: String) -> String {
        var bytes = Array(source.utf8)
        for _ in 0..<(1 + random.below(4)) {
            let position = random.below(bytes.count + 1)
            switch random.below(5) {
            case 0:
                let length = min(1 + random.below(6), bytes.count - position)
                bytes.removeSubrange(position..<(position + length))
            case 1:
                bytes.insert(contentsOf: Array(random.pick(snippets).utf8), at: position)
            case 2:
                let length = min(1 + random.below(12), bytes.count - position)
                let copy = Array(bytes[position..<(position + length)])
                bytes.insert(contentsOf: copy, at: random.below(bytes.count + 1))
            case 3:
                bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            default:
                if position + 1 < bytes.count { bytes.swapAt(position, position + 1) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite struct FuzzTests {
    /// Every input either parses, and then survives a print/parse round trip, or fails with a syntax error whose
    /// span lies inside the input (and error formatting must not crash). Returns whether the input parsed.
    @discardableResult
    private func check(_ source: String) -> Bool {
        let file = SourceFile(name: "fuzz.spec", text: source)
        do {
            let program = try Parser.parseProgram(file)
            let printed = program.description
            guard let reparsed = try? Parser.parseProgram(source: printed),
                  TreeDump.program(reparsed) == TreeDump.program(program) else {
                Issue.record("round trip failed for:\n\(source)\nprinted:\n\(printed)")
                return false
            }
            return true
        } catch {
            guard let span = error.span, span.file === file, span.start <= span.end, span.end <= file.utf8.count else {
                Issue.record("error without a valid span for:\n\(source)\n\(error)")
                return false
            }
            _ = error.formatted(colour: true)
            return false
        }
    }

    @Test func generatedPrograms() {
        var generator = ProgramGenerator(random: SplitMix64(seed: 0x5EED))
        var parsed = 0
        for _ in 0..<4000 where check(generator.program()) {
            parsed += 1
        }
        #expect(parsed > 3000, "the generator should mostly produce valid programs")
    }

    @Test func mutatedScripts() {
        var mutator = Mutator(random: SplitMix64(seed: 42))
        for round in 0..<6000 {
            let source = mutator.mutate(ExampleScripts.all[round % ExampleScripts.all.count])
            check(source)
            _ = Parser.completeness(of: source)  // must not crash either
        }
    }
}
