import Foundation
import Testing
import SpecLang

@Suite("plot builtins: spectra, spectrum error, curves")
struct PlotBuiltinTests {
    static let images = "let data = toyset(res: 32, count: 6, seed: 1)\nlet noise = rand([6, 3, 32, 32], low: -1, high: 1)\n"

    @Test("plot_spectrum of images, data sets and statistics writes PNG, SVG and PDF")
    func spectrumFormats() throws {
        let s = PlotSession()
        try s.run(Self.images + """
            plot_spectrum(data, {noise: noise, smooth: blur(noise)}, path: "spectrum.png", title: "Toy set")
            plot_spectrum(spectrum_stats(data), [noise, spectrum_stats(blur(noise))], path: "spectrum.svg")
            plot_spectrum(data.images, reduced_spectrum(noise), path: "sub/spectrum.pdf", normalize: true, std: false)
            """)
        try s.expectPicture("spectrum.png")
        let svg = try String(contentsOf: s.file("spectrum.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.count > 5000)
        let pdf = try Data(contentsOf: s.file("sub/spectrum.pdf"))
        #expect(pdf.prefix(5) == Data("%PDF-".utf8) && pdf.count > 2000)
        #expect(s.written.map(\.lastPathComponent) == ["spectrum.png", "spectrum.svg", "spectrum.pdf"])
    }

    @Test("plot_spectrum of runs: the last evaluation, chosen steps, one curve per run of a record")
    func spectrumOfRuns() throws {
        let s = PlotSession()
        let path = try s.run("""
            plot_spectrum(run, path: "last.png")
            plot_spectrum(run, steps: [0, 20], path: "steps.png")
            plot_spectrum(run.real, {avg: run, stride: run2}, steps: 10, path: "record.png")
            plot_spectrum(nil, [run, run2], path: "list.png")
            """)
        guard case .string(let p)? = path else { Issue.record("plot_spectrum returns the path"); return }
        #expect(p == s.file("list.png").path)
        for name in ["last.png", "steps.png", "record.png", "list.png"] { try s.expectPicture(name) }
    }

    @Test("plot_spectrum_error of a run, of chosen steps, of a tensor with its steps and of named rows")
    func spectrumError() throws {
        let s = PlotSession()
        try s.run(Self.images + """
            plot_spectrum_error(run, path: "run.png", title: "Spectrum error")
            plot_spectrum_error(run, steps: [0, 20], path: "two.pdf")
            let e = spectrum_error(data, noise)
            plot_spectrum_error(stack([e, e * 0.5, e * 0.1]), steps: [0, 500, 1000], path: "tensor.svg")
            plot_spectrum_error(e, path: "one.png")
            plot_spectrum_error(stack([e, e * 0.5]), labels: ["avg", "stride"], path: "named.png")
            """)
        try s.expectPicture("run.png")
        try s.expectPicture("named.png")
        try s.expectPicture("one.png")
        #expect(try Data(contentsOf: s.file("two.pdf")).prefix(4) == Data("%PDF".utf8))
        #expect(try String(contentsOf: s.file("tensor.svg"), encoding: .utf8).contains("<svg"))
    }

    @Test("plot_curves of a run, several runs, a record with steps and a plain list")
    func curves() throws {
        let s = PlotSession()
        try s.run("""
            plot_curves(run, path: "run.png")
            plot_curves({avg: run, stride: run2}, keys: "g_loss", log_y: true, path: "runs.png")
            plot_curves([run, run2], keys: ["g_loss", "d_loss"], path: "list.svg")
            plot_curves({steps: run.steps, psnr: [20, 24, 25.5]}, y_label: "PSNR (dB)", path: "psnr.png")
            plot_curves([3, 2, 1.5, 1.2, 1.1], path: "plain.pdf")
            """)
        for name in ["run.png", "runs.png", "psnr.png"] { try s.expectPicture(name) }
        #expect(FileManager.default.fileExists(atPath: s.file("list.svg").path))
        #expect(FileManager.default.fileExists(atPath: s.file("plain.pdf").path))
    }

    @Test("without a path, figures are numbered in the output folder, reported and announced")
    func numberedFigures() throws {
        let s = PlotSession()
        let value = try s.run("plot_spectrum(run)\nplot_curves(run)")
        #expect({ if case .nil? = value { true } else { false } }())
        #expect(s.written == [s.file("figure_1.png"), s.file("figure_2.png")].map(\.standardizedFileURL))
        #expect(s.output == ["figure written to \(s.file("figure_1.png").path)", "figure written to \(s.file("figure_2.png").path)"])
        try s.expectPicture("figure_2.png")

        // An unfenced session (the REPL, writing into the user's folder) keeps files that are already there.
        let repl = PlotSession(fenced: false)
        try Data("keep".utf8).write(to: repl.file("figure_1.png"))
        try repl.run("plot_spectrum_error(run)")
        #expect(try Data(contentsOf: repl.file("figure_1.png")) == Data("keep".utf8))
        try repl.expectPicture("figure_2.png")
    }

    @Test("bad inputs are errors that name the argument")
    func errors() throws {
        let s = PlotSession()
        let cases: [(String, String)] = [
            ("plot_spectrum(\"x\")", "'real': expected images, a data set"),
            ("plot_spectrum(randn([3, 3, 3, 3, 3]))", "neither a spectrum"),
            ("plot_spectrum(run, 3)", "'preds'"),
            ("plot_spectrum(run, {})", "record of predictions is empty"),
            ("plot_spectrum(nil)", "nothing to plot"),
            ("plot_spectrum({mean: [1, 2, 3], std: [1, 2]})", "'std' must have the shape"),
            ("plot_spectrum(zeros([5]))", "no positive finite value"),
            ("plot_spectrum(run, path: \"x.jpg\")", "use a .png, .svg or .pdf extension"),
            ("plot_spectrum(run, steps: [0, 5])", "not evaluated at step 5; its evaluations are at steps 0, 10, 20"),
            ("plot_spectrum(randn([2, 3, 8, 8]), randn([2, 3, 8, 8]), steps: 0)", "no run is given"),
            ("plot_spectrum(run, steps: [0.5])", "steps are whole numbers"),
            ("plot_spectrum(run, path: \"/elsewhere/x.png\")", "may not write"),
            ("plot_spectrum_error(randn([2, 3, 4]))", "'error': expected a run or errors"),
            ("plot_spectrum_error(randn([3, 10]), steps: [0, 1])", "'steps' has 2 entries for 3 rows"),
            ("plot_spectrum_error(run, steps: [7])", "not evaluated at step 7"),
            ("plot_curves(\"loss\")", "'series': expected a run"),
            ("plot_curves({a: \"x\"})", "the curve 'a' must be a list of numbers"),
            ("plot_curves({step: [1, 2], a: [1, 2, 3]})", "has 3 values but 'step' has 2"),
            ("plot_curves(run, keys: \"gloss\")", "no curve named 'gloss'; the curves are d_loss, g_loss"),
            ("plot_curves(run, keys: [1])", "'keys': must hold names"),
            ("plot_spectrum_error(randn([3, 10]), labels: [\"a\"])", "'labels' has 1 names for 3 rows"),
            ("plot_spectrum_error(randn([3, 10]), labels: 3)", "'labels': must be a name or a non-empty list of names"),
            ("plot_spectrum_error(run, labels: [\"a\"])", "names the rows of a tensor"),
            ("plot_curves([-1, -2], log_y: true)", "no finite positive point"),
        ]
        for (source, message) in cases {
            guard let e = s.failure(source) else { continue }
            #expect(e.message.contains(message), "\(source): \(e.message)")
            #expect(e.span != nil, "\(source) has no location")
        }
        #expect(s.written.isEmpty)
    }
}
