import SpecSyntax

/// Checks a call's arguments against what is called, without running it: counts, names and, for builtins, the
/// strings a mode parameter accepts. The interpreter makes the same checks when the call runs; both raise
/// `CallErrors`, so the messages are the same.
enum CallCheck {
    static func builtin(_ b: Builtin, _ arguments: [Argument], at span: SourceSpan) -> [SpecError] {
        var errors: [SpecError] = []
        let positional = arguments.filter { $0.label == nil }
        let positionalParameters = b.parameters.filter { !$0.keywordOnly }
        if positionalParameters.last?.variadic != true, positional.count > positionalParameters.count {
            errors.append(CallErrors.tooManyPositional(b, given: positional.count, at: positional[positionalParameters.count].value.span))
        }
        var bound: [(Builtin.Parameter, Expr)] = zip(positionalParameters, positional).filter { !$0.0.variadic }.map { ($0.0, $0.1.value) }
        var named = Set(positionalParameters.prefix(positional.count).map(\.name))
        for a in arguments {
            guard let label = a.label else { continue }
            guard let p = b.parameters.first(where: { $0.name == label.name }) else {
                errors.append(CallErrors.unknownKeyword(b, label.name, at: label.span))
                continue
            }
            if !named.insert(p.name).inserted { errors.append(CallErrors.givenTwice(b, p.name, at: label.span)) }
            bound.append((p, a.value))
        }
        for p in b.parameters where p.defaultValue == nil && !p.variadic && !named.contains(p.name) {
            errors.append(CallErrors.missing(b, p, at: span))
        }
        for (p, value) in bound {
            guard let choices = p.choices, case .string(let parts) = value.kind, let text = plainText(parts), !choices.contains(text) else { continue }
            errors.append(CallErrors.notAChoice(text, of: p, in: b, at: value.span))
        }
        return errors
    }

    static func function(_ name: String, _ f: FunctionLiteral, _ arguments: [Argument], at span: SourceSpan) -> [SpecError] {
        var errors: [SpecError] = []
        let params = f.parameters.map(\.name.name)
        let positional = arguments.filter { $0.label == nil }.count
        if positional > params.count { errors.append(CallErrors.tooMany(name, params, given: positional, at: span)) }
        var bound = Set(params.prefix(positional))
        for a in arguments {
            guard let label = a.label else { continue }
            guard params.contains(label.name) else {
                errors.append(CallErrors.unknownKeyword(name, params, label.name, at: label.span))
                continue
            }
            if !bound.insert(label.name).inserted { errors.append(CallErrors.givenTwice(label.name, at: label.span)) }
        }
        for p in f.parameters where p.defaultValue == nil && !bound.contains(p.name.name) {
            errors.append(CallErrors.missing(name, p.name.name, at: span))
        }
        return errors
    }

    private static func plainText(_ parts: [StringPart]) -> String? {
        var text = ""
        for part in parts {
            guard case .text(let t) = part else { return nil }
            text += t
        }
        return text
    }
}
