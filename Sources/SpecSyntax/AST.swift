/// A name as written in source, with its span: bindings, parameters, fields, argument labels, record keys.
public struct Identifier: Sendable, Equatable {
    public let name: String
    public let span: SourceSpan

    public init(_ name: String, span: SourceSpan) {
        self.name = name
        self.span = span
    }
}

/// Binding strength of operators, weakest first. `postfix` (calls, indexing, fields) and `primary`
/// (literals, names, parenthesised expressions) are for printing.
public enum Precedence: Int, Comparable, Sendable {
    case or = 1, and, not, comparison, additive, multiplicative, unary, power, postfix, primary

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The next stronger level, used for the right operand of a left-associative operator.
    var stronger: Precedence { Precedence(rawValue: rawValue + 1) ?? .primary }
}

public enum BinaryOperator: String, CaseIterable, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-"
    case multiply = "*", divide = "/", floorDivide = "//", remainder = "%", matrixMultiply = "@"
    case power = "**"

    public var precedence: Precedence {
        switch self {
        case .or: .or
        case .and: .and
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: .comparison
        case .add, .subtract: .additive
        case .multiply, .divide, .floorDivide, .remainder, .matrixMultiply: .multiplicative
        case .power: .power
        }
    }

    /// Only `**` groups to the right: `2 ** 3 ** 2 == 2 ** 9`.
    public var isRightAssociative: Bool { self == .power }
}

public enum UnaryOperator: String, CaseIterable, Sendable {
    case negate = "-", plus = "+", not
}

/// An expression and where it is in the source.
public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case integer(Int)
        case float(Double)
        case string([StringPart])
        case bool(Bool)
        case `nil`
        case name(String)
        case list([Expr])
        /// `[element for a, b in sequence if condition]`.
        case comprehension(Comprehension)
        case record([RecordEntry])
        case unary(UnaryOperator, Expr)
        /// Also `and` / `or`, which the interpreter evaluates lazily.
        case binary(BinaryOperator, Expr, Expr)
        /// A method call `a.b(x)` is a call whose callee is the field `a.b`.
        case call(callee: Expr, arguments: [Argument])
        case index(Expr, [IndexItem])
        case field(Expr, Identifier)
        /// An anonymous function `fn (x) { … }`; named functions are statements.
        case function(FunctionLiteral)
    }

    public let kind: Kind
    public let span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// How tightly the expression binds, for deciding where a printer needs parentheses.
    public var precedence: Precedence {
        switch kind {
        case .binary(let op, _, _): op.precedence
        case .unary(let op, _): op == .not ? .not : .unary
        case .call, .index, .field: .postfix
        default: .primary
        }
    }
}

/// The parts of a list comprehension; the variables are bound per item as `for` binds them.
public struct Comprehension: Sendable, Equatable {
    public let element: Expr
    public let variables: [Identifier]
    public let sequence: Expr
    public let condition: Expr?

    public init(element: Expr, variables: [Identifier], sequence: Expr, condition: Expr?) {
        self.element = element
        self.variables = variables
        self.sequence = sequence
        self.condition = condition
    }
}

public enum StringPart: Sendable, Equatable {
    case text(String)
    case interpolation(Expr)
}

/// `key: value` in a record literal; the key was written as a name or a string.
public struct RecordEntry: Sendable, Equatable {
    public let key: Identifier
    public let value: Expr

    public init(key: Identifier, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// A call argument, positional (`label == nil`) or keyword (`name: value`).
public struct Argument: Sendable, Equatable {
    public let label: Identifier?
    public let value: Expr

    public init(label: Identifier?, value: Expr) {
        self.label = label
        self.value = value
    }
}

/// One comma-separated item inside `a[ … ]`: an index or a slice `start:stop:step` with optional parts.
public struct IndexItem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case single(Expr)
        case slice(start: Expr?, stop: Expr?, step: Expr?)
    }

    public let kind: Kind
    public let span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// A function parameter; callers may pass it by position or by name, and may omit it when it has a default.
public struct Parameter: Sendable, Equatable {
    public let name: Identifier
    public let defaultValue: Expr?

    public init(name: Identifier, defaultValue: Expr?) {
        self.name = name
        self.defaultValue = defaultValue
    }
}

/// Parameters and body of a function, named (`fn f(x) {}` statement) or anonymous (`fn (x) {}` expression).
public struct FunctionLiteral: Sendable, Equatable {
    public let parameters: [Parameter]
    public let body: Block

    public init(parameters: [Parameter], body: Block) {
        self.parameters = parameters
        self.body = body
    }
}
