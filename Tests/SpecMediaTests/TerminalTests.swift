import Foundation
import Testing
@testable import SpecMedia

@Suite("Terminal graphics")
struct TerminalTests {
    /// One period of a sine, 40 × 12 characters, no labels: after the tick labels ("-1 ┤") and the two
    /// lines under the axis, 36 plot columns × 10 rows.
    private func sinePlot() throws -> [String] {
        let y = (0...200).map { sin(Double($0) / 200 * 2 * Double.pi) }
        return try BrailleChart(series: [CurveSeries(label: "", y: y)]).render(columns: 40, rows: 12).components(separatedBy: "\n")
    }

    @Test func sineHasItsShape() throws {
        let lines = try sinePlot()
        #expect(lines.count == 12)
        #expect(lines.allSatisfy { $0.count <= 40 })
        let plotRows = lines.prefix(10).map { Array($0.dropFirst(4)) }
        #expect(plotRows.allSatisfy { $0.count == 36 })
        // Peak near a quarter of the width on the top row, trough near three quarters on the bottom row.
        let top = plotRows[0], bottom = plotRows[9], middle = plotRows[4] + plotRows[5]
        #expect(top[9] != " " && top[27] == " ")
        #expect(bottom[27] != " " && bottom[9] == " ")
        #expect(plotRows[4][0] != " " || plotRows[5][0] != " ")
        #expect(middle.contains { $0 != " " })
        // Every drawn cell is a braille character.
        #expect(plotRows.joined().allSatisfy { $0 == " " || ("\u{2801}"..."\u{28FF}").contains($0) })
        // The top row's tick is the maximum, the bottom row's the minimum; the x range is printed below.
        #expect(lines[0].hasPrefix(" 1 ┤") && lines[4].hasPrefix(" 0 ┤"))
        #expect(lines[9].hasPrefix("-1 ┤"))
        #expect(lines[11].contains("0") && lines[11].hasSuffix("200"))
    }

    @Test func labelsLegendAndColours() throws {
        let chart = try BrailleChart(series: [CurveSeries(label: "real", y: [1, 10, 100]), CurveSeries(label: "fake", y: [100, 10, 1])],
                                     xLabel: "f/f_nyq", yLabel: "spectral density", logY: true)
        let plain = try chart.render(columns: 50, rows: 10)
        let lines = plain.components(separatedBy: "\n")
        #expect(lines.count == 10)
        #expect(lines[0] == "spectral density")
        #expect(lines[8].contains("f/f_nyq"))
        #expect(lines[9].contains("━━ real") && lines[9].contains("━━ fake"))
        #expect(lines[1].contains("100 ┤") && lines[6].contains("1 ┤"))
        let colored = try chart.render(columns: 50, rows: 10, colors: true)
        #expect(colored.contains("\u{1B}[34m") && colored.contains("\u{1B}[33m"))
        #expect(throws: MediaError.self) { try chart.render(columns: 10, rows: 3) }
    }

    @Test func spectraUseTheSpectrumAxis() throws {
        let chart = try BrailleChart.spectra([SampleData.realSpectrum(), SampleData.generatedSpectrum(label: "fake", falloff: 20)])
        #expect(chart.logY && chart.series.count == 2)
        #expect(chart.series[0].x?.first == 1.0 / 45 && chart.series[0].x?.last == 1 && chart.series[0].y.count == 45)
        let lines = try chart.render(columns: 60, rows: 14).components(separatedBy: "\n")
        #expect(lines.first == "spectral density" && lines[lines.count - 2].contains("f/f_nyq"))
        #expect(lines.last?.contains("━━ ground truth") == true)
    }

    @Test func detectsInlineImageTerminals() {
        #expect(InlineImageProtocol.detect(environment: ["TERM": "xterm-kitty"]) == .kitty)
        #expect(InlineImageProtocol.detect(environment: ["TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"]) == .kitty)
        #expect(InlineImageProtocol.detect(environment: ["TERM_PROGRAM": "iTerm.app"]) == .iTerm2)
        #expect(InlineImageProtocol.detect(environment: ["LC_TERMINAL": "iTerm2"]) == .iTerm2)
        #expect(InlineImageProtocol.detect(environment: ["TERM": "xterm-256color"]) == nil)
        #expect(InlineImageProtocol.detect(environment: ["TERM": "xterm-kitty", "TMUX": "/tmp/tmux"]) == nil)
    }

    @Test func kittyPayloadIsChunked() throws {
        let png = Data((0..<7000).map { UInt8($0 % 251) })   // 9336 base64 characters: chunks 4096, 4096, 1144
        let text = InlineImageProtocol.kitty.escapeSequence(png: png)
        let commands = text.components(separatedBy: "\u{1B}_G").dropFirst().map { $0.components(separatedBy: "\u{1B}\\")[0] }
        #expect(commands.count == 3)
        #expect(commands[0].hasPrefix("a=T,f=100,m=1;") && commands[1].hasPrefix("m=1;") && commands[2].hasPrefix("m=0;"))
        let payloads = commands.map { String($0.split(separator: ";", maxSplits: 1)[1]) }
        #expect(payloads.map(\.count) == [4096, 4096, 1144])
        #expect(Data(base64Encoded: payloads.joined()) == png)
    }

    @Test func iTermSequenceAndFallback() throws {
        let png = Data([1, 2, 3])
        let text = InlineImageProtocol.iTerm2.escapeSequence(png: png, name: "a.png")
        #expect(text.hasPrefix("\u{1B}]1337;File=") && text.contains("inline=1") && text.contains("size=3") && text.hasSuffix(":AQID\u{07}\n"))
        #expect(TerminalImageOutput.decide(png: png, fallbackPath: "/tmp/f.png", stdoutIsTerminal: true, environment: ["TERM": "dumb"])
                == .file(path: "/tmp/f.png", message: "figure written to /tmp/f.png"))
        #expect(TerminalImageOutput.decide(png: png, fallbackPath: "/tmp/f.png", stdoutIsTerminal: false, environment: ["TERM": "xterm-kitty"])
                == .file(path: "/tmp/f.png", message: "figure written to /tmp/f.png"))
        guard case .inline(let escape) = TerminalImageOutput.decide(png: png, fallbackPath: "/tmp/f.png", stdoutIsTerminal: true,
                                                                      environment: ["TERM": "xterm-kitty"]) else {
            Issue.record("kitty should show the image inline"); return
        }
        #expect(escape.hasPrefix("\u{1B}_Ga=T,f=100,m=0;AQID"))
    }
}
