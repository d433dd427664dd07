import Foundation

/// A line plot in text: each character cell holds a 2 × 4 grid of braille dots, so a plot of C columns and
/// R rows has 2C × 4R dots. Tick values and axis labels are plain text around it; with `colors`, each cell is
/// tinted (ANSI) after the series with the most dots in it, and the legend shows the same colours.
public struct BrailleChart: Sendable {
    public let series: [CurveSeries]
    public var xLabel: String
    public var yLabel: String
    public let logY: Bool

    public init(series: [CurveSeries], xLabel: String = "", yLabel: String = "", logY: Bool = false) throws {
        guard !series.isEmpty else { throw MediaError.invalidArgument("a terminal plot needs at least one series") }
        for s in series {
            if let x = s.x, x.count != s.y.count {
                throw MediaError.invalidArgument("series '\(s.label)' has \(x.count) x values and \(s.y.count) y values")
            }
        }
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        guard scales() != nil else {
            throw MediaError.invalidArgument("a terminal plot needs a finite\(logY ? " positive" : "") point")
        }
    }

    /// Spectra as `plot_spectrum` shows them: bin i of L at f/f_nyq = i / (L − 1), log density, DC left out
    /// unless `includeDC`. The std is not drawn (a band does not survive 2 × 4 dots).
    public static func spectra(_ spectra: [SpectrumSeries], includeDC: Bool = false) throws -> BrailleChart {
        let first = includeDC ? 0 : 1
        let curves = spectra.map { s in
            let bins = first..<max(first, s.mean.count)
            let last = Double(max(s.mean.count - 1, 1))
            return CurveSeries(label: s.label, y: bins.map { s.mean[$0] }, x: bins.map { Double($0) / last })
        }
        return try BrailleChart(series: curves, xLabel: "f/f_nyq", yLabel: "spectral density", logY: true)
    }

    /// Dot bits of a braille cell, indexed [row][column] within the cell (Unicode's dot numbering).
    private static let dotBits: [[UInt32]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    /// ANSI colours standing in for matplotlib's cycle: blue, yellow (orange), green, red, magenta, cyan.
    private static let ansi = [34, 33, 32, 31, 35, 36]

    private func scales() -> (x: Scale, y: Scale)? { series.fittedScales(logY: logY, yMargin: 0) }

    private var hasLegend: Bool { series.count > 1 || series.contains { !$0.label.isEmpty } }

    /// The chart as lines of text filling at most `columns` × `rows` characters (at least 16 × 5).
    public func render(columns: Int, rows: Int, colors: Bool = false) throws -> String {
        guard let (xScale, yScale) = scales() else { throw MediaError.invalidArgument("nothing to plot") }
        // Rounding noise around zero (sin(π) ≈ 1e-16) prints as 0.
        let tickText = [yScale.upper, yScale.kind == .log ? sqrt(yScale.lower * yScale.upper) : (yScale.lower + yScale.upper) / 2, yScale.lower]
            .map { Self.number(Swift.abs($0) < 1e-12 * (yScale.upper - yScale.lower) ? 0 : $0) }
        let labelWidth = tickText.map(\.count).max() ?? 0
        let width = columns - labelWidth - 2
        let height = rows - 2 - (yLabel.isEmpty ? 0 : 1) - (hasLegend ? 1 : 0)
        guard width >= 8, height >= 2 else {
            throw MediaError.invalidArgument("a terminal plot needs more room than \(columns) columns × \(rows) rows")
        }

        // Per cell: dot bits, and dot counts per series for colouring.
        var bits = [UInt32](repeating: 0, count: width * height)
        var owners = [[Int]](repeating: [Int](repeating: 0, count: series.count), count: width * height)
        let dotsX = 2 * width, dotsY = 4 * height
        func dot(_ x: Int, _ y: Int, _ k: Int) {
            guard x >= 0, x < dotsX, y >= 0, y < dotsY else { return }
            let cell = (y / 4) * width + x / 2
            bits[cell] |= Self.dotBits[y % 4][x % 2]
            owners[cell][k] += 1
        }
        func dotPosition(_ x: Double, _ y: Double) -> (Int, Int) {
            (Int((xScale.fraction(x) * Double(dotsX - 1)).rounded()), Int(((1 - yScale.fraction(y)) * Double(dotsY - 1)).rounded()))
        }
        for (k, s) in series.enumerated() {
            let x = s.xValues
            for run in drawableRuns(count: s.y.count, isDrawable: { s.isDrawable($0, logY: logY) }) {
                var previous = dotPosition(x[run[0]], s.y[run[0]])
                dot(previous.0, previous.1, k)
                for i in run.dropFirst() {
                    let next = dotPosition(x[i], s.y[i])
                    for (px, py) in Self.line(from: previous, to: next) { dot(px, py, k) }
                    previous = next
                }
            }
        }

        func paint(_ text: String, _ k: Int) -> String { colors ? "\u{1B}[\(Self.ansi[k % Self.ansi.count])m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        if !yLabel.isEmpty { lines.append(String(yLabel.prefix(columns))) }
        var tickRows: [Int: String] = [height - 1: tickText[2]]
        tickRows[(height - 1) / 2] = tickText[1]
        tickRows[0] = tickText[0]
        for r in 0..<height {
            var line = tickRows[r].map { String(repeating: " ", count: labelWidth - $0.count) + $0 + " ┤" }
                ?? String(repeating: " ", count: labelWidth) + " │"
            for c in 0..<width {
                let cell = r * width + c
                guard bits[cell] != 0, let glyph = Unicode.Scalar(0x2800 + bits[cell]) else { line += " "; continue }
                let owner = owners[cell].indices.max { owners[cell][$0] < owners[cell][$1] } ?? 0
                line += paint(String(Character(glyph)), owner)
            }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(repeating: "─", count: width))
        lines.append(String(repeating: " ", count: labelWidth + 2) + xAxisText(xScale, width: width))
        if hasLegend {
            let entries = series.enumerated().map { k, s in paint("━━", k) + " " + (s.label.isEmpty ? "series \(k + 1)" : s.label) }
            lines.append(String(repeating: " ", count: labelWidth + 2) + entries.joined(separator: "   "))
        }
        return lines.joined(separator: "\n")
    }

    /// "lo   label   hi" under the axis, the label dropped when it does not fit.
    private func xAxisText(_ scale: Scale, width: Int) -> String {
        let lo = Self.number(scale.lower), hi = Self.number(scale.upper)
        let free = width - lo.count - hi.count
        guard free >= 1 else { return String((lo + " " + hi).prefix(width)) }
        guard !xLabel.isEmpty, xLabel.count + 2 <= free else { return lo + String(repeating: " ", count: free) + hi }
        let before = (free - xLabel.count) / 2
        return lo + String(repeating: " ", count: before) + xLabel + String(repeating: " ", count: free - before - xLabel.count) + hi
    }

    /// Short numbers: up to 4 significant digits, exponent form outside [10⁻³, 10⁶).
    static func number(_ v: Double) -> String {
        let a = Swift.abs(v)
        if a == 0 { return "0" }
        return a >= 1e-3 && a < 1e6 ? String(format: "%.4g", v) : String(format: "%.2e", v)
    }

    /// Bresenham's line between two dot positions, both ends included.
    static func line(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
        var (x, y) = a
        let dx = Swift.abs(b.0 - x), dy = -Swift.abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        var points = [(x, y)]
        // The dot grid is small; the guard only stops a runaway loop on absurd coordinates.
        while (x, y) != b, points.count <= 100_000 {
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
            points.append((x, y))
        }
        return points
    }
}
