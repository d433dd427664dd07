/// A vertical colour bar right of a plot area: the colour map as a gradient, ticks and labels on its right,
/// and an optional label along it.
struct Colorbar {
    var colormap: Colormap
    var scale: Scale
    var ticks: [Tick]
    var label: RichText?

    private static let gap = 12.0
    private static let width = 12.0

    /// Horizontal room the bar needs beside the plot area.
    func reservedWidth(canvas: Canvas) -> Double {
        let tickWidth = ticks.compactMap { $0.label.map { canvas.measure($0, size: Style.tickFont).width } }.max() ?? 0
        let labelHeight = label.map { canvas.measure($0, size: Style.labelFont).height + Style.labelPad } ?? 0
        return Self.gap + Self.width + Style.majorTick + Style.tickPad + tickWidth + labelHeight
    }

    /// Draws the bar beside `frame`, spanning its height.
    func draw(on canvas: Canvas, beside frame: Rect) throws {
        let bar = Rect(x: frame.maxX + Self.gap, y: frame.y, width: Self.width, height: frame.height)
        // A 1-pixel-wide, 256-row gradient image, top row = upper end of the scale.
        let levels = 256
        var samples: [UInt16] = []
        for row in 0..<levels {
            let (r, g, b) = colormap.color(at: 1 - Double(row) / Double(levels - 1)).bytes
            samples += [UInt16(r), UInt16(g), UInt16(b)]
        }
        try canvas.draw(try PixelImage(width: 1, height: levels, channels: 3, bitDepth: 8, samples: samples), in: bar, smooth: true)
        canvas.stroke(bar, color: .black, width: Style.spineWidth)

        var tickWidth = 0.0
        for tick in ticks where scale.contains(tick.value) {
            let y = bar.maxY - scale.fraction(tick.value) * bar.height
            canvas.stroke([Point(x: bar.maxX, y: y), Point(x: bar.maxX + Style.majorTick, y: y)], color: .black, width: Style.spineWidth)
            if let text = tick.label {
                canvas.draw(text, at: Point(x: bar.maxX + Style.majorTick + Style.tickPad, y: y), size: Style.tickFont, v: .center)
                tickWidth = max(tickWidth, canvas.measure(text, size: Style.tickFont).width)
            }
        }
        if let label {
            let edge = bar.maxX + Style.majorTick + Style.tickPad + tickWidth + Style.labelPad
            canvas.draw(label, at: Point(x: edge, y: bar.midY), size: Style.labelFont, h: .center, v: .top, rotation: -Double.pi / 2)
        }
    }
}
