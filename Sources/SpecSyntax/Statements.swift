/// A statement and where it is in the source.
public struct Stmt: Sendable, Equatable {
    /// Indirect so that a statement is small: parser frames hold many of them, and their size bounds how
    /// deeply scripts can nest on a given stack.
    public indirect enum Kind: Sendable, Equatable {
        /// `let x = v`, or `let a, b = pair`, which unpacks a sequence of exactly that many items.
        case `let`([Identifier], Expr)
        /// `target = value` or a compound form like `target += value`; the target is a name, a field or an index.
        case assign(target: Expr, AssignmentOperator, value: Expr)
        case expression(Expr)
        case function(name: Identifier, FunctionLiteral)
        /// `if a {} else if b {} else {}`: one branch per condition, then the optional final `else`.
        case `if`([ConditionalBranch], else: Block?)
        /// `for x in xs {}`, or `for k, v in pairs {}`, which unpacks each item as `let` does.
        case `for`([Identifier], in: Expr, body: Block)
        case `while`(Expr, body: Block)
        case `break`
        case `continue`
        case `return`(Expr?)
        /// `import "h.spec"` defines the file's top-level names here; `import "h.spec" as h` defines only `h`, a
        /// record of them.
        case `import`(path: String, alias: Identifier?)
    }

    public let kind: Kind
    public let span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

public enum AssignmentOperator: String, CaseIterable, Sendable {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/="

    /// The operator a compound assignment applies (`+` for `+=`), nil for plain `=`.
    public var binaryOperator: BinaryOperator? {
        switch self {
        case .assign: nil
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        }
    }
}

public struct ConditionalBranch: Sendable, Equatable {
    public let condition: Expr
    public let body: Block

    public init(condition: Expr, body: Block) {
        self.condition = condition
        self.body = body
    }
}

/// Statements between braces; the span includes the braces.
public struct Block: Sendable, Equatable {
    public let statements: [Stmt]
    public let span: SourceSpan

    public init(statements: [Stmt], span: SourceSpan) {
        self.statements = statements
        self.span = span
    }
}

/// A parsed file (or part of one) with its notebook cells.
public struct Program: Sendable {
    public let file: SourceFile
    public let statements: [Stmt]
    /// The cells of the parsed range, in order (one cell without a marker when the source has none).
    public let cells: [Cell]

    public init(file: SourceFile, statements: [Stmt], cells: [Cell]) {
        self.file = file
        self.statements = statements
        self.cells = cells
    }

    /// The top-level statements that start inside `cell`.
    public func statements(in cell: Cell) -> ArraySlice<Stmt> {
        let first = statements.firstIndex { $0.span.start >= cell.span.start } ?? statements.endIndex
        let end = statements[first...].firstIndex { $0.span.start >= cell.span.end } ?? statements.endIndex
        return statements[first..<end]
    }
}
