/// Sizes shared by every figure, in points, close to matplotlib's defaults.
enum Style {
    static let tickFont = 10.0
    static let labelFont = 11.0
    static let titleFont = 12.0
    static let legendFont = 9.5
    static let lineWidth = 1.5
    static let spineWidth = 0.8
    static let majorTick = 3.5
    static let minorTick = 2.0
    static let minorTickWidth = 0.6
    /// Gap between a tick and its label, and between tick labels and the axis label.
    static let tickPad = 3.5
    static let labelPad = 4.0
    /// Blank border around the whole figure.
    static let outerPad = 8.0
    /// matplotlib's dashed pattern for a 1.5-point line.
    static let dash = [5.55, 2.4]
    /// Opacity of a ± std band.
    static let bandAlpha = 0.3
}
