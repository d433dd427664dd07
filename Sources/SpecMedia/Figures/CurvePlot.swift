import Foundation

/// One curve of a loss or metric plot: y values, optionally at given x positions (default 0, 1, 2, ...).
public struct CurveSeries: Sendable {
    public var label: String
    public var x: [Double]?
    public var y: [Double]
    public var dashed: Bool
    /// Nil takes the next colour of matplotlib's cycle.
    public var color: Color?

    public init(label: String, y: [Double], x: [Double]? = nil, dashed: Bool = false, color: Color? = nil) {
        self.label = label
        self.x = x
        self.y = y
        self.dashed = dashed
        self.color = color
    }
}

/// Loss and metric curves of one or several runs: lines against iteration, linear or log y, a legend when
/// curves are labelled. NaN and infinite values (and non-positive ones on a log axis) break the line.
public struct CurvePlot: Figure {
    public let series: [CurveSeries]
    /// Axis labels accept `_x`, `^x`, `_{..}`, `^{..}` for sub- and superscripts.
    public var xLabel: String
    public var yLabel: String
    public let logY: Bool
    public var title: String?
    public var size: FigureSize

    public init(series: [CurveSeries], xLabel: String = "Iteration", yLabel: String = "", logY: Bool = false,
                title: String? = nil, size: FigureSize = .standard) throws {
        guard !series.isEmpty else { throw MediaError.invalidArgument("plot_curves needs at least one series") }
        for s in series {
            if let x = s.x, x.count != s.y.count {
                throw MediaError.invalidArgument("curve '\(s.label)' has \(x.count) x values and \(s.y.count) y values")
            }
        }
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.title = title
        self.size = size
        guard scales() != nil else {
            throw MediaError.invalidArgument("plot_curves: no finite\(logY ? " positive" : "") point to plot")
        }
    }

    /// x spans the data exactly; y is padded 5 % (of the decades on a log axis).
    private func scales() -> (x: Scale, y: Scale)? { series.fittedScales(logY: logY, yMargin: 0.05) }

    public func draw(on canvas: Canvas) throws {
        guard let (xScale, yScale) = scales() else { throw MediaError.invalidArgument("plot_curves: nothing to plot") }
        let yTicks = logY ? TickLocator.log(yScale, maxLabels: 7) : TickLocator.linear(yScale, maxIntervals: TickLocator.maxIntervals(length: size.height - 80, vertical: true))
        var axes = Axes(
            x: Axis(scale: xScale, ticks: TickLocator.linear(xScale, maxIntervals: TickLocator.maxIntervals(length: size.width - 100, vertical: false)), label: RichText(xLabel)),
            y: Axis(scale: yScale, ticks: yTicks, label: RichText(yLabel)),
            title: title.map(RichText.plain))
        axes.layout(in: Rect(x: 0, y: 0, width: size.width, height: size.height), canvas: canvas)

        let styles = series.indices.map { SeriesStyle(color: series[$0].color ?? Color.cycle($0), dashed: series[$0].dashed) }
        var drawn: [[Point]] = []
        canvas.clipped(to: axes.frame) {
            for (k, s) in series.enumerated() {
                let x = s.xValues
                for run in drawableRuns(count: s.y.count, isDrawable: { s.isDrawable($0, logY: logY) }) {
                    let line = run.map { axes.point(x[$0], s.y[$0]) }
                    // A lone point still shows, as a dot.
                    if line.count == 1 {
                        canvas.fill(Rect(x: line[0].x - 1.5, y: line[0].y - 1.5, width: 3, height: 3), color: styles[k].color)
                    }
                    styles[k].stroke(line, on: canvas)
                    drawn.append(line)
                }
            }
        }
        axes.drawDecorations(on: canvas)
        let entries = series.indices.filter { !series[$0].label.isEmpty }.map { Legend.Entry(label: .plain(series[$0].label), style: styles[$0]) }
        Legend(entries: entries).draw(on: canvas, in: axes.frame, avoiding: drawn)
    }
}
