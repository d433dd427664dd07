import SpecSyntax

/// Checks a call's arguments against what is called, without running it: counts, names and, for builtins, the
/// strings a mode parameter accepts. The interpreter makes the same checks when the call runs; these are their
/// static halves, with the same wording.
enum CallCheck {
    static func builtin(_ b: Builtin, _ arguments: [Argument], receiver: Bool = false, at span: SourceSpan) -> [SpecError] {
        var errors: [SpecError] = []
        let positional = arguments.filter { $0.label == nil }
        let positionalParameters = b.parameters.filter { !$0.keywordOnly }
        let given = positional.count + (receiver ? 1 : 0)
        var bound: [(Builtin.Parameter, Expr)] = []
        if positionalParameters.last?.variadic != true, given > positionalParameters.count {
            let n = positionalParameters.count
            let extra = positional[Swift.max(0, n - (receiver ? 1 : 0))]
            errors.append(SpecError(.type, "\(b.name) takes at most \(n) positional argument\(n == 1 ? "" : "s"), got \(given)",
                                    at: extra.value.span, notes: [.init("usage: \(b.signature)")]))
        }
        let offset = receiver ? 1 : 0
        for (p, a) in zip(positionalParameters.dropFirst(offset), positional) where !p.variadic { bound.append((p, a.value)) }
        var named = Set(positionalParameters.prefix(given).map(\.name))
        for a in arguments {
            guard let label = a.label else { continue }
            guard let p = b.parameters.first(where: { $0.name == label.name }) else {
                let accepted = b.parameters.map(\.name)
                var notes: [SpecError.Note] = [.init(accepted.isEmpty ? "\(b.name) takes no arguments" : "accepted: " + accepted.joined(separator: ", "))]
                if let guess = closestNames(to: label.name, among: accepted).first { notes.insert(.init("did you mean '\(guess)'?"), at: 0) }
                errors.append(SpecError(.name, "\(b.name) has no parameter '\(label.name)'", at: label.span, notes: notes))
                continue
            }
            if !named.insert(p.name).inserted {
                errors.append(SpecError(.type, "\(b.name): '\(p.name)' is given twice", at: label.span))
            }
            bound.append((p, a.value))
        }
        for p in b.parameters where p.defaultValue == nil && !p.variadic && !named.contains(p.name) {
            errors.append(SpecError(.type, "\(b.name) needs '\(p.name)' (\(p.type.description))", at: span, notes: [.init("usage: \(b.signature)")]))
        }
        for (p, value) in bound {
            guard p.choices != nil, case .string(let parts) = value.kind, let text = plainText(parts) else { continue }
            if p.choices?.contains(text) == false {
                let (message, notes) = Arguments.notAChoice(text, of: p, in: b)
                errors.append(SpecError(.value, message, at: value.span, notes: notes))
            }
        }
        return errors
    }

    static func function(_ name: String, _ f: FunctionLiteral, _ arguments: [Argument], receiver: Bool = false, at span: SourceSpan) -> [SpecError] {
        var errors: [SpecError] = []
        let params = f.parameters.map(\.name.name)
        let positional = arguments.filter { $0.label == nil }.count + (receiver ? 1 : 0)
        if positional > params.count {
            errors.append(SpecError(.type, "\(name) takes \(params.count) argument\(params.count == 1 ? "" : "s"), got \(positional)", at: span))
        }
        var bound = Set(params.prefix(positional))
        for a in arguments {
            guard let label = a.label else { continue }
            guard params.contains(label.name) else {
                let note = SpecError.Note.didYouMean(label.name, among: params)
                errors.append(SpecError(.name, "\(name) has no parameter '\(label.name)'", at: label.span,
                                        notes: (note.map { [$0] } ?? []) + [.init("parameters: " + params.joined(separator: ", "))]))
                continue
            }
            if !bound.insert(label.name).inserted { errors.append(SpecError(.type, "'\(label.name)' is given twice", at: label.span)) }
        }
        for p in f.parameters where p.defaultValue == nil && !bound.contains(p.name.name) {
            errors.append(SpecError(.type, "\(name) needs the argument '\(p.name.name)'", at: span))
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
