import SpecMedia
import SpecSpectrum
import SpecTensor

/// Reads `plot_spectrum`'s arguments into labelled spectra: images, data sets, statistics records, spectra
/// tensors and runs, alone, in a list or in a record.
struct SpectrumInputs {
    let normalize: Bool
    /// Evaluation steps to show of every run; nil shows each run's last evaluation.
    let steps: [Int]?

    /// The ground truth: a run's data statistics, or one spectrum value.
    func truth(_ input: PlotInput) throws -> SpectrumSeries {
        if let run = RunView(input.value, input: input) {
            return try spectrum(try run.real(), label: "real", input)
        }
        return try spectrum(input.value, label: "real", input)
    }

    /// The predictions: nil (none), one value, a list, or a record (labelled by its keys).
    func predictions(_ input: PlotInput) throws -> [SpectrumSeries] {
        switch input.value {
        case .nil: return []
        case .record(let r) where !Self.isStatistics(r):
            guard r.count > 0 else { throw input.fail("the record of predictions is empty") }
            return try r.entries.flatMap { key, v in try labelled(v, label: key, input) }
        case .list(let l) where PlotInput.numbers(input.value) == nil:
            guard !l.items.isEmpty else { throw input.fail("the list of predictions is empty") }
            return try l.items.enumerated().flatMap { i, v in
                try labelled(v, label: RunView(v, input: input) == nil ? "prediction \(i + 1)" : "run \(i + 1)", input)
            }
        default:
            return try labelled(input.value, label: nil, input)
        }
    }

    /// A run's spectra at the chosen steps (its last evaluation by default), or one spectrum value.
    /// Runs are labelled "iteration N", prefixed by `label` when given; other values take `label` or "generated".
    func labelled(_ v: Value, label: String?, _ input: PlotInput) throws -> [SpectrumSeries] {
        guard let run = RunView(v, input: input) else { return [try spectrum(v, label: label ?? "generated", input)] }
        let rows = try run.rows(at: steps)
        return try (steps == nil ? Array(rows.suffix(1)) : rows).map { row, step in
            let name = "iteration \(step)"
            return try run.spectrum(row: row, label: label.map { steps == nil ? $0 : "\($0), \(name)" } ?? name)
        }
    }

    /// One spectrum: a statistics record {mean, std}, a spectrum (L), spectra (N, L) as their mean ± std, or
    /// images (N, H, W), (N, C, H, W) or a data set.
    func spectrum(_ v: Value, label: String, _ input: PlotInput) throws -> SpectrumSeries {
        switch v {
        case .record(let r) where Self.isStatistics(r):
            guard let mean = r["mean"].flatMap(PlotInput.numbers) else { throw input.fail("a statistics record's 'mean' must be a 1-D tensor") }
            var std: [Double]?
            if let s = r["std"], !Self.isNil(s) {
                guard let numbers = PlotInput.numbers(s), numbers.count == mean.count else {
                    throw input.fail("a statistics record's 'std' must have the shape of its 'mean'")
                }
                std = numbers
            }
            return SpectrumSeries(label: label, mean: mean, std: std)
        case .object(let o as Dataset):
            return try statistics(images: o.images, label: label, input)
        default:
            if let numbers = PlotInput.numbers(v) { return SpectrumSeries(label: label, mean: numbers) }
            guard case .tensor(let t) = v else {
                throw input.fail("expected images, a data set, spectrum statistics, a spectrum or a run, got \(Printer.describeType(v))")
            }
            switch t.rank {
            case 2:
                let s = try input.media { try SpectrumStatistics(spectra: t.detached()) }
                return SpectrumSeries(label: label, mean: s.mean.scalars.map(Double.init), std: s.std.scalars.map(Double.init))
            case 3, 4: return try statistics(images: t, label: label, input)
            default: throw input.fail("a tensor of shape \(t.shape.shapeDescription) is neither a spectrum (L), spectra (N, L) nor images (N, C, H, W)")
            }
        }
    }

    private func statistics(images: Tensor, label: String, _ input: PlotInput) throws -> SpectrumSeries {
        let s = try input.media { try SpectrumStatistics(images: images, normalized: normalize) }
        return SpectrumSeries(label: label, mean: s.mean.scalars.map(Double.init), std: s.std.scalars.map(Double.init))
    }

    private static func isNil(_ v: Value) -> Bool { if case .nil = v { true } else { false } }

    /// A record with a `mean` entry is spectrum statistics, not a record of labelled predictions.
    static func isStatistics(_ r: RecordRef) -> Bool { r["mean"] != nil }
}
