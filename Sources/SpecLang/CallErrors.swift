import SpecSyntax

/// The errors of a call whose arguments do not fit what is called: raised by the interpreter when it binds a call
/// (`Arguments`, `callFunction`) and by `spec check` before anything runs (`CallCheck`), in one wording.
enum CallErrors {
    // MARK: Builtins

    static func tooManyPositional(_ b: Builtin, given: Int, at span: SourceSpan?) -> SpecError {
        let n = b.parameters.filter { !$0.keywordOnly }.count
        return SpecError(.type, "\(b.name) takes at most \(n) positional argument\(n == 1 ? "" : "s"), got \(given)", at: span,
                         notes: [.init("usage: \(b.signature)")])
    }

    static func unknownKeyword(_ b: Builtin, _ name: String, at span: SourceSpan?) -> SpecError {
        let accepted = b.parameters.map(\.name)
        var notes: [SpecError.Note] = [.init(accepted.isEmpty ? "\(b.name) takes no arguments" : "accepted: " + accepted.joined(separator: ", "))]
        if let guess = closestNames(to: name, among: accepted).first { notes.insert(.init("did you mean '\(guess)'?"), at: 0) }
        return SpecError(.name, "\(b.name) has no parameter '\(name)'", at: span, notes: notes)
    }

    static func givenTwice(_ b: Builtin, _ name: String, at span: SourceSpan?) -> SpecError {
        SpecError(.type, "\(b.name): '\(name)' is given twice", at: span)
    }

    static func missing(_ b: Builtin, _ p: Builtin.Parameter, at span: SourceSpan?) -> SpecError {
        SpecError(.type, "\(b.name) needs '\(p.name)' (\(p.type.description))", at: span, notes: [.init("usage: \(b.signature)")])
    }

    /// A string outside the strings a mode parameter accepts.
    static func notAChoice(_ s: String, of p: Builtin.Parameter, in b: Builtin, at span: SourceSpan?) -> SpecError {
        let choices = p.choices ?? []
        let guess = closestNames(to: s, among: choices).first.map { [SpecError.Note("did you mean \"\($0)\"?")] } ?? []
        return SpecError(.value, "\(b.name): '\(p.name)' must be one of \(choices.map { "\"\($0)\"" }.joined(separator: ", ")); got \"\(s)\"",
                         at: span, notes: guess)
    }

    // MARK: Functions written in spec

    static func tooMany(_ name: String, _ parameters: [String], given: Int, at span: SourceSpan?) -> SpecError {
        SpecError(.type, "\(name) takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(given)", at: span)
    }

    static func unknownKeyword(_ name: String, _ parameters: [String], _ keyword: String, at span: SourceSpan?) -> SpecError {
        let note = SpecError.Note.didYouMean(keyword, among: parameters)
        return SpecError(.name, "\(name) has no parameter '\(keyword)'", at: span,
                         notes: (note.map { [$0] } ?? []) + [.init("parameters: " + parameters.joined(separator: ", "))])
    }

    static func givenTwice(_ keyword: String, at span: SourceSpan?) -> SpecError {
        SpecError(.type, "'\(keyword)' is given twice", at: span)
    }

    static func missing(_ name: String, _ parameter: String, at span: SourceSpan?) -> SpecError {
        SpecError(.type, "\(name) needs the argument '\(parameter)'", at: span)
    }
}
