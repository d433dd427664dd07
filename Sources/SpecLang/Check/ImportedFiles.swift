import Foundation
import SpecSyntax

/// The files a checked script imports (and theirs), each read, parsed and checked once.
final class ImportedFiles {
    struct Module {
        let path: String
        /// The names the file defines at its top level.
        let names: [String: StaticValue]
    }

    private enum Entry {
        /// Checked; its errors are reported once, at the first import that takes them.
        case checked(Module, errors: [SpecError])
        case failed(SpecError)
        case loading
    }

    let registry: BuiltinRegistry
    private var entries: [String: Entry] = [:]
    /// Files being checked, outermost first, to report import cycles.
    private var stack: [String] = []

    init(registry: BuiltinRegistry) { self.registry = registry }

    static func url(of path: String, relativeTo base: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path).standardizedFileURL
    }

    /// The imported file's names, or nil when it cannot be read, parsed or is part of a cycle (`failure` says why).
    func load(_ path: String, relativeTo base: URL) -> Module? {
        let url = Self.url(of: path, relativeTo: base)
        switch entries[url.path] {
        case .checked(let module, _)?: return module
        case .failed?, .loading?: return nil
        case nil: break
        }
        entries[url.path] = .loading
        stack.append(url.path)
        defer { stack.removeLast() }
        guard FileManager.default.fileExists(atPath: url.path) else {
            entries[url.path] = .failed(SpecError(.io, "cannot import \(path): there is no file \(url.path)"))
            return nil
        }
        let program: Program
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            program = try Parser.parseProgram(SourceFile(name: url.path, text: text))
        } catch let error as SpecError {
            entries[url.path] = .failed(error)
            return nil
        } catch {
            entries[url.path] = .failed(SpecError(.io, "cannot import \(path): \(error.localizedDescription)"))
            return nil
        }
        var checker = Checker(registry: registry, imports: self, baseURL: url.deletingLastPathComponent())
        let result = checker.check(program)
        let module = Module(path: path, names: result.names)
        entries[url.path] = .checked(module, errors: result.errors)
        return module
    }

    /// Why `load` gave nil for this import, placed at the import (a parse error keeps its own place).
    func failure(_ path: String, relativeTo base: URL, at span: SourceSpan) -> SpecError {
        let url = Self.url(of: path, relativeTo: base)
        let unchecked = SpecError.Note("names that the file would define are not checked")
        switch entries[url.path] {
        case .failed(var error)?:
            if error.span == nil { error.span = span }
            error.notes.append(unchecked)
            return error
        case .loading?:
            let chain = (stack.drop { $0 != url.path } + [url.path]).map { URL(fileURLWithPath: $0).lastPathComponent }
            return SpecError(.name, "import cycle: " + chain.joined(separator: " → "), at: span,
                             notes: [.init("move what both files need into a third file that both import")])
        default:
            return SpecError(.io, "cannot import \(path)", at: span, notes: [unchecked])
        }
    }

    /// The errors found in an imported file, the first time they are asked for.
    func takeErrors(of module: Module) -> [SpecError] {
        guard let entry = entries.first(where: { if case .checked(let m, _) = $0.value { m.path == module.path } else { false } }),
              case .checked(let m, let errors) = entry.value else { return [] }
        entries[entry.key] = .checked(m, errors: [])
        return errors
    }
}

/// The names a program assigns with `=` anywhere (in functions too): `spec check` cannot know what they hold.
enum AssignedNames {
    static func `in`(_ statements: [Stmt]) -> Set<String> {
        var names = Set<String>()
        for stmt in statements { visit(stmt, &names) }
        return names
    }

    private static func visit(_ stmt: Stmt, _ names: inout Set<String>) {
        switch stmt.kind {
        case let .assign(target, _, value):
            if case .name(let n) = target.kind { names.insert(n) }
            visit(value, &names)
        case let .let(_, e), .expression(let e): visit(e, &names)
        case let .function(_, literal): literal.body.statements.forEach { visit($0, &names) }
        case let .if(branches, elseBlock):
            for b in branches { visit(b.condition, &names); b.body.statements.forEach { visit($0, &names) } }
            elseBlock?.statements.forEach { visit($0, &names) }
        case let .for(_, sequence, body):
            visit(sequence, &names)
            body.statements.forEach { visit($0, &names) }
        case let .while(condition, body):
            visit(condition, &names)
            body.statements.forEach { visit($0, &names) }
        case .return(let e): if let e { visit(e, &names) }
        case .break, .continue, .import: break
        }
    }

    /// Function literals inside expressions have bodies with assignments too.
    private static func visit(_ e: Expr, _ names: inout Set<String>) {
        switch e.kind {
        case .function(let literal): literal.body.statements.forEach { visit($0, &names) }
        case .list(let items): items.forEach { visit($0, &names) }
        case .comprehension(let c): [c.element, c.sequence].forEach { visit($0, &names) }
        case .record(let entries): entries.forEach { visit($0.value, &names) }
        case let .unary(_, x), let .field(x, _): visit(x, &names)
        case let .binary(_, l, r): visit(l, &names); visit(r, &names)
        case let .call(callee, arguments): visit(callee, &names); arguments.forEach { visit($0.value, &names) }
        case let .index(base, _): visit(base, &names)
        default: break
        }
    }
}
