import Foundation
import SpecSyntax

/// Tab completion for the REPL: what may follow the text before the cursor, given a session's bindings and
/// builtins. Knows names (bindings, builtins, keywords), the keyword arguments of the call the cursor is in
/// (`conv2d(x, pad` → `padding: `; after a comma, matching keywords hide other names), fields and methods after a
/// `.`, and file paths inside string literals.
public enum Completion {
    /// The completions of one position.
    public struct Result: Equatable, Sendable {
        /// The text just before the cursor that a candidate replaces; every candidate starts with it.
        public let prefix: String
        /// Replacements for `prefix`, most specific first (keyword arguments before names, fields before methods).
        public let candidates: [String]

        public init(prefix: String, candidates: [String]) {
            self.prefix = prefix
            self.candidates = candidates
        }

        /// The longest text every candidate starts with (at least `prefix`).
        public var commonPrefix: String {
            guard var common = candidates.first else { return prefix }
            for c in candidates.dropFirst() {
                common = String(zip(common, c).prefix { $0 == $1 }.map(\.0))
            }
            return common.count >= prefix.count ? common : prefix
        }
    }

    /// The candidates for the text of `line` before the UTF-8 offset `cursor` (the end when nil).
    public static func candidates(line: String, cursor: Int? = nil, interpreter: Interpreter) -> [String] {
        complete(line: line, cursor: cursor, interpreter: interpreter).candidates
    }

    /// Completes the text of `line` before the UTF-8 offset `cursor` (the end when nil). `line` may hold several
    /// lines (an unfinished multi-line entry), so that a call opened on an earlier line is still seen.
    public static func complete(line: String, cursor: Int? = nil, interpreter: Interpreter) -> Result {
        let utf8 = Array(line.utf8)
        let end = min(max(cursor ?? utf8.count, 0), utf8.count)
        let before = String(decoding: utf8[..<end], as: UTF8.self)
        let context = CompletionContext(scanning: before)
        switch context.position {
        case .comment:
            return Result(prefix: "", candidates: [])
        case .string(let content):
            return Result(prefix: content, candidates: paths(completing: content))
        case let .code(word, afterDot, call):
            if let first = word.first, first.isNumber { return Result(prefix: word, candidates: []) }
            if let chain = afterDot {
                return Result(prefix: word, candidates: members(of: chain, interpreter: interpreter).filter { $0.hasPrefix(word) })
            }
            var keywords: [String] = []
            if let call {
                keywords = keywordParameters(of: call.callee, interpreter: interpreter)
                    .filter { $0.hasPrefix(word) && !call.usedKeywords.contains($0) }
                    .map { $0 + ": " }
                // After a comma, a word that starts a keyword argument most likely is one (`conv2d(x, pad`).
                if !call.isFirstArgument, !keywords.isEmpty { return Result(prefix: word, candidates: keywords) }
            }
            return Result(prefix: word, candidates: keywords + names(interpreter).filter { $0.hasPrefix(word) })
        }
    }

    /// Files and folders whose path starts with `partial` (relative to the current directory; `~` is the home
    /// folder). Folders end with `/`; hidden entries appear only once `partial`'s last component starts with `.`.
    public static func paths(completing partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let folder = folderPart.isEmpty ? "." : (folderPart as NSString).expandingTildeInPath
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return entries.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .prefix(maximumPaths)
            .map { entry in
                var isFolder: ObjCBool = false
                let full = (folder as NSString).appendingPathComponent(entry)
                let folderSuffix = FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) && isFolder.boolValue ? "/" : ""
                return folderPart + entry + folderSuffix
            }
    }

    /// Directory listings longer than this are cut (a Tab in a huge folder must stay fast).
    static let maximumPaths = 500

    /// Bindings, builtins and keywords, sorted, without duplicates.
    static func names(_ interpreter: Interpreter) -> [String] {
        Array(Set(interpreter.knownNames + Lexer.keywords)).sorted()
    }

    /// Names a call of `callee` accepts as keyword arguments, in declaration order.
    static func keywordParameters(of callee: [String], interpreter: Interpreter) -> [String] {
        guard let name = callee.last else { return [] }
        if callee.count == 1 {
            switch interpreter.lookup(name) {
            case .builtin(let b)?: return b.parameters.filter { !$0.variadic }.map(\.name)
            case .function(let f)?: return f.parameterNames
            default: return []
            }
        }
        // A method call: a field holding a function, or the builtin of that name with the receiver first.
        let receiver = value(of: Array(callee.dropLast()), interpreter: interpreter)
        if let receiver, let field = try? Indexing.fieldIfPresent(receiver, name, interpreter: interpreter) {
            if case .function(let f) = field { return f.parameterNames }
            if case .builtin(let b) = field { return b.parameters.filter { !$0.variadic }.map(\.name) }
            return []
        }
        guard let builtin = interpreter.registry[name] else { return [] }
        return builtin.parameters.dropFirst().filter { !$0.variadic }.map(\.name)
    }

    /// Fields of the value a name chain (`run.model`) denotes, then the builtins that can be called on it as
    /// methods.
    static func members(of chain: [String], interpreter: Interpreter) -> [String] {
        guard let v = value(of: chain, interpreter: interpreter) else { return [] }
        let fields = Indexing.fieldNames(v).filter(isIdentifier)
        let methods = interpreter.registry.all.filter { b in
            guard let first = b.parameters.first, !first.keywordOnly else { return false }
            return accepts(first.type, v)
        }.map(\.name).sorted()
        var seen = Set<String>()
        return (fields + methods).filter { seen.insert($0).inserted }
    }

    /// The value of a chain of names and fields, without calling anything but field getters.
    static func value(of chain: [String], interpreter: Interpreter) -> Value? {
        guard let first = chain.first, var v = interpreter.lookup(first) else { return nil }
        for field in chain.dropFirst() {
            guard let next = try? Indexing.fieldIfPresent(v, field, interpreter: interpreter) else { return nil }
            v = next
        }
        return v
    }

    /// Whether a parameter of `type` takes `value` (roughly: enough to offer it as a method).
    static func accepts(_ type: ParameterType, _ value: Value) -> Bool {
        switch (type, value) {
        case (.any, _): return true
        case (.tensor, .tensor), (.tensor, .number), (.tensor, .list): return true
        case (.number, .number), (.integer, .number), (.axes, .number): return true
        case (.list, .list), (.shape, .list), (.axes, .list): return true
        case (.string, .string), (.bool, .bool), (.record, .record), (.object, .object): return true
        case (.function, .function), (.function, .builtin): return true
        default: return false
        }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}

