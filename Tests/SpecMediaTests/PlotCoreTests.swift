import Testing
@testable import SpecMedia

@Suite("Plot core: scales, ticks, labels")
struct PlotCoreTests {
    private func labels(_ ticks: [Tick]) -> [String] {
        ticks.compactMap { $0.label.map { $0.runs.map { r in r.position == .superscript ? "^" + r.text : r.text }.joined() } }
    }

    @Test func linearTicksAreNiceNumbers() {
        // A standard figure's x axis allows 9 intervals, as matplotlib's does.
        let across = TickLocator.maxIntervals(length: FigureSize.standard.width - 100, vertical: false)
        #expect(across == 9)
        #expect(labels(TickLocator.linear(Scale(.linear, lower: 0, upper: 1), maxIntervals: across)) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(labels(TickLocator.linear(Scale(.linear, lower: 0, upper: 10_000), maxIntervals: across)) == ["0", "2000", "4000", "6000", "8000", "10000"])
        #expect(labels(TickLocator.linear(Scale(.linear, lower: 0, upper: 299), maxIntervals: across)) == ["0", "50", "100", "150", "200", "250"])
        #expect(labels(TickLocator.linear(Scale(.linear, lower: -1, upper: 1), maxIntervals: 4)) == ["\u{2212}1.0", "\u{2212}0.5", "0.0", "0.5", "1.0"])
        #expect(labels(TickLocator.linear(Scale(.linear, lower: 0.13, upper: 0.61), maxIntervals: 4)) == ["0.2", "0.4", "0.6"])
        #expect(labels(TickLocator.linear(Scale(.linear, lower: 0, upper: 3e-6), maxIntervals: 3)) == ["0", "1×10^\u{2212}6", "2×10^\u{2212}6", "3×10^\u{2212}6"])
    }

    @Test func logTicksLabelDecades() {
        let ticks = TickLocator.log(Scale(.log, lower: 0.5, upper: 2e4), maxLabels: 7)
        #expect(labels(ticks) == ["10^0", "10^1", "10^2", "10^3", "10^4"])
        #expect(ticks.contains { $0.value == 300 && $0.label == nil && !$0.major })
        // Twelve decades: every second one labelled.
        #expect(labels(TickLocator.log(Scale(.log, lower: 1e-6, upper: 1e6), maxLabels: 7)).count == 7)
        // Less than a decade: 2× and 5× multiples are labelled too.
        #expect(labels(TickLocator.log(Scale(.log, lower: 150, upper: 900), maxLabels: 7)) == ["2×10^2", "5×10^2"])
    }

    @Test func scalesMapAndFit() {
        let log = Scale(.log, lower: 1, upper: 100)
        #expect(abs(log.fraction(10) - 0.5) < 1e-12)
        #expect(log.fraction(0) < -1)
        let fitted = Scale(fitting: [1, .nan, 3, -.infinity], kind: .linear, margin: 0.5)
        #expect(fitted == Scale(.linear, lower: 0, upper: 4))
        #expect(Scale(fitting: [0, -2], kind: .log, margin: 0) == nil)
        // A constant series still gets an axis with length.
        let flat = Scale(.linear, lower: 2, upper: 2)
        #expect(flat.lower < 2 && flat.upper > 2)
    }

    @Test func markupMakesSubAndSuperscripts() {
        #expect(RichText("f/f_{nyq}").runs == [.init(text: "f/f", position: .normal), .init(text: "nyq", position: .subscript)])
        #expect(RichText("x^2 + 1").runs.map(\.text) == ["x", "2", " + 1"])
        #expect(RichText.plain("run_1").runs.map(\.text) == ["run_1"])
        #expect(SpectrumErrorPlot.stepLabel(2500, inThousands: false) == "2500")
        #expect(SpectrumErrorPlot.stepLabel(2500, inThousands: true) == "2.5k" && SpectrumErrorPlot.stepLabel(12_500, inThousands: true) == "12.5k")
        #expect(SpectrumErrorPlot.stepLabel(0, inThousands: true) == "0" && SpectrumErrorPlot.stepLabel(100_000, inThousands: true) == "100k")
    }

    @Test func colormapIsBlueWhiteRed() {
        let map = Colormap.blueWhiteRed
        #expect(map.color(at: 0) == Color(red: 0, green: 0, blue: 1))
        #expect(map.color(at: 0.5) == .white)
        #expect(map.color(at: 1) == Color(red: 1, green: 0, blue: 0))
        #expect(map.color(at: 0.75) == Color(red: 1, green: 0.5, blue: 0.5))
    }
}
