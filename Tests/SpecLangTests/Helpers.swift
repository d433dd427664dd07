import Testing
import SpecLang
import SpecSyntax

/// Runs a script in a fresh interpreter and returns the final expression's value and the printed lines.
func run(_ source: String, seed: UInt64 = 0) throws -> (value: Value?, output: [String]) {
    let interpreter = Interpreter(seed: seed)
    var lines: [String] = []
    interpreter.output = { lines.append($0) }
    let value = try interpreter.run(source, name: "test.spec")
    return (value, lines)
}

func number(_ source: String) throws -> Double {
    guard case .number(let n)? = try run(source).value else { throw SpecError(.type, "not a number: \(source)") }
    return n
}

/// The error a script raises; fails the test when it raises none.
func failure(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SpecError? {
    do {
        _ = try run(source)
        Issue.record("expected an error from: \(source)", sourceLocation: sourceLocation)
        return nil
    } catch let e as SpecError {
        return e
    } catch {
        Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
