@preconcurrency import CCairo
import Foundation

/// A cairo drawing context with the few operations the figures need. Figures draw in points; the surface
/// behind it (PNG, SVG or PDF) decides what that becomes.
public final class Canvas {
    let cr: OpaquePointer
    static let fontFamily = "DejaVu Sans"

    enum HAlign { case left, center, right }
    enum VAlign { case top, center, baseline, bottom }

    /// Width and vertical extent of a label: `ascent` above and `descent` below the baseline.
    struct TextMetrics {
        var width: Double
        var ascent: Double
        var descent: Double
        var height: Double { ascent + descent }
    }

    init(_ cr: OpaquePointer) {
        self.cr = cr
        cairo_select_font_face(cr, Self.fontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        // Unhinted metrics keep the layout identical across PNG, SVG and PDF.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
    }

    /// Cairo's sticky error state, as a thrown error.
    func check() throws {
        let status = cairo_status(cr)
        guard status == CAIRO_STATUS_SUCCESS else { throw MediaError.drawing(String(cString: cairo_status_to_string(status))) }
    }

    // MARK: Shapes

    private func setSource(_ color: Color, alpha: Double) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, alpha)
    }

    private func path(_ points: [Point], closed: Bool) {
        guard let first = points.first else { return }
        cairo_new_path(cr)
        cairo_move_to(cr, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
        if closed { cairo_close_path(cr) }
    }

    /// Strokes a connected line; `dash` is the on/off pattern in points (nil for solid).
    func stroke(_ points: [Point], color: Color, width: Double, dash: [Double]? = nil, alpha: Double = 1) {
        guard points.count > 1 else { return }
        path(points, closed: false)
        setSource(color, alpha: alpha)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, dash ?? [], Int32(dash?.count ?? 0), 0)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
    }

    func fill(polygon points: [Point], color: Color, alpha: Double = 1) {
        guard points.count > 2 else { return }
        path(points, closed: true)
        setSource(color, alpha: alpha)
        cairo_fill(cr)
    }

    func fill(_ rect: Rect, color: Color, alpha: Double = 1) {
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        setSource(color, alpha: alpha)
        cairo_fill(cr)
    }

    func stroke(_ rect: Rect, color: Color, width: Double) {
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        setSource(color, alpha: 1)
        cairo_set_line_width(cr, width)
        cairo_stroke(cr)
    }

    /// A rectangle with rounded corners, filled then outlined (the legend frame).
    func roundedBox(_ rect: Rect, radius: Double, fill: Color, fillAlpha: Double, edge: Color, edgeWidth: Double) {
        let r = min(radius, rect.width / 2, rect.height / 2)
        cairo_new_path(cr)
        cairo_arc(cr, rect.maxX - r, rect.y + r, r, -Double.pi / 2, 0)
        cairo_arc(cr, rect.maxX - r, rect.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(cr, rect.x + r, rect.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(cr, rect.x + r, rect.y + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
        setSource(fill, alpha: fillAlpha)
        cairo_fill_preserve(cr)
        setSource(edge, alpha: 1)
        cairo_set_line_width(cr, edgeWidth)
        cairo_stroke(cr)
    }

    /// Runs `body` with drawing restricted to `rect`.
    func clipped(to rect: Rect, _ body: () throws -> Void) rethrows {
        cairo_save(cr)
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        defer { cairo_restore(cr) }
        try body()
    }

    // MARK: Images

    /// Paints an image stretched over `rect`: `smooth` false keeps pixels as sharp squares (heatmaps, sample
    /// grids), true interpolates (colour bar gradients). Alpha is composited over what is below.
    func draw(_ image: PixelImage, in rect: Rect, smooth: Bool) throws {
        // Cairo's SVG output cannot ask viewers for nearest-neighbour scaling, so sharp images are enlarged here
        // to about 3 pixels per point by repeating pixels; viewers then only smooth the edges between them.
        func factor(_ points: Double, _ pixels: Int) -> Int { smooth ? 1 : max(1, min(16, Int((3 * points / Double(pixels)).rounded(.up)))) }
        var (kx, ky) = (factor(rect.width, image.width), factor(rect.height, image.height))
        while kx * ky > 1, image.width * kx * image.height * ky > 8_000_000 { (kx, ky) = (max(1, kx / 2), max(1, ky / 2)) }
        let (width, height) = (image.width * kx, image.height * ky)

        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface) else {
            throw MediaError.drawing("cannot allocate a \(width)×\(height) image")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let shift = image.bitDepth == 16 ? 8 : 0
        let c = image.channels
        for y in 0..<image.height {
            let firstRow = UnsafeMutableRawPointer(data + y * ky * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<image.width {
                let s = (y * image.width + x) * c
                let v = { (i: Int) in UInt32(image.samples[s + i] >> shift) }
                let (r, g, b) = c >= 3 ? (v(0), v(1), v(2)) : (v(0), v(0), v(0))
                let a = c == 2 || c == 4 ? v(c - 1) : 255
                // Cairo wants premultiplied alpha in a native-endian 32-bit word.
                let word = a << 24 | (r * a / 255) << 16 | (g * a / 255) << 8 | (b * a / 255)
                for dx in 0..<kx { firstRow[x * kx + dx] = word }
            }
            for dy in 1..<ky {
                (data + (y * ky + dy) * stride).update(from: data + y * ky * stride, count: width * 4)
            }
        }
        cairo_surface_mark_dirty(surface)
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD)
        cairo_new_path(cr)
        cairo_rectangle(cr, 0, 0, Double(width), Double(height))
        cairo_fill(cr)
    }

    // MARK: Text

    private static let scriptScale = 0.7

    private func advance(_ text: String, size: Double) -> Double {
        cairo_set_font_size(cr, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance
    }

    /// Height of capitals and digits, and the font's descent, at a size.
    private func verticalMetrics(size: Double) -> (cap: Double, descent: Double) {
        cairo_set_font_size(cr, size)
        var text = cairo_text_extents_t()
        cairo_text_extents(cr, "0", &text)
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        return (text.height, font.descent)
    }

    private func shift(_ position: RichText.Position, size: Double) -> Double {
        switch position {
        case .normal: return 0
        case .superscript: return -0.42 * size
        case .`subscript`: return 0.18 * size
        }
    }

    func measure(_ label: RichText, size: Double) -> TextMetrics {
        let (cap, descent) = verticalMetrics(size: size)
        var metrics = TextMetrics(width: 0, ascent: cap, descent: descent)
        for run in label.runs {
            let runSize = run.position == .normal ? size : size * Self.scriptScale
            metrics.width += advance(run.text, size: runSize)
            let lift = shift(run.position, size: size)
            metrics.ascent = max(metrics.ascent, cap * (runSize / size) - lift)
            metrics.descent = max(metrics.descent, descent * (runSize / size) + lift)
        }
        return metrics
    }

    /// Draws a label anchored at `point`; `rotation` in radians turns it about the anchor (−π/2 reads upwards).
    func draw(_ label: RichText, at point: Point, size: Double, color: Color = .black,
              h: HAlign = .left, v: VAlign = .baseline, rotation: Double = 0) {
        let m = measure(label, size: size)
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_translate(cr, point.x, point.y)
        if rotation != 0 { cairo_rotate(cr, rotation) }
        var x: Double
        switch h {
        case .left: x = 0
        case .center: x = -m.width / 2
        case .right: x = -m.width
        }
        let baseline: Double
        switch v {
        case .top: baseline = m.ascent
        case .center: baseline = m.ascent / 2  // centres digits and capitals on the anchor
        case .baseline: baseline = 0
        case .bottom: baseline = -m.descent
        }
        setSource(color, alpha: 1)
        for run in label.runs {
            let runSize = run.position == .normal ? size : size * Self.scriptScale
            cairo_set_font_size(cr, runSize)
            cairo_move_to(cr, x, baseline + shift(run.position, size: size))
            cairo_show_text(cr, run.text)
            x += advance(run.text, size: runSize)
        }
    }
}
