import Foundation
import Testing

/// The REPL driven through a pseudo-terminal, as a user at a terminal drives it.
@Suite(.serialized)
struct REPLTests {
    /// A session in a fresh folder with its own HOME (so its history file is private).
    private static func session(_ arguments: [String] = [], home: TemporaryFolder, folder: TemporaryFolder? = nil) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(arguments, in: (folder ?? home).url, home: home.url)
        try terminal.expectPrompt()
        return terminal
    }

    @Test func completesABuiltinName() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("linsp\t")
        try spec.send("(0, 1, 5)\r")
        try spec.expect("tensor (5,)")
        try spec.expect("max 1")
    }

    @Test func completesAKeywordArgument() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("conv2d(ones([1, 1, 4, 4]), ones([1, 1, 3, 3]), pad\t")
        try spec.send("1).shape\r")
        try spec.expect("[1, 1, 4, 4]")
    }

    @Test func listsAmbiguousCandidates() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("let alpha_one = 1\r")
        try spec.expectPrompt()
        try spec.send("let alpha_two = 2\r")
        try spec.expectPrompt()
        try spec.send("alpha_\t")
        try spec.expect("alpha_one")
        try spec.expect("alpha_two")
        try spec.expectPrompt()
    }

    @Test func showDrawsBrailleAndWritesImagesAtATerminal() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("show([3, 2, 1.5, 1.2, 1.1, 1.05])\r")
        try spec.expect("3 ┤")
        try spec.expect("└───")
        try spec.expectPrompt()
        try spec.send("show(rand([3, 16, 16], low: -1, high: 1))\r")
        try spec.expect("figure written to \(home.url.resolvingSymlinksInPath().path)/runs/prompt-")
        try spec.expect("/figure_1.png")
        try spec.expectPrompt()
        let prompt = try FileManager.default.contentsOfDirectory(atPath: home.url.appendingPathComponent("runs").path).first ?? ""
        #expect(FileManager.default.fileExists(atPath: home.url.appendingPathComponent("runs/\(prompt)/figure_1.png").path))
    }

    @Test func continuesAnUnfinishedEntry() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("for i in range(3) {\r")
        try spec.expectPrompt("  ... ")
        try spec.send("print(i * 10 + 7)\r")
        try spec.expectPrompt("  ... ")
        try spec.send("}\r")
        try spec.expect("7\r\n17\r\n27\r\n")
        try spec.expectPrompt()
    }

    @Test func controlCDuringHistorySearchReturnsToThePrompt() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("let kept = 42\r")
        try spec.expectPrompt()
        try spec.send("\u{12}ke")  // Ctrl-R, then part of the entry to find
        Thread.sleep(forTimeInterval: 0.5)  // libedit is in its search loop before the Ctrl-C comes
        try spec.send("\u{03}")
        try spec.expectPrompt()
        try spec.send("kept + 1\r")
        try spec.expect("43")
        try spec.expectPrompt()
    }

    @Test func thePromptWritesIntoAFolderOfItsOwn() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try PseudoTerminal([], in: home.url, home: home.url)
        try spec.expect("figures and runs go to runs/prompt-")
        try spec.expectPrompt()
        try spec.send("save_npy(ones([2]), \"x.npy\")\r")
        try spec.expectPrompt()
        let runs = try FileManager.default.contentsOfDirectory(atPath: home.url.appendingPathComponent("runs").path)
        #expect(runs.count == 1 && runs[0].hasPrefix("prompt-"))
        #expect(FileManager.default.fileExists(atPath: home.url.appendingPathComponent("runs/\(runs[0])/x.npy").path))
    }

    @Test func controlCInterruptsAnEvaluationAndKeepsBindings() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("let kept = 42\r")
        try spec.expectPrompt()
        try spec.send("while true { }\r")
        // The editor gives the terminal back once it has read the entry; a Ctrl-C from then on stops the entry.
        try spec.waitForCanonicalMode(true)
        try spec.send("\u{3}")
        try spec.expect("stopped by Ctrl-C")
        try spec.expectPrompt()
        try spec.send("kept + 1\r")
        try spec.expect("43")
    }

    @Test func controlCAtThePromptClearsTheLine() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("for i in range(2) {\r")
        try spec.expectPrompt("  ... ")
        try spec.send("let dropped = 1\u{3}")
        try spec.expectPrompt()
        try spec.send("dropped\r")
        try spec.expect("unknown name 'dropped'")
        try spec.expectPrompt()
    }

    @Test func keepsHistoryAcrossSessions() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        do {
            let first = try Self.session(home: home)
            try first.send("for i in range(2) {\r")
            try first.expectPrompt("  ... ")
            try first.send("print(i + 100)\r")
            try first.expectPrompt("  ... ")
            try first.send("}\r")
            try first.expectPrompt()
            try first.send("\"history-\\(6 * 7)\"\r")
            try first.expect("\"history-42\"")
            try first.expectPrompt()
            try first.send("\u{4}")
            #expect(try first.waitForExit() == 0)
        }
        let file = try String(contentsOf: home.url.appendingPathComponent(".spec_history"), encoding: .utf8)
        #expect(file.hasPrefix("_HiStOrY_V2_"))
        #expect(file.split(separator: "\n").count == 3, "the loop is one entry: \(file)")

        let second = try Self.session(home: home)
        try second.send("\u{1B}[A\r")  // up arrow: the last entry
        try second.expect("\"history-42\"")
        try second.expectPrompt()
        try second.send("\u{1B}[A\u{1B}[A\r")  // the multi-line loop, recalled as one entry
        try second.expect("100\r\n101")
        try second.expectPrompt()
    }

    @Test func varsListsBindingsWithTypesAndShapes() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("let image = zeros([2, 5])\r")
        try spec.expectPrompt()
        try spec.send("let count = 3\r")
        try spec.expectPrompt()
        try spec.send(":vars\r")
        try spec.expect("count  number  3")
        try spec.expect("image  tensor  shape (2, 5)")
        try spec.expectPrompt()
    }

    @Test func metaCommandsTimeLoadAndReset() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        try home.write("lib/defs.spec", "let loaded_value = 11\nfn twice(x) { return 2 * x }\n")
        let spec = try Self.session(home: home)
        try spec.send(":load lib/defs.spec\r")
        try spec.expect("loaded lib/defs.spec: 2 new bindings")
        try spec.expectPrompt()
        try spec.send(":time twice(loaded_value)\r")
        try spec.expect("22")
        try spec.expect("time: ")
        try spec.expectPrompt()
        try spec.send(":reset\r")
        try spec.expectPrompt()
        try spec.send("loaded_value\r")
        try spec.expect("unknown name 'loaded_value'")
        try spec.expectPrompt()
        try spec.send(":quit\r")
        #expect(try spec.waitForExit() == 0)
    }

    @Test func controlDExits() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        let spec = try Self.session(home: home)
        try spec.send("\u{4}")
        #expect(try spec.waitForExit() == 0)
    }

    @Test func runDashIKeepsTheScriptsBindings() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        try home.write("setup.spec", "let from_script = 5\n")
        let spec = try PseudoTerminal(["run", "-i", "setup.spec"], in: home.url, home: home.url)
        try spec.expectPrompt()
        try spec.send("from_script * 2\r")
        try spec.expect("10")
        try spec.expectPrompt()
        try spec.send("\u{4}")
        #expect(try spec.waitForExit() == 0)
    }
}
