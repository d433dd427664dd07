/// Prints syntax trees back as canonical source: four-space indentation, spaces around binary operators and
/// parentheses only where precedence needs them (plus a few harmless extra ones, e.g. `2 ** (-1)`).
/// Parsing the printed text gives the same tree, which the tests check on every fuzzed program.
struct SourcePrinter {
    /// Blocks inside a string interpolation must stay on one line: `{ a; b }`.
    private var singleLine = false

    func program(_ program: Program) -> String {
        var lines: [String] = []
        for cell in program.cells {
            if cell.marker != nil { lines.append(cell.title.isEmpty ? "#%%" : "#%% \(cell.title)") }
            lines += program.statements(in: cell).map { statement($0, depth: 0) }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The statement as it appears at indentation `depth`, without the indentation of its first line.
    func statement(_ statement: Stmt, depth: Int) -> String {
        switch statement.kind {
        case .let(let names, let value):
            return "let \(Self.names(names)) = \(expression(value, depth: depth))"
        case .assign(let target, let op, let value):
            return "\(expression(target, depth: depth)) \(op.rawValue) \(expression(value, depth: depth))"
        case .expression(let value):
            return expression(value, depth: depth)
        case .function(let name, let function):
            return "fn \(name.name)\(self.function(function, depth: depth))"
        case .if(let branches, let elseBlock):
            var text = branches.map { "if \(expression($0.condition, depth: depth)) \(block($0.body, depth: depth))" }
                .joined(separator: " else ")
            if let elseBlock { text += " else \(block(elseBlock, depth: depth))" }
            return text
        case .for(let variables, let sequence, let body):
            return "for \(Self.names(variables)) in \(expression(sequence, depth: depth)) \(block(body, depth: depth))"
        case .while(let condition, let body):
            return "while \(expression(condition, depth: depth)) \(block(body, depth: depth))"
        case .break:
            return "break"
        case .continue:
            return "continue"
        case .return(let value):
            return value.map { "return \(expression($0, depth: depth))" } ?? "return"
        case .import(let path, let alias):
            return "import \(quoted([.text(path)], depth: depth))" + (alias.map { " as \($0.name)" } ?? "")
        }
    }

    private static func names(_ names: [Identifier]) -> String { names.map(\.name).joined(separator: ", ") }

    private func block(_ block: Block, depth: Int) -> String {
        if block.statements.isEmpty { return "{}" }
        if singleLine { return "{ " + block.statements.map { statement($0, depth: depth) }.joined(separator: "; ") + " }" }
        let indent = String(repeating: "    ", count: depth + 1)
        let body = block.statements.map { indent + statement($0, depth: depth + 1) }.joined(separator: "\n")
        return "{\n\(body)\n\(String(repeating: "    ", count: depth))}"
    }

    private func function(_ function: FunctionLiteral, depth: Int) -> String {
        let parameters = function.parameters.map { parameter in
            parameter.defaultValue.map { "\(parameter.name.name) = \(expression($0, depth: depth))" } ?? parameter.name.name
        }
        return "(\(parameters.joined(separator: ", "))) \(block(function.body, depth: depth))"
    }

    func expression(_ value: Expr, depth: Int = 0) -> String {
        switch value.kind {
        case .integer(let number):
            return "\(number)"
        case .float(let number):
            return "\(number)"
        case .string(let parts):
            return quoted(parts, depth: depth)
        case .bool(let flag):
            return flag ? "true" : "false"
        case .nil:
            return "nil"
        case .name(let name):
            return name
        case .list(let elements):
            return "[" + elements.map { expression($0, depth: depth) }.joined(separator: ", ") + "]"
        case .comprehension(let c):
            let condition = c.condition.map { " if " + expression($0, depth: depth) } ?? ""
            return "[\(expression(c.element, depth: depth)) for \(Self.names(c.variables)) in \(expression(c.sequence, depth: depth))\(condition)]"
        case .record(let entries):
            let fields = entries.map { "\(recordKey($0.key.name)): \(expression($0.value, depth: depth))" }
            return "{" + fields.joined(separator: ", ") + "}"
        case .unary(let op, let operand):
            let prefix = op == .not ? "not " : op.rawValue
            return prefix + wrapped(operand, atLeast: op == .not ? .not : .unary, depth: depth)
        case .binary(let op, let left, let right):
            let leftMinimum = op.isRightAssociative || op.precedence == .comparison ? op.precedence.stronger : op.precedence
            let rightMinimum = op.isRightAssociative ? op.precedence : op.precedence.stronger
            return "\(wrapped(left, atLeast: leftMinimum, depth: depth)) \(op.rawValue) \(wrapped(right, atLeast: rightMinimum, depth: depth))"
        case .call(let callee, let arguments):
            let list = arguments.map { argument in
                let value = expression(argument.value, depth: depth)
                return argument.label.map { "\($0.name): \(value)" } ?? value
            }
            return wrapped(callee, atLeast: .postfix, depth: depth) + "(" + list.joined(separator: ", ") + ")"
        case .index(let base, let items):
            return wrapped(base, atLeast: .postfix, depth: depth) + "[" + items.map { indexItem($0, depth: depth) }.joined(separator: ", ") + "]"
        case .field(let object, let name):
            return wrapped(object, atLeast: .postfix, depth: depth) + "." + name.name
        case .function(let function):
            return "fn " + self.function(function, depth: depth)
        }
    }

    private func wrapped(_ value: Expr, atLeast minimum: Precedence, depth: Int) -> String {
        let text = expression(value, depth: depth)
        return value.precedence < minimum ? "(\(text))" : text
    }

    private func indexItem(_ item: IndexItem, depth: Int) -> String {
        switch item.kind {
        case .single(let value):
            return expression(value, depth: depth)
        case .slice(let start, let stop, let step):
            let bounds = [start, stop].map { $0.map { expression($0, depth: depth) } ?? "" }.joined(separator: ":")
            return step.map { bounds + ":" + expression($0, depth: depth) } ?? bounds
        }
    }

    private func recordKey(_ key: String) -> String {
        let isNameCharacter = { (character: Character) in character == "_" || (character.isASCII && (character.isLetter || character.isNumber)) }
        let startsLikeName = key.first.map { !$0.isNumber } ?? false
        let isName = startsLikeName && key.allSatisfy(isNameCharacter) && Keyword(rawValue: key) == nil
        return isName ? key : quoted([.text(key)], depth: 0)
    }

    private func quoted(_ parts: [StringPart], depth: Int) -> String {
        var inner = self
        inner.singleLine = true
        var text = "\""
        for part in parts {
            switch part {
            case .text(let content):
                for scalar in content.unicodeScalars {  // scalars, so that "\r\n" is two escapes
                    switch scalar {
                    case "\"": text += "\\\""
                    case "\\": text += "\\\\"
                    case "\n": text += "\\n"
                    case "\t": text += "\\t"
                    case "\r": text += "\\r"
                    case "\0": text += "\\0"
                    default: text.unicodeScalars.append(scalar)
                    }
                }
            case .interpolation(let value):
                text += "\\(" + inner.expression(value, depth: depth) + ")"
            }
        }
        return text + "\""
    }
}

extension Expr: CustomStringConvertible {
    /// The expression as canonical source.
    public var description: String { SourcePrinter().expression(self) }
}

extension Stmt: CustomStringConvertible {
    /// The statement as canonical source.
    public var description: String { SourcePrinter().statement(self, depth: 0) }
}

extension Program: CustomStringConvertible {
    /// The program as canonical source, with its cell markers.
    public var description: String { SourcePrinter().program(self) }
}
