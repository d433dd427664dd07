import SpecSyntax
import SpecTensor

/// Assignment statements. Names, record fields and list items are changed where they are; a tensor is a value, so
/// `x[0, 1:] = v` builds a new tensor (`Tensor.replacing`) and stores it where the old one was: in the name, field
/// or item that holds it, which may itself be an item of a tensor (`x[0][1] = v`).
extension Interpreter {
    /// Where an assignment stores its value, with every container and key on the way evaluated once.
    indirect enum Place {
        case name(String)
        case field(RecordRef, String)
        /// A field of a tensor or an object: computed afresh on every read, so a change could not stay.
        case computedField(Value, String)
        case item(Value, [Indexing.Key], holder: Place)
        /// A value that nothing holds (a call's result): its lists and records can change, but a new tensor in its
        /// place would be lost.
        case temporary(Value)
    }

    func assign(_ target: Expr, _ op: AssignmentOperator, _ valueExpr: Expr, in scope: Scope) throws {
        let place = try self.place(target, in: scope)
        var value = try evaluate(valueExpr, in: scope)
        if let binary = op.binaryOperator {
            value = try Operators.binary(binary, try read(place, at: target.span, in: scope), value, at: target.span)
        }
        try store(value, in: place, at: target.span, in: scope)
    }

    private func place(_ target: Expr, in scope: Scope) throws -> Place {
        switch target.kind {
        case .name(let name): return .name(name)
        case let .field(base, field):
            let owner = try evaluate(base, in: scope)
            if case .record(let r) = owner { return .field(r, field.name) }
            return .computedField(owner, field.name)
        case let .index(base, items):
            let holder = try place(base, in: scope)
            let container = try read(holder, at: base.span, in: scope)
            return .item(container, try indexKeys(items, in: scope), holder: holder)
        default:
            return .temporary(try evaluate(target, in: scope))
        }
    }

    private func read(_ place: Place, at span: SourceSpan, in scope: Scope) throws -> Value {
        switch place {
        case .name(let name): return try lookupName(name, at: span, in: scope)
        case let .field(record, name): return try Indexing.field(.record(record), name, at: span, interpreter: self)
        case let .computedField(owner, name): return try Indexing.field(owner, name, at: span, interpreter: self)
        case let .item(container, keys, _): return try Indexing.index(container, keys, at: span)
        case .temporary(let value): return value
        }
    }

    private func store(_ value: Value, in place: Place, at span: SourceSpan, in scope: Scope) throws {
        switch place {
        case .name(let name):
            guard scope.assign(name, value) else {
                throw SpecError(.name, "'\(name)' is not defined", at: span, notes: [.init("introduce a new variable with 'let \(name) = …'")])
            }
        case let .field(record, name):
            record[name] = value
        case let .computedField(owner, name):
            throw Indexing.refusedAssignment(into: "'\(name)' of \(Printer.describeType(owner))",
                                             "it is read-only, computed afresh on every read, so the assignment would change nothing", at: span)
        case let .item(container, keys, holder):
            // An item of a computed field is a copy: changing it would change nothing either.
            if case .computedField = holder { return try store(value, in: holder, at: span, in: scope) }
            switch container {
            case .tensor(let t):
                try store(.tensor(try Indexing.replacing(t, keys, with: value, at: span)), in: holder, at: span, in: scope)
            case .object(let p as ParameterObject):
                throw Indexing.refusedAssignment(into: "a \(p.typeName)", "models and optimisers hold it, and a new tensor in its place would be neither trained nor saved",
                                                 at: span, instead: "change the tensor before making it a \(p.typeName): \(p.isBuffer ? "buffer" : "param")(where(mask, value, x))")
            default:
                try Indexing.set(container, keys, value, at: span)
            }
        case .temporary:
            throw Indexing.refusedAssignment(into: "a tensor that no name holds", "the new tensor would be lost", at: span)
        }
    }
}
