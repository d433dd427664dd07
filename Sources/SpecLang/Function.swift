import SpecSyntax

/// A user function: its literal and the scope it closes over.
public final class Function: @unchecked Sendable {
    public let name: String
    let literal: FunctionLiteral
    let closure: Scope
    let span: SourceSpan

    init(name: String, literal: FunctionLiteral, closure: Scope, span: SourceSpan) {
        self.name = name
        self.literal = literal
        self.closure = closure
        self.span = span
    }

    public var parameterNames: [String] { literal.parameters.map(\.name.name) }
}

/// An argument passed by name: `span` is its value's place (for errors about the value), `nameSpan` its label's
/// (for errors about the name).
struct KeywordArgument {
    let name: String
    let value: Value
    let span: SourceSpan?
    let nameSpan: SourceSpan?
}

/// Variables of one block or function body, chained to the enclosing scope.
final class Scope: @unchecked Sendable {
    private var values: [String: Value] = [:]
    /// Where each top-level name was defined in source, when known: an import that would replace a binding names both
    /// places.
    private var origins: [String: SourceSpan] = [:]
    let parent: Scope?

    init(parent: Scope?) { self.parent = parent }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let s = scope {
            if let v = s.values[name] { return v }
            scope = s.parent
        }
        return nil
    }

    func define(_ name: String, _ value: Value, at origin: SourceSpan? = nil) {
        values[name] = value
        // Only a file's top-level scope is an import's target; blocks and calls skip the bookkeeping.
        if parent == nil { origins[name] = origin }
    }

    /// This scope's own binding of `name` (not its parents'), with where it was defined.
    func own(_ name: String) -> (value: Value, origin: SourceSpan?)? { values[name].map { ($0, origins[name]) } }

    /// Rebinds an existing variable where it was defined; false when no scope defines it.
    func assign(_ name: String, _ value: Value) -> Bool {
        var scope: Scope? = self
        while let s = scope {
            if s.values[name] != nil { s.values[name] = value; return true }
            scope = s.parent
        }
        return false
    }

    /// Every name visible from here (innermost first), for suggestions and completion.
    var visibleNames: [String] {
        var names: [String] = []
        var scope: Scope? = self
        while let s = scope { names += s.values.keys.sorted(); scope = s.parent }
        return names
    }

    /// This scope's own bindings.
    var bindings: [(String, Value)] { values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    func removeAll() {
        values.removeAll()
        origins.removeAll()
    }
}
