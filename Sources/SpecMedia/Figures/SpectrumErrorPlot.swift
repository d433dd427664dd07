import Foundation

/// The reference's error-evolution heatmap: relative spectrum error per frequency (x, f/f_nyq) and training
/// iteration (y, upwards), blue–white–red on [−1, 1], with a colour bar.
///
/// Bin b of a spectrum whose last bin is L − 1 is the cell centred at f/f_nyq = b / (L − 1), matching the
/// spectrum plot; the outer half cells are cut at 0 and 1, and when DC is dropped the first bin's cell reaches
/// to 0. Rows are labelled with their steps, in thousands ("10k") when steps reach 10000, or with the matrix's row
/// labels when it has them (one row per run, say). NaN cells are gray.
public struct SpectrumErrorPlot: Figure {
    public var matrix: ErrorMatrix
    public var title: String?
    public var colorbarLabel: String
    public var size: FigureSize

    /// `colorbarLabel` accepts `_x`, `^x`, `_{..}`, `^{..}` for sub- and superscripts.
    public init(_ matrix: ErrorMatrix, title: String? = nil, colorbarLabel: String = "relative error",
                size: FigureSize = .standard) {
        self.matrix = matrix
        self.title = title
        self.colorbarLabel = colorbarLabel
        self.size = size
    }

    private static let nanColor = Color(hex: 0xD9D9D9)

    /// The cells as an RGB image covering f/f_nyq from 0 to 1 at half-bin resolution, top row = last step.
    /// Bin b spans b ± ½ in bin units; the half bin left of the first column (DC, when dropped) repeats it.
    private func heatmap() throws -> PixelImage {
        let (rows, cols) = (matrix.rows, matrix.columns)
        let width = 2 * matrix.lastBin
        var samples = [UInt16](repeating: 0, count: rows * width * 3)
        for r in 0..<rows {
            for j in 0..<width {
                let column = max((j + 1) / 2, matrix.firstBin) - matrix.firstBin
                let v = Double(matrix.values.scalars[r * cols + column])
                let color = v.isNaN ? Self.nanColor : Colormap.blueWhiteRed.color(at: (min(max(v, -1), 1) + 1) / 2)
                let (red, green, blue) = color.bytes
                let o = ((rows - 1 - r) * width + j) * 3
                (samples[o], samples[o + 1], samples[o + 2]) = (UInt16(red), UInt16(green), UInt16(blue))
            }
        }
        return try PixelImage(width: width, height: rows, channels: 3, bitDepth: 8, samples: samples)
    }

    /// About `maxLabels` rows, evenly strided from the first; the stride divides the row count when it can
    /// (at most doubling it), so the last row is labelled too.
    private func rowTicks(maxLabels: Int) -> [Tick] {
        let n = matrix.rows
        let least = max(1, Int((Double(n) / Double(max(maxLabels, 1))).rounded(.up)))
        let stride = (least...(2 * least)).first { n == 1 || (n - 1) % $0 == 0 } ?? least
        let inThousands = matrix.steps.map(abs).max() ?? 0 >= 10_000
        return Swift.stride(from: 0, to: n, by: stride).map {
            Tick(value: Double($0) + 0.5, label: .plain(matrix.rowLabels?[$0] ?? Self.stepLabel(matrix.steps[$0], inThousands: inThousands)))
        }
    }

    /// Steps as written on the axis: 2500 → "2500"; in thousands, 12000 → "12k", 12500 → "12.5k", 0 → "0".
    static func stepLabel(_ step: Int, inThousands: Bool) -> String {
        guard inThousands, step != 0 else { return String(step) }
        return TickLocator.compact(Double(step) / 1000) + "k"
    }

    public func draw(on canvas: Canvas) throws {
        let xScale = Scale(.linear, lower: 0, upper: 1)
        let yScale = Scale(.linear, lower: 0, upper: Double(matrix.rows))
        let colorScale = Scale(.linear, lower: -1, upper: 1)
        let colorbar = Colorbar(colormap: .blueWhiteRed, scale: colorScale,
                                ticks: TickLocator.linear(colorScale, maxIntervals: 4), label: RichText(colorbarLabel))
        // Room for about one step label per 30 points of height.
        let labelRows = Int((size.height - 80) / 30)
        var axes = Axes(
            x: Axis(scale: xScale, ticks: TickLocator.linear(xScale, maxIntervals: TickLocator.maxIntervals(length: size.width - 180, vertical: false)), label: RichText("f/f_{nyq}")),
            y: Axis(scale: yScale, ticks: rowTicks(maxLabels: labelRows), label: .plain(matrix.rowLabels == nil ? "Training iteration" : "")),
            title: title.map(RichText.plain))
        axes.layout(in: Rect(x: 0, y: 0, width: size.width, height: size.height), canvas: canvas,
                    reservedRight: colorbar.reservedWidth(canvas: canvas))

        let image = try heatmap()
        try canvas.draw(image, in: axes.frame, smooth: false)
        axes.drawDecorations(on: canvas)
        try colorbar.draw(on: canvas, beside: axes.frame)
    }
}
