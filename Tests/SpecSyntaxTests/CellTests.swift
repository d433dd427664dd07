import Testing
@testable import SpecSyntax

@Suite struct CellTests {
    let source = """
    # preamble comment
    seed(0)
    #%% First cell
    let a = 1
    let b = 2
      #%%
    for x in a {
    #%% inside a loop: still a marker line
      f(x)
    }
    """

    @Test func splitFindsMarkersAndPreamble() {
        let cells = Cell.split(SourceFile(name: "n", text: source))
        #expect(cells.map(\.title) == ["", "First cell", "", "inside a loop: still a marker line"])
        #expect(cells.map(\.index) == [0, 1, 2, 3])
        #expect(cells.map(\.lines) == [1...2, 3...5, 6...7, 8...10])
        #expect(cells[0].marker == nil)
        #expect(cells[1].marker?.text == "#%% First cell")
        #expect(cells[1].body.text == "let a = 1\nlet b = 2\n")
        #expect(cells[0].body.text == "# preamble comment\nseed(0)\n")
    }

    @Test func programAssignsStatementsToCellsByTheirStart() throws {
        let program = try Parser.parseProgram(source: source)
        #expect(program.cells.count == 4)
        #expect(program.cells.map { program.statements(in: $0).count } == [1, 2, 1, 0])
        #expect(program.statements(in: program.cells[1]).map(TreeDump.statement) == ["(let a 1)", "(let b 2)"])
    }

    @Test func noMarkersMeansOneCell() {
        let cells = Cell.split(SourceFile(name: "n", text: "a\nb\n"))
        #expect(cells.count == 1)
        #expect(cells[0].marker == nil && cells[0].lines == 1...2)
        #expect(Cell.split(SourceFile(name: "n", text: "")).count == 1)
    }

    @Test func leadingCommentsAreTheIntroductionNotACell() {
        let file = SourceFile(name: "n", text: "# Downsampling in the discriminator.\n#\n# Three runs.\n\n#%% Setup\nlet a = 1\n#%% Train\nf(a)\n")
        #expect(Cell.split(file).map(\.title) == ["Setup", "Train"])
        #expect(Cell.split(file).map(\.index) == [0, 1])
        #expect(Cell.introduction(of: file) == "Downsampling in the discriminator.\n\nThree runs.")
        #expect(Cell.introduction(of: SourceFile(name: "n", text: "# only a comment\nlet a = 1\n#%% x\n")) == nil)
        #expect(Cell.introduction(of: SourceFile(name: "n", text: "# no markers\nlet a = 1\n")) == nil)
    }

    @Test func blankPreambleIsNotACell() {
        let cells = Cell.split(SourceFile(name: "n", text: "\n  \n#%% one\nx\n#%%two"))
        #expect(cells.map(\.title) == ["one", "two"])
        #expect(cells[1].body.text == "")
        #expect(cells[1].lines == 5...5)
    }

    @Test func eachCellParsesOnItsOwnWithFilePositions() throws {
        let file = SourceFile(name: "n", text: source)
        let cell = Cell.split(file)[1]
        let program = try Parser.parseProgram(file, range: cell.span.range)
        #expect(program.statements.count == 2)
        #expect(program.statements[1].span.startLocation == SourceLocation(line: 5, column: 1))
        #expect(program.cells.count == 1 && program.cells[0].title == "First cell")
        let body = try Parser.parseProgram(file, range: cell.body.range)
        #expect(body.statements.count == 2 && body.cells.count == 1 && body.cells[0].marker == nil)
    }
}

@Suite struct CompletenessTests {
    @Test(arguments: [
        "for x in xs {", "f(1,", "f(1, 2", "let x =", "let x = a +", "[1, 2,\n3", "{a: 1,", "if a {\n  b\n} else",
        "fn f(x) {\n  if x {\n", "x = (", "a[1:", "fn (x", "import", "while x", "let", "x = \"\\(a)\" +",
    ])
    func incompleteInputs(source: String) {
        #expect(Parser.isIncomplete(source))
    }

    @Test(arguments: ["x = 1", "for x in xs { }", "f(1)", "", "# comment", "if a { b }", "let x = \"a\\(b)\""])
    func completeInputs(source: String) {
        guard case .complete = Parser.completeness(of: source) else {
            Issue.record("not complete: \(source)")
            return
        }
    }

    @Test(arguments: ["x = )", "x = \"abc", "f(1 2", "x = \"\\(1 +)\"", "let 3 = x", "a < b < c"])
    func invalidInputs(source: String) {
        guard case .invalid(let error) = Parser.completeness(of: source) else {
            Issue.record("not invalid: \(source)")
            return
        }
        #expect(error.kind == .syntax)
    }
}

@Suite struct SuggestionTests {
    @Test func editDistances() {
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("toyst", "toyset") == 1)
        #expect(editDistance("ab", "ba") == 1)  // a swap counts once
        #expect(editDistance("same", "same") == 0)
    }

    @Test func closestNamesPrefersSmallDistances() {
        let names = ["toyset", "toy_set", "seed", "print", "plot_spectrum", "pggan_generator", "Toyset2"]
        #expect(closestNames(to: "toyst", among: names) == ["toyset", "Toyset2", "toy_set"])
        #expect(closestNames(to: "sede", among: names) == ["seed"])
        #expect(closestNames(to: "plot", among: names) == ["plot_spectrum"])
        #expect(closestNames(to: "xyzzy", among: names) == [])
        #expect(closestNames(to: "toyst", among: names, max: 1) == ["toyset"])
    }

    @Test func didYouMeanNote() {
        #expect(SpecError.Note.didYouMean("toyst", among: ["toyset"])?.message == "did you mean 'toyset'?")
        #expect(SpecError.Note.didYouMean("ab", among: ["ac", "bb", "xb"])?.message == "did you mean 'ac', 'bb' or 'xb'?")
        #expect(SpecError.Note.didYouMean("q", among: ["toyset"]) == nil)
    }
}