/// Where the cursor is, found by one scan of the text before it: in a comment, inside a string literal, or in
/// code after a (possibly empty) word, maybe after a `.` and maybe among the arguments of a call.
struct CompletionContext {
    enum Position {
        case comment
        /// Inside a string literal; `content` is its text up to the cursor.
        case string(content: String)
        /// `afterDot` is the name chain before a `.` that precedes the word (empty when that is not a chain of
        /// names); `call` is the call whose arguments the word starts.
        case code(word: String, afterDot: [String]?, call: Call?)
    }

    /// An open call: the name chain before its `(`, the keyword arguments it already has, and whether the word
    /// starts its first argument (right after the `(`) rather than a later one.
    struct Call {
        var callee: [String]
        var usedKeywords: Set<String> = []
        var isFirstArgument = false
    }

    private enum Frame {
        case string(start: Int)
        case interpolation
        case group(Character, Call?)
    }

    let position: Position

    init(scanning text: String) {
        let chars = Array(text)
        var stack: [Frame] = []
        var inComment = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inComment {
                if c == "\n" { inComment = false }
                i += 1
                continue
            }
            if case .string? = stack.last {
                if c == "\\" {
                    if i + 1 < chars.count, chars[i + 1] == "(" { stack.append(.interpolation) }
                    i += 2
                    continue
                }
                if c == "\"" || c == "\n" { stack.removeLast() }  // string literals end at the line's end
                i += 1
                continue
            }
            switch c {
            case "#": inComment = true
            case "\"": stack.append(.string(start: i + 1))
            case "(", "[", "{":
                let callee = c == "(" ? Self.nameChain(before: i, in: chars) : []
                stack.append(.group(c, callee.isEmpty ? nil : Call(callee: callee)))
            case ")", "]", "}":
                switch stack.last {
                case .interpolation?: if c == ")" { stack.removeLast() }
                case .group?: stack.removeLast()
                default: break
                }
            case ":":
                if case .group("(", var call?)? = stack.last {
                    let label = Self.identifier(before: Self.skippingBlanks(before: i, in: chars), in: chars)
                    if !label.isEmpty {
                        call.usedKeywords.insert(label)
                        stack[stack.count - 1] = .group("(", call)
                    }
                }
            default: break
            }
            i += 1
        }
        if inComment { position = .comment; return }
        if case .string(let start)? = stack.last {
            position = .string(content: String(chars[min(start, chars.count)...]))
            return
        }
        let word = Self.identifier(before: chars.count, in: chars)
        let wordStart = chars.count - word.count
        if wordStart > 0, chars[wordStart - 1] == "." {
            position = .code(word: word, afterDot: Self.nameChain(before: wordStart - 1, in: chars), call: nil)
            return
        }
        var call: Call?
        if case .group("(", var open?)? = stack.last {
            let previous = Self.skippingBlanks(before: wordStart, in: chars)
            if previous > 0, chars[previous - 1] == "(" || chars[previous - 1] == "," {
                open.isFirstArgument = chars[previous - 1] == "("
                call = open
            }
        }
        position = .code(word: word, afterDot: nil, call: call)
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The identifier that ends just before `end`.
    private static func identifier(before end: Int, in chars: [Character]) -> String {
        var start = end
        while start > 0, isWordCharacter(chars[start - 1]) { start -= 1 }
        return String(chars[start..<end])
    }

    /// The position after the last non-blank character before `end`.
    private static func skippingBlanks(before end: Int, in chars: [Character]) -> Int {
        var j = end
        while j > 0, chars[j - 1] == " " || chars[j - 1] == "\t" || chars[j - 1] == "\n" { j -= 1 }
        return j
    }

    /// The chain of names `a.b.c` that ends just before `end`; empty unless it starts with a plain name (not a
    /// call's result, an index or a literal).
    private static func nameChain(before end: Int, in chars: [Character]) -> [String] {
        var names: [String] = []
        var j = end
        while true {
            let name = identifier(before: j, in: chars)
            guard Completion.isIdentifier(name) else { return [] }
            names.insert(name, at: 0)
            j -= name.count
            guard j > 0, chars[j - 1] == "." else { break }
            j -= 1
        }
        if j > 0, [")", "]", "\"", "}"].contains(chars[j - 1]) { return [] }
        return names
    }
}
