import Foundation
import SpecMedia
import SpecTensor

/// The figures of a sweep: gen / real per frequency for every variant, mean over seeds with a band of ± one
/// standard deviation (against the data's 1), and each variant's spectrum error over training, averaged over seeds.
public enum SweepFigures {
    public static func bands(_ results: SweepResults, title: String? = nil) throws -> SpectrumPlot {
        let series = results.variants.compactMap { v -> SpectrumSeries? in
            guard let bins = v.runs.map(\.logRatio.count).min(), bins >= 1 else { return nil }
            // Bin 0 (DC) is not shown; it is there so that bin i sits at f/f_nyq = i / (L − 1), as in run spectra.
            let ratios = (0..<bins).map { i in v.runs.map { pow(10, $0.logRatio[i]) } }
            let spreads = ratios.map(SweepResults.Spread.init)
            return SpectrumSeries(label: "\(v.name) (\(v.runs.count) seed\(v.runs.count == 1 ? "" : "s"))",
                                  mean: [1] + spreads.map(\.mean), std: [0] + spreads.map(\.std))
        }
        guard let bins = series.first?.mean.count else { throw SweepError("the sweep has no finished run to plot") }
        let data = SpectrumSeries(label: "data (gen / real = 1)", mean: Array(repeating: 1, count: bins))
        var plot = try SpectrumPlot(groundTruth: data, predictions: series, title: title ?? "gen / real at the end, mean ± std over seeds")
        plot.yLabel = "generated / real power"
        return plot
    }

    public static func heatmap(_ variant: SweepResults.Variant) throws -> SpectrumErrorPlot {
        guard let mean = variant.meanError, !mean.values.isEmpty else { throw SweepError("\(variant.name) has no evaluation") }
        let values = try Tensor(shape: [mean.values.count, mean.values[0].count], scalars: mean.values.flatMap { $0 })
        return SpectrumErrorPlot(try ErrorMatrix(steps: mean.steps, values: values),
                                 title: "\(variant.name): spectrum error, mean over \(variant.runs.count) seed\(variant.runs.count == 1 ? "" : "s")")
    }
}
