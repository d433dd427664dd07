import SpecMedia
import SpecTensor

/// Figures: spectra against the ground truth, the spectrum error over training, loss and metric curves.
/// Each writes PNG, SVG or PDF by its path's extension, or, without a path, a numbered PNG that is shown.
enum PlotBuiltins {
    static let path = Builtin.Parameter("path", .string, default: .nil, keywordOnly: true,
                                        "file to write (.png, .svg or .pdf; relative to the output folder); nil writes figure_N.png and shows it")
    static let title = Builtin.Parameter("title", .string, default: .nil, keywordOnly: true, "title above the plot")
    static let returns = "Returns the path written; without `path`, the figure goes to the next `figure_N.png` of the output folder, is shown inline when the terminal can show images, its path is printed, and nothing is returned. Notebook reports embed every figure a cell writes."

    static func register(_ r: BuiltinRegistry) {
        r.add(Builtin("plot_spectrum", topic: .media, [
            .init("real", .any, "the ground truth, dashed: images (N, C, H, W), a data set, spectrum_stats of them, a spectrum (L), spectra (N, L), or a run (its data); nil for none"),
            .init("preds", .any, default: .nil, "the spectra to compare: a run (its last evaluation), images, a data set, statistics or spectra; a record of them (one curve each, labelled by key) or a list; nil shows the run given as `real`"),
            .init("steps", .any, default: .nil, keywordOnly: true, "evaluation steps of every run to show, e.g. [0, 1000] (at initialisation and at the end); nil shows the last"),
            .init("std", .bool, default: .bool(true), keywordOnly: true, "shade mean ± std around each curve that has a std"),
            .init("normalize", .bool, default: .bool(false), keywordOnly: true, "orthonormal FFT for spectra computed here from images"),
            path, title,
        ], summary: "Plot reduced spectra on a log axis against f/f_nyq: the ground truth dashed, each prediction a labelled curve with its ± std band.",
           help: "As the paper's figures: bin i of L spectrum bins sits at f/f_nyq = i / (L − 1), so 1 is the diagonal frequency; DC is left out. `plot_spectrum(run)` compares a run's last evaluation with its data; `plot_spectrum(run, steps: [0, 1000])` shows two evaluations; `plot_spectrum(data, {avg: run_a, stride: run_b})` one curve per run. " + returns,
           example: "plot_spectrum(toyset(res: 32, count: 4), {noise: rand([4, 3, 32, 32], low: -1, high: 1)}, path: \"spectrum.png\")") { args in
            let inputs = SpectrumInputs(normalize: try args.bool("normalize"), steps: try PlotInput(args, "steps").steps())
            let realInput = PlotInput(args, "real"), predsInput = PlotInput(args, "preds")
            let truth = args.isNil("real") ? nil : try inputs.truth(realInput)
            var predictions = try inputs.predictions(predsInput)
            if args.isNil("preds"), RunView(realInput.value, input: realInput) != nil {
                predictions = try inputs.labelled(realInput.value, label: nil, realInput)
            } else if inputs.steps != nil, !containsRun(realInput), !containsRun(predsInput) {
                throw args.error("steps", "'steps' selects evaluations of a run, and no run is given")
            }
            if !(try args.bool("std")) {
                predictions = predictions.map { var s = $0; s.std = nil; return s }
            }
            let figure: SpectrumPlot
            if var truth {
                if !(try args.bool("std")) { truth.std = nil }
                figure = try realInput.media { try SpectrumPlot(groundTruth: truth, predictions: predictions, title: try args.optionalString("title")) }
            } else {
                guard !predictions.isEmpty else { throw args.error("real", "nothing to plot: give the ground truth, predictions, or both") }
                figure = try predsInput.media { try SpectrumPlot(series: predictions, title: try args.optionalString("title")) }
            }
            return try FigureOutput.write(figure, args)
        })
        r.add(Builtin("plot_spectrum_error", topic: .media, [
            .init("error", .any, "a run (its error at every evaluation), or errors (E, bins) or (bins) as spectrum_error gives, DC excluded"),
            .init("steps", .any, default: .nil, keywordOnly: true, "for a run: the evaluation steps to show (all when nil); for a tensor: the training iteration of each row (0, 1, … when nil)"),
            .init("labels", .any, default: .nil, keywordOnly: true, "for a tensor: a name for each row instead of an iteration (e.g. keys(runs) for stacked final errors)"),
            path, title,
        ], summary: "Plot the spectrum error over training as a heatmap: f/f_nyq across, training iterations upwards, blue (too little) – white – red (too much) on [−1, 1].",
           help: "Values are mean_gen / mean_real − 1 per frequency bin, clamped to [−1, 1]; NaN cells are gray. " + returns,
           example: "let e = spectrum_error(randn([4, 3, 16, 16]), randn([4, 3, 16, 16]) * 0.5); plot_spectrum_error(stack([e, e * 0.5, e * 0.1]), steps: [0, 500, 1000], path: \"error.png\")") { args in
            let input = PlotInput(args, "error"), steps = try PlotInput(args, "steps").steps()
            let labels = try PlotInput(args, "labels").names()
            let matrix: ErrorMatrix
            if let run = RunView(input.value, input: input) {
                if labels != nil { throw args.error("labels", "'labels' names the rows of a tensor; a run's rows are its evaluation steps") }
                matrix = try run.errorMatrix(at: steps)
            } else {
                guard case .tensor(let t) = input.value, t.rank == 1 || t.rank == 2 else {
                    throw input.fail("expected a run or errors shaped (E, bins) or (bins), got \(Printer.describeType(input.value))")
                }
                let values = t.rank == 1 ? try t.reshaped([1, t.count]) : t
                let rows = values.shape[0]
                if let steps, steps.count != rows {
                    throw args.error("steps", "'steps' has \(steps.count) entries for \(rows) rows of errors")
                }
                if let labels, labels.count != rows {
                    throw args.error("labels", "'labels' has \(labels.count) names for \(rows) rows of errors")
                }
                matrix = try input.media { try ErrorMatrix(steps: steps ?? Array(0..<rows), values: values.detached(), rowLabels: labels) }
            }
            return try FigureOutput.write(SpectrumErrorPlot(matrix, title: try args.optionalString("title")), args)
        })
        r.add(Builtin("plot_curves", topic: .media, [
            .init("series", .any, "a run (its losses), a record of curves (lists or 1-D tensors) with an optional 'step' entry as x, a record or list of runs (one curve per run and loss), or one list of numbers"),
            .init("keys", .any, default: .nil, keywordOnly: true, "name or list of names of the curves to show (e.g. \"g_loss\"); nil shows all"),
            .init("x_label", .string, default: .string("Iteration"), keywordOnly: true, "label of the x axis"),
            .init("y_label", .string, default: .nil, keywordOnly: true, "label of the y axis ('loss' for runs when nil)"),
            .init("log_y", .bool, default: .bool(false), keywordOnly: true, "logarithmic y axis"),
            path, title,
        ], summary: "Plot loss or metric curves of one or several runs against the training iteration, with a legend.",
           help: "With several runs and one key, each curve is labelled by its run's key; otherwise by run and curve name. NaN and infinite values break a line. " + returns,
           example: "plot_curves({step: [0, 1, 2, 3], g_loss: [1, 0.6, 0.4, 0.3], d_loss: [0.7, 0.65, 0.6, 0.62]}, path: \"losses.png\")") { args in
            let input = PlotInput(args, "series")
            let series = try CurveInputs(keys: try PlotInput(args, "keys").names()).curves(input)
            let yLabel = try args.optionalString("y_label") ?? (containsRun(input) ? "loss" : "")
            let figure = try input.media {
                try CurvePlot(series: series, xLabel: try args.string("x_label"), yLabel: yLabel, logY: try args.bool("log_y"),
                              title: try args.optionalString("title"))
            }
            return try FigureOutput.write(figure, args)
        })
    }

    /// Whether the argument is a run, or a record or list holding one.
    private static func containsRun(_ input: PlotInput) -> Bool {
        let items: [Value]
        switch input.value {
        case .record(let r): items = r.entries.map(\.1)
        case .list(let l): items = l.items
        default: items = [input.value]
        }
        return items.contains { RunView($0, input: input) != nil }
    }
}
