/// A legend box: a line sample (with a band patch when the series has one) and a label per entry, placed like
/// matplotlib's `loc="best"`: the candidate position that covers the fewest data points.
struct Legend {
    struct Entry {
        var label: RichText
        var style: SeriesStyle
    }
    var entries: [Entry]

    private static let padding = 0.4 * Style.legendFont
    private static let handleLength = 2.0 * Style.legendFont
    private static let handleGap = 0.8 * Style.legendFont
    private static let rowGap = 0.5 * Style.legendFont
    private static let inset = 0.5 * Style.legendFont

    /// Draws the legend inside `frame`, avoiding the given polylines (figure coordinates) where possible.
    func draw(on canvas: Canvas, in frame: Rect, avoiding lines: [[Point]]) {
        guard !entries.isEmpty else { return }
        let metrics = entries.map { canvas.measure($0.label, size: Style.legendFont) }
        let rowHeight = max(metrics.map(\.height).max() ?? 0, Style.legendFont * 0.7)
        let width = 2 * Self.padding + Self.handleLength + Self.handleGap + (metrics.map(\.width).max() ?? 0)
        let height = 2 * Self.padding + Double(entries.count) * rowHeight + Double(entries.count - 1) * Self.rowGap
        let box = bestPlacement(width: width, height: height, in: frame, avoiding: samples(of: lines))

        canvas.roundedBox(box, radius: 2.5, fill: .white, fillAlpha: 0.8, edge: Color(hex: 0xCCCCCC), edgeWidth: 0.8)
        for (i, entry) in entries.enumerated() {
            let top = box.y + Self.padding + Double(i) * (rowHeight + Self.rowGap)
            let midY = top + rowHeight / 2
            let x0 = box.x + Self.padding, x1 = x0 + Self.handleLength
            if entry.style.band {
                canvas.fill(Rect(x: x0, y: top, width: Self.handleLength, height: rowHeight), color: entry.style.color, alpha: Style.bandAlpha)
            }
            entry.style.stroke([Point(x: x0, y: midY), Point(x: x1, y: midY)], on: canvas)
            canvas.draw(entry.label, at: Point(x: x1 + Self.handleGap, y: top + metrics[i].ascent), size: Style.legendFont)
        }
    }

    /// Points every ~3 pt along the polylines, so long straight segments count as covering what they cross.
    private func samples(of lines: [[Point]]) -> [Point] {
        var out: [Point] = []
        for line in lines {
            for (a, b) in zip(line, line.dropFirst()) {
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                let steps = min(Int(length / 3), 1000)
                for k in 0...steps {
                    let t = steps == 0 ? 0 : Double(k) / Double(steps)
                    out.append(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
                }
            }
            if line.count == 1 { out.append(line[0]) }
        }
        return out
    }

    /// matplotlib's candidate order: upper right, upper left, lower left, lower right, center right,
    /// center left, lower center, upper center, center; the first with the least overlap wins.
    private func bestPlacement(width: Double, height: Double, in frame: Rect, avoiding points: [Point]) -> Rect {
        let left = frame.x + Self.inset, right = frame.maxX - Self.inset - width
        let top = frame.y + Self.inset, bottom = frame.maxY - Self.inset - height
        let centerX = frame.midX - width / 2, centerY = frame.midY - height / 2
        let candidates = [(right, top), (left, top), (left, bottom), (right, bottom), (right, centerY),
                          (left, centerY), (centerX, bottom), (centerX, top), (centerX, centerY)]
        var best = Rect(x: right, y: top, width: width, height: height), fewest = Int.max
        for (x, y) in candidates {
            let box = Rect(x: x, y: y, width: width, height: height)
            let covered = points.reduce(0) { $0 + (box.contains($1) ? 1 : 0) }
            if covered < fewest { (best, fewest) = (box, covered) }
        }
        return best
    }
}
