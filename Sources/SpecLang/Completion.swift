import Foundation

/// Tab completion for the REPL: what may follow the text before the cursor, given a session's bindings and
/// builtins. Knows names (bindings, builtins, keywords), the keyword arguments of the call the cursor is in
/// (`conv2d(x, pad` → `padding:`), fields and methods after a `.`, and file paths inside string literals.
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
            var candidates: [String] = []
            if let call {
                let used = call.usedKeywords
                candidates = keywordParameters(of: call.callee, interpreter: interpreter)
                    .filter { $0.hasPrefix(word) && !used.contains($0) }
                    .map { $0 + ":" }
            }
            return Result(prefix: word, candidates: candidates + names(interpreter).filter { $0.hasPrefix(word) })
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
