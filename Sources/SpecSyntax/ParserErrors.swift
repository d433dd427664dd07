/// Error messages that take more than a phrase, kept out of the parsing functions. Besides keeping those
/// readable, this keeps their stack frames small: in debug builds a frame reserves room for every temporary
/// of its function, and message building needs many, which would limit how deeply scripts can nest.
extension Parser {
    func duplicateError(_ what: String, _ name: Identifier, first earlier: Identifier) -> SpecError {
        SpecError(.syntax, "duplicate \(what) '\(name.name)'", at: name.span,
                  notes: [.init("first used here", at: earlier.span)])
    }

    func positionalAfterKeywordError(_ value: Expr, keyword: Identifier) -> SpecError {
        SpecError(.syntax, "positional argument after keyword argument '\(keyword.name):'", at: value.span,
                  notes: [.init("positional arguments must come before keyword arguments", at: keyword.span)])
    }

    func missingDefaultError(_ name: Identifier, after previous: Identifier) -> SpecError {
        SpecError(.syntax, "parameter '\(name.name)' needs a default value because it follows one with a default",
                  at: name.span, notes: [.init("'\(previous.name)' has a default", at: previous.span)])
    }

    func invalidTargetError(_ target: Expr) -> SpecError {
        SpecError(.syntax, "cannot assign to this expression", at: target.span,
                  notes: [.init("only names, fields (a.b) and indexes (a[i]) can be assigned")])
    }

    func recordNote(_ open: Token) -> SpecError.Note {
        .init("this '{' starts a record {key: value}; a block only follows if, else, for, while or fn", at: open.span)
    }

    mutating func missingColonError(after key: Identifier, openedBy open: Token) -> SpecError {
        expected("':' after the record key '\(key.name)'", notes: [recordNote(open)])
    }

    mutating func chainedComparisonError() -> SpecError {
        error("comparison operators cannot be chained", notes: [.init("combine comparisons with 'and', e.g. 'a < b and b < c'")])
    }

    mutating func unclosedArgumentsError(_ open: Token) -> SpecError {
        let hint: [SpecError.Note] = check(.equal) ? [.init("keyword arguments are written 'name: value'")] : []
        return unclosed(open, after: "argument", notes: hint)
    }

    mutating func unclosedParenthesisError(_ open: Token) -> SpecError {
        let hint: [SpecError.Note] = check(.comma) ? [.init("there are no tuples; use a list [a, b]")] : []
        return unclosed(open, after: "expression", acceptsComma: false, notes: hint)
    }

    mutating func statementAsValueError(_ keyword: Keyword) -> SpecError {
        expected("an expression", notes: [.init("'\(keyword.rawValue)' starts a statement, which has no value")])
    }

    mutating func namedFunctionExpressionError(_ name: String) -> SpecError {
        error("a function expression has no name",
              notes: [.init("declare 'fn \(name)(…) { … }' as a statement, or write 'fn (…) { … }'")])
    }

    mutating func keywordAsNameError(_ keyword: Keyword, expected expectation: String) -> SpecError {
        error("expected \(expectation), found the keyword '\(keyword.rawValue)'", notes: [.init("keywords cannot be used as names")])
    }

    mutating func missingBlockError(_ owner: String) -> SpecError {
        expected("'{' to start the body of \(owner)", notes: check(.equal) ? [.init("to compare two values, use '=='")] : [])
    }
}
