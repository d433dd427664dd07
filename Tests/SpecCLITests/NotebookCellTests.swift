import Foundation
import Testing

/// The fix-and-re-run loop at the prompt: `:cells`, `:cell N`, `:rerun`, after `spec run nb.spec -i`.
@Suite(.serialized)
struct NotebookCellTests {
    static let notebook = """
        # A notebook of two cells.
        #%% Setup
        let steps = 200
        let scale = 10
        #%% Train
        print("trained", steps * scale)
        """

    @Test func runsOneCellAndRerunsFromTheFirstChanged() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        _ = try home.write("nb.spec", Self.notebook)
        let spec = try PseudoTerminal(["run", "nb.spec", "-i", "--set", "steps=3"], in: home.url, home: home.url)
        try spec.expect("trained 30")
        try spec.expectPrompt()
        try spec.send(":cells\r")
        try spec.expect("  1  Setup\r\n  2  Train\r\n")
        try spec.expectPrompt()
        // The user fixes the second cell in the editor; only it is out of date, and re-running keeps --set.
        _ = try home.write("nb.spec", Self.notebook.replacingOccurrences(of: "\"trained\"", with: "\"trained again\""))
        try spec.send(":cells\r")
        try spec.expect("  1  Setup\r\n* 2  Train\r\n")
        try spec.expectPrompt()
        try spec.send(":rerun\r")
        try spec.expect("cell 2: Train")
        try spec.expect("trained again 30")
        try spec.expectPrompt()
        try spec.send(":rerun\r")
        try spec.expect("every cell of nb.spec ran as it is now")
        try spec.expectPrompt()
        // A cell by the start of its title, completed with Tab; its bindings stay in the session.
        try spec.send("scale = 1\r")
        try spec.expectPrompt()
        try spec.send(":cell Se\t\r")
        try spec.expect("cell 1: Setup")
        try spec.expectPrompt()
        try spec.send("scale\r")
        try spec.expect("10")
        try spec.expectPrompt()
        try spec.send(":cell 7\r")
        try spec.expect("there is no cell 7")
        try spec.expectPrompt()
    }

    @Test func aFailedCellIsRerunAfterTheFix() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        _ = try home.write("nb.spec", "#%% one\nlet a = 1\n#%% two\nprint(a + missing)\n#%% three\nprint(\"three ran\")\n")
        let spec = try PseudoTerminal(["run", "nb.spec", "-i"], in: home.url, home: home.url)
        try spec.expect("unknown name 'missing'")
        try spec.expectPrompt()
        try spec.send(":cells\r")
        try spec.expect("  1  one\r\n* 2  two\r\n* 3  three\r\n")
        _ = try home.write("nb.spec", "#%% one\nlet a = 1\n#%% two\nprint(a + 1)\n#%% three\nprint(\"three ran\")\n")
        try spec.send(":rerun\r")
        try spec.expect("cell 2: two")
        try spec.expect("2\r\n")
        try spec.expect("three ran")
        try spec.expectPrompt()
    }

    @Test func loadMakesAFileTheNotebook() throws {
        let home = try TemporaryFolder()
        defer { home.remove() }
        _ = try home.write("nb.spec", Self.notebook)
        let spec = try PseudoTerminal([], in: home.url, home: home.url)
        try spec.expectPrompt()
        try spec.send(":cells\r")
        try spec.expect("no notebook is loaded")
        try spec.expectPrompt()
        try spec.send(":load nb.spec\r")
        try spec.expect("trained 2000")
        try spec.expect("loaded nb.spec: 2 new bindings")
        try spec.expectPrompt()
        try spec.send(":cell 2\r")
        try spec.expect("trained 2000")
        try spec.expectPrompt()
    }
}
