import Foundation
import Testing
import SpecLang

@Suite("show: summaries, images, terminal plots")
struct ShowTests {
    static func terminal(_ environment: [String: String] = ["TERM": "xterm-256color"]) -> InteractiveTerminal {
        InteractiveTerminal(columns: { 80 }, environment: environment, colors: false)
    }

    static func hasBraille(_ lines: [String]) -> Bool {
        lines.joined().unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }
    }

    @Test("in a script, an image or data set is written as a numbered PNG and reported; other values only print")
    func scriptImages() throws {
        let s = PlotSession()
        try s.run("show(randn([3, 4]))\nshow(run)\nshow([1, 2, 3, 4, 5])")
        #expect(s.written.isEmpty)
        #expect(!Self.hasBraille(s.output))
        #expect(s.output.contains("fake run: evaluations at steps 0, 10, 20"))
        try s.run("show(rand([3, 16, 16], low: -1, high: 1))\nshow(toyset(res: 16, count: 3))")
        #expect(s.written.map(\.lastPathComponent) == ["figure_1.png", "figure_2.png"])
        #expect(s.output.contains("figure written to \(s.file("figure_2.png").path)"))
        #expect(s.output.contains { $0.hasPrefix("dataset: 3 images") })
    }

    @Test("at a terminal, runs, statistics and curves are drawn in braille sized to it")
    func braille() throws {
        let s = PlotSession(terminal: Self.terminal())
        for source in ["show(run)", "show(run.real)", "show(run.losses)", "show([3, 2, 1.5, 1.2, 1.1])"] {
            try s.run(source)
            let chart = s.output.last ?? ""
            #expect(Self.hasBraille([chart]), "\(source) drew no braille plot")
            #expect(chart.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(source) is wider than the terminal")
        }
        #expect(s.output.last?.split(separator: "\n").count ?? 0 >= 10)
        let before = s.output.count
        try s.run("show(randn([3, 4]))")
        #expect(s.output.count == before + 1)
        #expect(s.written.isEmpty)
    }

    @Test("at a kitty or iTerm2 terminal, images and figures are shown inline; elsewhere their file is written")
    func inlineImages() throws {
        let kitty = PlotSession(terminal: Self.terminal(["TERM": "xterm-kitty"]))
        try kitty.run("show(rand([3, 16, 16], low: -1, high: 1))")
        #expect(kitty.output.last?.hasPrefix("\u{1B}_Ga=T,f=100") == true)
        #expect(kitty.written.isEmpty)
        try kitty.run("plot_spectrum(run)")
        #expect(kitty.output.contains { $0.hasPrefix("\u{1B}_G") })
        #expect(kitty.written.map(\.lastPathComponent) == ["figure_1.png"])

        let iterm = PlotSession(terminal: Self.terminal(["TERM_PROGRAM": "iTerm.app"]))
        try iterm.run("show(toyset(res: 16, count: 2))")
        #expect(iterm.output.last?.hasPrefix("\u{1B}]1337;File=") == true)

        let plain = PlotSession(terminal: Self.terminal())
        try plain.run("show(rand([1, 3, 16, 16], low: -1, high: 1))")
        #expect(plain.written.map(\.lastPathComponent) == ["figure_1.png"])
        #expect(plain.output.last == "figure written to \(plain.file("figure_1.png").path)")
    }
}
