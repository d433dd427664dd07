@preconcurrency import CCairo
import Foundation

/// Something drawn once, by one routine, onto any cairo surface: PNG, SVG and PDF come from the same drawing.
public protocol Figure {
    /// The figure's size in points (1/72 inch).
    var size: FigureSize { get }
    /// Draws the figure on a white canvas of `size`.
    func draw(on canvas: Canvas) throws
}

/// The output formats of a figure.
public enum FigureFormat: String, CaseIterable, Sendable {
    case png, svg, pdf

    /// The format named by a path's extension (case-insensitive).
    public init(path: String) throws {
        guard let format = FigureFormat(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased()) else {
            throw MediaError.unsupportedFormat(path)
        }
        self = format
    }
}

extension Figure {
    /// Writes the figure to `path`, in the format its extension names. `dpi` sets the PNG resolution.
    public func save(to path: String, dpi: Double = 150) throws {
        try writeFile(try render(try FigureFormat(path: path), dpi: dpi), to: path)
    }

    /// The figure's file contents in a format.
    public func render(_ format: FigureFormat, dpi: Double = 150) throws -> Data {
        switch format {
        case .png: return try PNGCodec.encode(try rasterize(dpi: dpi))
        case .svg, .pdf: return try renderVector(format)
        }
    }

    /// The figure as 8-bit RGB pixels, `dpi` pixels per inch.
    public func rasterize(dpi: Double = 150) throws -> PixelImage {
        guard dpi.isFinite, dpi > 0, dpi <= 1200 else { throw MediaError.invalidArgument("dpi must be in (0, 1200], got \(dpi)") }
        try checkSize()
        let scale = dpi / 72
        // Whole pixels covering the figure; the tolerance keeps 460.8 pt at 150 dpi at 960, not 961.
        let width = Int((size.width * scale - 1e-6).rounded(.up)), height = Int((size.height * scale - 1e-6).rounded(.up))
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        defer { cairo_surface_destroy(surface) }
        try drawAll(on: surface, scale: scale)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { throw MediaError.drawing("no pixel data") }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var samples = [UInt16](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width {
                let pixel = row[x], o = (y * width + x) * 3
                samples[o] = UInt16(pixel >> 16 & 0xFF)
                samples[o + 1] = UInt16(pixel >> 8 & 0xFF)
                samples[o + 2] = UInt16(pixel & 0xFF)
            }
        }
        return try PixelImage(width: width, height: height, channels: 3, bitDepth: 8, samples: samples)
    }

    private func checkSize() throws {
        guard size.width.isFinite, size.height.isFinite, size.width >= 50, size.height >= 50,
              size.width <= 10_000, size.height <= 10_000 else {
            throw MediaError.invalidArgument("a figure is 50 to 10000 points wide and high, got \(size.width)×\(size.height)")
        }
    }

    private func renderVector(_ format: FigureFormat) throws -> Data {
        try checkSize()
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        let surface = format == .svg
            ? cairo_svg_surface_create_for_stream(write, closure, size.width, size.height)
            : cairo_pdf_surface_create_for_stream(write, closure, size.width, size.height)
        defer { cairo_surface_destroy(surface) }
        try withExtendedLifetime(sink) {
            try drawAll(on: surface, scale: 1)
            cairo_surface_finish(surface)
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw MediaError.drawing(String(cString: cairo_status_to_string(status))) }
        return sink.data
    }

    /// White background, then the figure, with cairo's error state checked.
    private func drawAll(on surface: OpaquePointer?, scale: Double) throws {
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw MediaError.drawing("cannot create a \(Int(size.width))×\(Int(size.height)) point surface")
        }
        guard let cr = cairo_create(surface) else { throw MediaError.drawing("cannot create a drawing context") }
        defer { cairo_destroy(cr) }
        // Paint the whole surface, including a partly covered last pixel row and column.
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        let canvas = Canvas(cr)
        try draw(on: canvas)
        try canvas.check()
    }
}

/// Collects the bytes cairo streams out of an SVG or PDF surface.
private final class ByteSink {
    var data = Data()
}
