/// Expressions: precedence climbing over the binary operators (see `Precedence`), then prefix operators,
/// postfix chains and primaries.
extension Parser {
    /// An expression whose binary operators bind at least as tightly as `minimum`.
    mutating func expression(atLeast minimum: Precedence = .or) throws(SpecError) -> Expr {
        let outerNesting = nesting
        defer { nesting = outerNesting }
        try deepen()
        var left = try prefixExpression()
        var leftIsComparison = false
        while let op = binaryOperator(current.kind), op.precedence >= minimum {
            if op.precedence == .comparison, leftIsComparison { throw chainedComparisonError() }
            advance()
            skipNewlines()  // an operator at the end of a line continues the expression
            try deepen()    // each operator adds a level to the tree, so long chains count too
            let right = try expression(atLeast: op.isRightAssociative ? op.precedence : op.precedence.stronger)
            left = Expr(.binary(op, left, right), span: left.span.through(right.span))
            leftIsComparison = op.precedence == .comparison
        }
        return left
    }

    /// An expression that must make up the whole input (a `parseExpression` file or an interpolation).
    mutating func wholeExpression(endingWith end: String) throws(SpecError) -> Expr {
        let value = try expression()
        guard current.kind == .endOfInput else { throw expected(end) }
        return value
    }

    private func binaryOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .keyword(.and): .and
        case .keyword(.or): .or
        case .punctuator(let punctuator): BinaryOperator(rawValue: punctuator.rawValue)
        default: nil
        }
    }

    private mutating func prefixExpression() throws(SpecError) -> Expr {
        let token = current
        let op: UnaryOperator
        switch token.kind {
        case .keyword(.not): op = .not
        case .punctuator(.minus): op = .negate
        case .punctuator(.plus): op = .plus
        default: return try postfixExpression()
        }
        advance()
        let operand = try expression(atLeast: op == .not ? .not : .unary)
        return Expr(.unary(op, operand), span: token.span.through(operand.span))
    }

    /// A primary followed by calls, indexes and field accesses. A line break ends the chain where line breaks
    /// are significant, so `f` and `(x)` on two lines are two statements.
    private mutating func postfixExpression() throws(SpecError) -> Expr {
        var value = try primaryExpression()
        while true {
            switch current.kind {
            case .punctuator(.leftParen):
                try deepen()
                value = try call(value)
            case .punctuator(.leftBracket):
                try deepen()
                value = try index(value)
            case .punctuator(.dot):
                try deepen()
                advance()
                let name = try identifier("a field name after '.'")
                value = Expr(.field(value, name), span: value.span.through(name.span))
            default:
                return value
            }
        }
    }

    // MARK: Postfix

    private mutating func call(_ callee: Expr) throws(SpecError) -> Expr {
        let open = advance()
        let significance = newlinesAreSignificant
        newlinesAreSignificant = false
        defer { newlinesAreSignificant = significance }
        var arguments: [Argument] = []
        var firstKeyword: Identifier?
        while !check(.rightParen) {
            let argument = try argument()
            if let label = argument.label {
                if let earlier = arguments.lazy.compactMap(\.label).first(where: { $0.name == label.name }) {
                    throw duplicateError("argument", label, first: earlier)
                }
                firstKeyword = firstKeyword ?? label
            } else if let firstKeyword {
                throw positionalAfterKeywordError(argument.value, keyword: firstKeyword)
            }
            arguments.append(argument)
            if match(.comma) == nil, !check(.rightParen) { throw unclosedArgumentsError(open) }
        }
        let close = advance()
        return Expr(.call(callee: callee, arguments: arguments), span: callee.span.through(close.span))
    }

    private mutating func argument() throws(SpecError) -> Argument {
        if case .identifier(let name) = current.kind, kindAfterCurrent() == .punctuator(.colon) {
            let label = Identifier(name, span: advance().span)
            advance()
            return Argument(label: label, value: try expression())
        }
        return Argument(label: nil, value: try expression())
    }

    private mutating func index(_ base: Expr) throws(SpecError) -> Expr {
        let open = advance()
        let significance = newlinesAreSignificant
        newlinesAreSignificant = false
        defer { newlinesAreSignificant = significance }
        if check(.rightBracket) { throw error("expected an index inside '[ ]'") }
        var items: [IndexItem] = []
        repeat {
            items.append(try indexItem())
            if match(.comma) == nil, !check(.rightBracket) { throw unclosed(open, after: "index") }
        } while !check(.rightBracket)
        let close = advance()
        return Expr(.index(base, items), span: base.span.through(close.span))
    }

    /// `i`, or a slice `start:stop:step` where every part may be left out (`:`, `::2`, `1:`).
    private mutating func indexItem() throws(SpecError) -> IndexItem {
        var start: Expr?
        if !check(.colon) {
            let value = try expression()
            guard check(.colon) else { return IndexItem(.single(value), span: value.span) }
            start = value
        }
        var span = start?.span ?? current.span
        span = span.through(advance().span)  // the first ':'
        let stop = try sliceBound()
        var step: Expr?
        if let colon = match(.colon) {
            span = span.through(colon.span)
            step = try sliceBound()
        }
        for bound in [stop, step] { if let bound { span = span.through(bound.span) } }
        return IndexItem(.slice(start: start, stop: stop, step: step), span: span)
    }

    private mutating func sliceBound() throws(SpecError) -> Expr? {
        check(.colon) || check(.comma) || check(.rightBracket) ? nil : try expression()
    }

    // MARK: Primaries

    private mutating func primaryExpression() throws(SpecError) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let value):
            advance()
            return Expr(.integer(value), span: token.span)
        case .float(let value):
            advance()
            return Expr(.float(value), span: token.span)
        case .string(let segments):
            advance()
            return Expr(.string(try stringParts(segments)), span: token.span)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.bool(token.kind == .keyword(.true)), span: token.span)
        case .keyword(.nil):
            advance()
            return Expr(.nil, span: token.span)
        case .identifier(let name):
            advance()
            return Expr(.name(name), span: token.span)
        case .punctuator(.leftParen): return try parenthesized()
        case .punctuator(.leftBracket): return try list()
        case .punctuator(.leftBrace): return try record()
        case .keyword(.fn): return try anonymousFunction()
        case .keyword(let keyword) where ![.and, .or, .not, .in, .else].contains(keyword):
            throw statementAsValueError(keyword)
        default:
            throw expected("an expression")
        }
    }

    /// Parses each interpolation in place, so its spans point into the original source.
    private mutating func stringParts(_ segments: [StringSegment]) throws(SpecError) -> [StringPart] {
        var parts: [StringPart] = []
        for segment in segments {
            switch segment {
            case .text(let text):
                parts.append(.text(text))
            case .interpolation(let range):
                var inner = Parser(file: file, range: range, nesting: nesting + 1, isInterpolation: true)
                parts.append(.interpolation(try inner.wholeExpression(endingWith: "')' to end the interpolation")))
            }
        }
        return parts
    }

    private mutating func parenthesized() throws(SpecError) -> Expr {
        let open = advance()
        let significance = newlinesAreSignificant
        newlinesAreSignificant = false
        defer { newlinesAreSignificant = significance }
        if check(.rightParen) { throw error("expected an expression inside '( )'") }
        let inner = try expression()
        guard check(.rightParen) else { throw unclosedParenthesisError(open) }
        let close = advance()
        return Expr(inner.kind, span: open.span.through(close.span))
    }

    private mutating func list() throws(SpecError) -> Expr {
        let open = advance()
        let significance = newlinesAreSignificant
        newlinesAreSignificant = false
        defer { newlinesAreSignificant = significance }
        var elements: [Expr] = []
        while !check(.rightBracket) {
            elements.append(try expression())
            if elements.count == 1, check(.for) { return try comprehension(of: elements[0], openedBy: open) }
            if match(.comma) == nil, !check(.rightBracket) { throw unclosed(open, after: "list element") }
        }
        let close = advance()
        return Expr(.list(elements), span: open.span.through(close.span))
    }

    /// The rest of `[element for a, b in sequence if condition]`, from `for`.
    private mutating func comprehension(of element: Expr, openedBy open: Token) throws(SpecError) -> Expr {
        advance()
        let variables = try bindingNames(after: "for")
        guard check(.in) else { throw expected("'in' after the loop variable") }
        advance()
        let sequence = try expression()
        var condition: Expr?
        if check(.if) {
            advance()
            condition = try expression()
        }
        guard check(.rightBracket) else {
            throw unclosed(open, after: condition == nil ? "comprehension's sequence" : "comprehension's condition", acceptsComma: false)
        }
        let close = advance()
        let parts = Comprehension(element: element, variables: variables, sequence: sequence, condition: condition)
        return Expr(.comprehension(parts), span: open.span.through(close.span))
    }

    /// `{}` or `{key: value, "a key": value}`. Only reached in expression position: blocks are parsed by
    /// the statements that own them.
    private mutating func record() throws(SpecError) -> Expr {
        let open = advance()
        let significance = newlinesAreSignificant
        newlinesAreSignificant = false
        defer { newlinesAreSignificant = significance }
        var entries: [RecordEntry] = []
        while !check(.rightBrace) {
            let key = try recordKey(openedBy: open)
            if let earlier = entries.first(where: { $0.key.name == key.name }) {
                throw duplicateError("record key", key, first: earlier.key)
            }
            guard match(.colon) != nil else { throw missingColonError(after: key, openedBy: open) }
            entries.append(RecordEntry(key: key, value: try expression()))
            if match(.comma) == nil, !check(.rightBrace) { throw unclosed(open, after: "record entry") }
        }
        let close = advance()
        return Expr(.record(entries), span: open.span.through(close.span))
    }

    private mutating func recordKey(openedBy open: Token) throws(SpecError) -> Identifier {
        let token = current
        switch token.kind {
        case .identifier(let name):
            advance()
            return Identifier(name, span: token.span)
        case .string(let segments):
            guard let key = plainText(segments) else {
                throw SpecError(.syntax, "a record key cannot contain interpolation", at: token.span)
            }
            advance()
            return Identifier(key, span: token.span)
        default:
            throw expected("a record key (a name or a string)", notes: [recordNote(open)])
        }
    }

    private mutating func anonymousFunction() throws(SpecError) -> Expr {
        let keyword = advance()
        if case .identifier(let name) = current.kind { throw namedFunctionExpressionError(name) }
        let function = try functionLiteral(for: "the function")
        return Expr(.function(function), span: keyword.span.through(function.body.span))
    }
}
