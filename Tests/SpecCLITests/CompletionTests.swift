import Foundation
import SpecLang
import Testing

/// Completion candidates computed from text and an interpreter, without a terminal.
struct CompletionTests {
    private func session(_ source: String = "") throws -> Interpreter {
        let interpreter = Interpreter()
        try interpreter.run(source)
        return interpreter
    }

    @Test func namesIncludeBindingsBuiltinsAndKeywords() throws {
        let interpreter = try session("let zebra = 1")
        #expect(Completion.candidates(line: "1 + zer", interpreter: interpreter).contains("zeros"))
        #expect(Completion.candidates(line: "zeb", interpreter: interpreter) == ["zebra"])
        #expect(Completion.candidates(line: "whi", interpreter: interpreter) == ["while"])
        let result = Completion.complete(line: "lins", interpreter: interpreter)
        #expect(result.prefix == "lins")
        #expect(result.commonPrefix == "linspace")
    }

    @Test func keywordArgumentsOfTheCallUnderTheCursor() throws {
        let interpreter = try session()
        #expect(Completion.candidates(line: "conv2d(x, pad", interpreter: interpreter) == ["padding: "])
        // After '(' a name is as likely as a keyword: both are offered.
        let first = Completion.candidates(line: "conv2d(pad", interpreter: interpreter)
        #expect(first.first == "padding: ")
        #expect(first.contains("pad"))
        // Keywords already given are not offered again; calls may span lines; nested calls count.
        #expect(!Completion.candidates(line: "conv2d(x, w, padding: 1, ", interpreter: interpreter).contains("padding: "))
        #expect(Completion.candidates(line: "conv2d(x,\n  str", interpreter: interpreter).first == "stride: ")
        #expect(Completion.candidates(line: "conv2d(zeros([1, 2]), gro", interpreter: interpreter) == ["groups: "])
    }

    @Test func keywordArgumentsOfUserFunctionsAndMethods() throws {
        let interpreter = try session("fn train(model, steps = 10, learning_rate = 0.1) { return steps }\nlet t = zeros([1, 1, 4, 4])")
        #expect(Completion.candidates(line: "train(m, lea", interpreter: interpreter) == ["learning_rate: "])
        // A method call: the builtin's parameters after the receiver.
        #expect(Completion.candidates(line: "t.conv2d(w, pad", interpreter: interpreter) == ["padding: "])
    }

    @Test func fieldsAfterADot() throws {
        let interpreter = try session("let t = zeros([2, 3])\nlet run = {alpha: 1, beta: {gamma: 2}}")
        #expect(Completion.candidates(line: "t.sha", interpreter: interpreter) == ["shape"])
        let fields = Completion.candidates(line: "t.", interpreter: interpreter)
        #expect(Array(fields.prefix(2)) == ["shape", "rank"])
        #expect(fields.contains("sum"), "builtins callable as methods follow the fields")
        #expect(Completion.candidates(line: "run.al", interpreter: interpreter) == ["alpha"])
        #expect(Completion.candidates(line: "run.beta.g", interpreter: interpreter) == ["gamma"])
        #expect(Completion.candidates(line: "print(run.beta.", interpreter: interpreter).first == "gamma")
        #expect(Completion.candidates(line: "nosuch.x", interpreter: interpreter).isEmpty)
        #expect(Completion.candidates(line: "f(x).sh", interpreter: interpreter).isEmpty)
    }

    @Test func pathsInsideStrings() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spec-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("spectra"), withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("speech.npy"))
        try Data().write(to: folder.appendingPathComponent(".hidden"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let interpreter = try session()
        let base = folder.path
        let result = Completion.complete(line: "let x = load_npy(\"\(base)/spe", interpreter: interpreter)
        #expect(result.prefix == "\(base)/spe")
        #expect(result.candidates == ["\(base)/spectra/", "\(base)/speech.npy"])
        #expect(Completion.candidates(line: "load_npy(\"\(base)/", interpreter: interpreter).count == 2)
        #expect(Completion.candidates(line: "load_npy(\"\(base)/.h", interpreter: interpreter) == ["\(base)/.hidden"])
    }

    @Test func contextsWithoutCompletions() throws {
        let interpreter = try session("let t = zeros([2])")
        #expect(Completion.candidates(line: "1 + 2 # zer", interpreter: interpreter).isEmpty)
        #expect(Completion.candidates(line: "1.5", interpreter: interpreter).isEmpty)
        // Inside an interpolation it is code again.
        #expect(Completion.candidates(line: "\"shape \\(t.sha", interpreter: interpreter) == ["shape"])
        // The cursor is a UTF-8 offset: only the text before it counts.
        #expect(Completion.candidates(line: "zeb + 1", cursor: 3, interpreter: interpreter).isEmpty)
        #expect(Completion.complete(line: "conv2d(x, padding: 1)", cursor: 13, interpreter: interpreter).prefix == "pad")
    }
}
