import SpecSyntax

/// What `spec check` knows about a name without running anything: enough to check calls of it.
indirect enum StaticValue {
    /// Bound by `fn name(…)` or `let f = fn (…) {…}`: its parameters are known.
    case function(name: String, FunctionLiteral)
    /// `import "h.spec" as h`: the names the file defines.
    case module(path: String, [String: StaticValue])
    /// A literal that cannot be called ("a number", "a list", …).
    case plain(String)
    case unknown

    /// What an expression evaluates to, as far as its syntax tells.
    static func of(_ e: Expr, in scope: [String: StaticValue]) -> StaticValue {
        switch e.kind {
        case .integer, .float: .plain("a number")
        case .string: .plain("a string")
        case .bool: .plain("a bool")
        case .nil: .plain("nil")
        case .list, .comprehension: .plain("a list")
        case .record: .plain("a record")
        case .function(let literal): .function(name: "the function", literal)
        case .name(let n): scope[n] ?? .unknown
        default: .unknown
        }
    }
}
