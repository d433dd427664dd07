/// What the line figure and the braille chart both need of a set of curves: x values, which points can be
/// drawn, and the scales that fit them.
extension CurveSeries {
    /// The given x values, or the indices.
    var xValues: [Double] { x ?? y.indices.map(Double.init) }

    /// Whether point i has finite coordinates (and, on a log axis, a positive y).
    func isDrawable(_ i: Int, logY: Bool) -> Bool {
        xValues[i].isFinite && y[i].isFinite && (!logY || y[i] > 0)
    }
}

extension Array where Element == CurveSeries {
    /// x spans the drawable points exactly; y is padded by `yMargin` (of the decades on a log axis). Nil when
    /// no point can be drawn.
    func fittedScales(logY: Bool, yMargin: Double) -> (x: Scale, y: Scale)? {
        var xs: [Double] = [], ys: [Double] = []
        for s in self {
            let sx = s.xValues
            for i in s.y.indices where s.isDrawable(i, logY: logY) { xs.append(sx[i]); ys.append(s.y[i]) }
        }
        guard let x = Scale(fitting: xs, kind: .linear, margin: 0),
              let y = Scale(fitting: ys, kind: logY ? .log : .linear, margin: yMargin) else { return nil }
        return (x, y)
    }
}
