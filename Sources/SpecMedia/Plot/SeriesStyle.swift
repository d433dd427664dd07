/// How one data series is drawn: its line and, optionally, a shaded band around it.
struct SeriesStyle {
    var color: Color
    var dashed: Bool
    var band: Bool = false

    func stroke(_ points: [Point], on canvas: Canvas) {
        canvas.stroke(points, color: color, width: Style.lineWidth, dash: dashed ? Style.dash : nil)
    }
}
