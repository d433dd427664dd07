import SpecMedia
import SpecTensor

/// What `show` draws besides a value's summary: images and data sets as pictures (inline at a terminal that can,
/// else a numbered PNG); at an interactive terminal, spectra, curves and runs as braille plots sized to it.
enum Display {
    /// Most images a data set shows (a grid of 8 × 8).
    static let maxImages = 64

    static func show(_ args: Arguments) throws {
        let interpreter = args.interpreter, input = PlotInput(args, "value")
        interpreter.output(Printer.summary(input.value, interpreter.printOptions))
        if let images = try images(input.value) {
            let figure = try input.media { try ImageFigure(images) }
            try FigureOutput.show(png: try figure.render(.png), args)
            return
        }
        guard let terminal = interpreter.terminal, let chart = chart(input) else { return }
        let size = terminal.plotSize
        if let text = try? chart.render(columns: size.columns, rows: size.rows, colors: terminal.colors) {
            interpreter.output(text)
        }
    }

    /// A tensor shaped like an image (C, H, W) or a batch (N, C, H, W) with 1, 3 or 4 channels of at least 8 × 8
    /// pixels, or a data set's first images; nil for anything else.
    static func images(_ v: Value) throws -> Tensor? {
        switch v {
        case .object(let d as Dataset):
            guard d.images.rank == 4, d.count > 0 else { return nil }
            return d.count > maxImages ? try d.images.slice(axis: 0, start: 0, end: maxImages) : d.images
        case .tensor(let t):
            let channelAxis = t.rank - 3
            guard t.rank == 3 || t.rank == 4, t.count > 0, [1, 3, 4].contains(t.shape[channelAxis]),
                  t.shape[channelAxis + 1] >= 8, t.shape[channelAxis + 2] >= 8 else { return nil }
            return t.detached()
        default: return nil
        }
    }

    /// The braille plot of a run (its data against its first and last evaluation), spectrum statistics, or
    /// curves; nil for other values and for values with nothing drawable.
    static func chart(_ input: PlotInput) -> BrailleChart? {
        let v = input.value
        if let run = RunView(v, input: input) {
            let spectra = SpectrumInputs(normalize: false, steps: nil)
            guard let rows = try? run.rows(at: nil), let first = rows.first, let last = rows.last,
                  let truth = try? spectra.truth(input) else { return nil }
            let shown = first.step == last.step ? [last] : [first, last]
            guard let evaluations = try? shown.map({ try run.spectrum(row: $0.row, label: "iteration \($0.step)") }) else { return nil }
            return try? BrailleChart.spectra([truth] + evaluations)
        }
        if case .record(let r) = v, SpectrumInputs.isStatistics(r) {
            guard let s = try? SpectrumInputs(normalize: false, steps: nil).spectrum(v, label: "", input) else { return nil }
            return try? BrailleChart.spectra([s])
        }
        guard let curves = try? CurveInputs(keys: nil).curves(input), curves.allSatisfy({ $0.y.count >= 4 }) else { return nil }
        return try? BrailleChart(series: curves, xLabel: curves.contains { $0.x != nil } ? "iteration" : "")
    }
}
