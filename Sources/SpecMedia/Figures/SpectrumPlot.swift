import Foundation

/// The reference's spectrum figure: spectral density on a log axis against f/f_nyq, mean ± std bands, ground
/// truth dashed, one labelled curve per prediction, a legend.
///
/// A spectrum of L bins puts bin i at f/f_nyq = i / (L − 1), so 1 is the diagonal (corner) frequency; spectra of
/// different lengths share the axis. Bin 0 (DC) is left out unless `includeDC`, as in the reference's plots.
public struct SpectrumPlot: Figure {
    public let series: [SpectrumSeries]
    public var title: String?
    /// The y axis's label (`_x`, `^x` for sub- and superscripts).
    public var yLabel = "Spectral density"
    public let includeDC: Bool
    public var size: FigureSize

    /// Validates the series: at least one, each with two or more bins, a std of the same length when given,
    /// and something positive to show on the log axis.
    public init(series: [SpectrumSeries], title: String? = nil, includeDC: Bool = false, size: FigureSize = .standard) throws {
        guard !series.isEmpty else { throw MediaError.invalidArgument("plot_spectrum needs at least one spectrum") }
        for s in series {
            guard s.mean.count >= 2 else {
                throw MediaError.invalidArgument("spectrum '\(s.label)' has \(s.mean.count) bins; a spectrum has at least 2")
            }
            if let std = s.std, std.count != s.mean.count {
                throw MediaError.invalidArgument("spectrum '\(s.label)': std has \(std.count) bins, mean has \(s.mean.count)")
            }
        }
        self.series = series
        self.title = title
        self.includeDC = includeDC
        self.size = size
        guard yScale() != nil else {
            throw MediaError.invalidArgument("plot_spectrum: no positive finite value to show on a log axis")
        }
    }

    /// The reference's layout: the ground truth dashed in C0, then each prediction in C1, C2, ...
    public init(groundTruth: SpectrumSeries, predictions: [SpectrumSeries], title: String? = nil,
                includeDC: Bool = false, size: FigureSize = .standard) throws {
        var truth = groundTruth
        truth.dashed = true
        truth.color = truth.color ?? Color.cycle(0)
        let rest = predictions.enumerated().map { i, p in
            var p = p
            p.color = p.color ?? Color.cycle(i + 1)
            return p
        }
        try self.init(series: [truth] + rest, title: title, includeDC: includeDC, size: size)
    }

    private var firstBin: Int { includeDC ? 0 : 1 }

    /// Fits every shown mean and band edge (band edges only where positive), padded 5 % of the decades.
    private func yScale() -> Scale? {
        var values: [Double] = []
        for s in series {
            for i in firstBin..<s.mean.count {
                values.append(s.mean[i])
                if let sd = s.std?[i] { values += [s.mean[i] + sd, s.mean[i] - sd] }
            }
        }
        return Scale(fitting: values, kind: .log, margin: 0.05)
    }

    private func style(_ index: Int) -> SeriesStyle {
        let s = series[index]
        return SeriesStyle(color: s.color ?? Color.cycle(index), dashed: s.dashed, band: s.std != nil)
    }

    public func draw(on canvas: Canvas) throws {
        guard let yScale = yScale() else { throw MediaError.invalidArgument("plot_spectrum: nothing positive to plot") }
        let xScale = Scale(.linear, lower: 0, upper: 1)
        var axes = Axes(
            x: Axis(scale: xScale, ticks: TickLocator.linear(xScale, maxIntervals: TickLocator.maxIntervals(length: size.width - 100, vertical: false)), label: RichText("f/f_{nyq}")),
            y: Axis(scale: yScale, ticks: TickLocator.log(yScale, maxLabels: 7), label: RichText(yLabel)),
            title: title.map(RichText.plain))
        axes.layout(in: Rect(x: 0, y: 0, width: size.width, height: size.height), canvas: canvas)

        var drawn: [[Point]] = []
        canvas.clipped(to: axes.frame) {
            for (k, s) in series.enumerated() {
                guard let std = s.std else { continue }
                let last = Double(s.mean.count - 1)
                for run in drawableRuns(count: s.mean.count, isDrawable: { $0 >= firstBin && s.mean[$0].isFinite && std[$0].isFinite }) {
                    let upper = run.map { axes.point(Double($0) / last, s.mean[$0] + std[$0]) }
                    // A band edge at or below zero has no place on a log axis: clip it below the frame (as
                    // matplotlib's log scale does), so the band runs down to the bottom edge.
                    let floor = yScale.lower / 10
                    let lower = run.reversed().map { axes.point(Double($0) / last, Swift.max(s.mean[$0] - std[$0], floor)) }
                    canvas.fill(polygon: upper + lower, color: style(k).color, alpha: Style.bandAlpha)
                    drawn += [upper, lower]
                }
            }
            for (k, s) in series.enumerated() {
                let last = Double(s.mean.count - 1)
                for run in drawableRuns(count: s.mean.count, isDrawable: { $0 >= firstBin && s.mean[$0].isFinite && s.mean[$0] > 0 }) {
                    let line = run.map { axes.point(Double($0) / last, s.mean[$0]) }
                    style(k).stroke(line, on: canvas)
                    drawn.append(line)
                }
            }
        }
        axes.drawDecorations(on: canvas)
        let entries = series.indices.filter { !series[$0].label.isEmpty }.map { Legend.Entry(label: .plain(series[$0].label), style: style($0)) }
        Legend(entries: entries).draw(on: canvas, in: axes.frame, avoiding: drawn)
    }
}
