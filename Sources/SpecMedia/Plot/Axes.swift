/// One axis of a plot: its scale, tick marks and label.
struct Axis {
    var scale: Scale
    var ticks: [Tick]
    var label: RichText
}

/// A rectangular plot area with its frame, ticks, tick labels, axis labels and title. Figures lay it out
/// inside their bounds, draw their data through `point(_:_:)`, then let it draw the decorations.
struct Axes {
    var x: Axis
    var y: Axis
    var title: RichText?
    /// The plot area, set by `layout`.
    private(set) var frame = Rect(x: 0, y: 0, width: 1, height: 1)

    init(x: Axis, y: Axis, title: RichText? = nil) {
        self.x = x
        self.y = y
        self.title = title
    }

    /// Places the plot area inside `bounds`, leaving room for labels and `reservedRight` points on the right
    /// (a colour bar). Margins follow from the measured text, so labels never leave the figure.
    mutating func layout(in bounds: Rect, canvas: Canvas, reservedRight: Double = 0) {
        let yLabels = y.ticks.compactMap { $0.label.map { canvas.measure($0, size: Style.tickFont) } }
        let xLabels = x.ticks.compactMap { $0.label.map { canvas.measure($0, size: Style.tickFont) } }
        let yTickWidth = yLabels.map(\.width).max() ?? 0
        let xTickHeight = xLabels.map(\.height).max() ?? 0
        let axisLabelHeight = { (label: RichText) in label.isEmpty ? 0 : canvas.measure(label, size: Style.labelFont).height + Style.labelPad }
        let titleHeight = title.map { canvas.measure($0, size: Style.titleFont).height + 2 * Style.labelPad } ?? 0
        let halfTopTick = (yLabels.map(\.height).max() ?? 0) / 2

        let left = bounds.x + Style.outerPad + axisLabelHeight(y.label) + yTickWidth + Style.tickPad + Style.majorTick
        let top = bounds.y + Style.outerPad + max(titleHeight, halfTopTick)
        // The last x tick label may hang over the right edge by half its width.
        let overhang = x.ticks.last(where: { $0.label != nil && x.scale.fraction($0.value) > 0.9 })
            .flatMap { $0.label.map { canvas.measure($0, size: Style.tickFont).width / 2 } } ?? 0
        let right = bounds.maxX - Style.outerPad - max(reservedRight, overhang)
        let bottom = bounds.maxY - Style.outerPad - axisLabelHeight(x.label) - xTickHeight - Style.tickPad - Style.majorTick
        frame = Rect(x: left, y: top, width: max(right - left, 1), height: max(bottom - top, 1))
    }

    /// The figure position of a data point.
    func point(_ xValue: Double, _ yValue: Double) -> Point {
        Point(x: frame.x + x.scale.fraction(xValue) * frame.width, y: frame.maxY - y.scale.fraction(yValue) * frame.height)
    }

    /// Frame, ticks and all text.
    func drawDecorations(on canvas: Canvas) {
        canvas.stroke(frame, color: .black, width: Style.spineWidth)
        for tick in x.ticks where x.scale.contains(tick.value) {
            let px = frame.x + x.scale.fraction(tick.value) * frame.width
            let length = tick.major ? Style.majorTick : Style.minorTick
            canvas.stroke([Point(x: px, y: frame.maxY), Point(x: px, y: frame.maxY + length)], color: .black,
                          width: tick.major ? Style.spineWidth : Style.minorTickWidth)
            if let label = tick.label {
                canvas.draw(label, at: Point(x: px, y: frame.maxY + Style.majorTick + Style.tickPad), size: Style.tickFont, h: .center, v: .top)
            }
        }
        var yTickWidth = 0.0
        for tick in y.ticks where y.scale.contains(tick.value) {
            let py = frame.maxY - y.scale.fraction(tick.value) * frame.height
            let length = tick.major ? Style.majorTick : Style.minorTick
            canvas.stroke([Point(x: frame.x, y: py), Point(x: frame.x - length, y: py)], color: .black,
                          width: tick.major ? Style.spineWidth : Style.minorTickWidth)
            if let label = tick.label {
                canvas.draw(label, at: Point(x: frame.x - Style.majorTick - Style.tickPad, y: py), size: Style.tickFont, h: .right, v: .center)
                yTickWidth = max(yTickWidth, canvas.measure(label, size: Style.tickFont).width)
            }
        }
        if !x.label.isEmpty {
            let xTickHeight = x.ticks.compactMap { $0.label.map { canvas.measure($0, size: Style.tickFont).height } }.max() ?? 0
            let top = frame.maxY + Style.majorTick + Style.tickPad + xTickHeight + Style.labelPad
            canvas.draw(x.label, at: Point(x: frame.midX, y: top), size: Style.labelFont, h: .center, v: .top)
        }
        if !y.label.isEmpty {
            let edge = frame.x - Style.majorTick - Style.tickPad - yTickWidth - Style.labelPad
            canvas.draw(y.label, at: Point(x: edge, y: frame.midY), size: Style.labelFont, h: .center, v: .bottom, rotation: -Double.pi / 2)
        }
        if let title {
            canvas.draw(title, at: Point(x: frame.midX, y: frame.y - Style.labelPad * 1.5), size: Style.titleFont, h: .center, v: .bottom)
        }
    }
}
