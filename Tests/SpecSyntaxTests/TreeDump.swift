@testable import SpecSyntax

/// S-expression dumps of syntax trees, for compact and exact assertions: `(+ 1 (* 2 3))`.
/// Two trees are the same (ignoring spans) exactly when their dumps are equal.
enum TreeDump {
    static func program(_ program: Program) -> String {
        program.statements.map(statement).joined(separator: "\n")
    }

    static func statement(_ statement: Stmt) -> String {
        switch statement.kind {
        case .let(let names, let value): "(let \(names.map(\.name).joined(separator: " ")) \(expression(value)))"
        case .assign(let target, let op, let value): "(\(op.rawValue) \(expression(target)) \(expression(value)))"
        case .expression(let value): expression(value)
        case .function(let name, let function): "(fn \(name.name) \(self.function(function)))"
        case .if(let branches, let elseBlock):
            "(if" + branches.map { " (\(expression($0.condition)) \(block($0.body)))" }.joined()
                + (elseBlock.map { " (else \(block($0)))" } ?? "") + ")"
        case .for(let variables, let sequence, let body):
            "(for \(variables.map(\.name).joined(separator: " ")) \(expression(sequence)) \(block(body)))"
        case .while(let condition, let body): "(while \(expression(condition)) \(block(body)))"
        case .break: "break"
        case .continue: "continue"
        case .return(let value): value.map { "(return \(expression($0)))" } ?? "(return)"
        case .import(let path, let alias): "(import \(quote(path))\(alias.map { " as " + $0.name } ?? ""))"
        }
    }

    static func block(_ block: Block) -> String {
        "{" + block.statements.map(statement).joined(separator: " ") + "}"
    }

    static func function(_ function: FunctionLiteral) -> String {
        let parameters = function.parameters.map { parameter in
            parameter.defaultValue.map { "(\(parameter.name.name) \(expression($0)))" } ?? parameter.name.name
        }
        return "(" + parameters.joined(separator: " ") + ") " + block(function.body)
    }

    static func expression(_ value: Expr) -> String {
        switch value.kind {
        case .integer(let number): "\(number)"
        case .float(let number): "\(number)"
        case .string(let parts):
            "(str" + parts.map { part in
                switch part {
                case .text(let text): " " + quote(text)
                case .interpolation(let inner): " " + expression(inner)
                }
            }.joined() + ")"
        case .bool(let flag): "\(flag)"
        case .nil: "nil"
        case .name(let name): name
        case .list(let elements): "(list" + elements.map { " " + expression($0) }.joined() + ")"
        case .comprehension(let c):
            "(comprehension \(expression(c.element)) (\(c.variables.map(\.name).joined(separator: " "))) \(expression(c.sequence))"
                + (c.condition.map { " (if \(expression($0)))" } ?? "") + ")"
        case .record(let entries): "(record" + entries.map { " (\(quote($0.key.name)) \(expression($0.value)))" }.joined() + ")"
        case .unary(let op, let operand): "(\(op.rawValue) \(expression(operand)))"
        case .binary(let op, let left, let right): "(\(op.rawValue) \(expression(left)) \(expression(right)))"
        case .call(let callee, let arguments):
            "(call \(expression(callee))" + arguments.map { argument in
                argument.label.map { " (\($0.name): \(expression(argument.value)))" } ?? " " + expression(argument.value)
            }.joined() + ")"
        case .index(let base, let items):
            "(index \(expression(base))" + items.map { item in
                switch item.kind {
                case .single(let index): " " + expression(index)
                case .slice(let start, let stop, let step):
                    " (slice " + [start, stop, step].map { $0.map(expression) ?? "_" }.joined(separator: " ") + ")"
                }
            }.joined() + ")"
        case .field(let object, let name): "(. \(expression(object)) \(name.name))"
        case .function(let function): "(fn \(self.function(function)))"
        }
    }

    static func quote(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            switch character {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }
}

/// The dump of a whole program.
func tree(_ source: String) throws -> String {
    TreeDump.program(try Parser.parseProgram(source: source))
}

/// The syntax error a source produces, or nil when it parses.
func syntaxError(_ source: String, name: String = "<input>") -> SpecError? {
    do {
        _ = try Parser.parseProgram(source: source, name: name)
        return nil
    } catch {
        return error
    }
}
