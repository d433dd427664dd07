import Foundation
import SpecTensor

/// A tensor as NumPy prints an array: nested brackets, one number format for every value, right-aligned in equal
/// columns, rows wrapped at the line width, and when summarised only `edgeItems` at each end of every axis with `…`
/// between.
///
///     tensor([[ 0.5000, -1.2500,  3.0000],
///             [ 4.0000,  5.0000,  6.0000]])
struct TensorText {
    var options: PrintOptions
    /// Rows joined with ", " on one line (error messages, one-line listings) instead of one row per line.
    var oneLine = false

    private static let prefix = "tensor("

    func text(_ t: Tensor, summarise: Bool) -> String {
        if t.rank == 0 { return Self.prefix + NumberStyle([t.scalars[0]], precision: options.precision).text(t.scalars[0]) + ")" }
        if t.count == 0 { return Self.prefix + "[]" + (t.rank > 1 ? ", shape: \(t.shape.shapeDescription)" : "") + ")" }
        let edge = options.edgeItems
        // Per axis, the positions shown; nil stands for the elided middle.
        let shown: [[Int?]] = t.shape.map { n in
            summarise && n > 2 * edge ? Array(0..<edge) + [nil] + Array((n - edge)..<n) : Array(0..<n)
        }
        let strides = (0..<t.rank).map { t.shape[($0 + 1)...].reduce(1, *) }
        var offsets: [Int] = []
        func collect(_ axis: Int, _ base: Int) {
            for case let i? in shown[axis] {
                if axis == t.rank - 1 { offsets.append(base + i) } else { collect(axis + 1, base + i * strides[axis]) }
            }
        }
        collect(0, 0)
        let style = NumberStyle(offsets.map { t.scalars[$0] }, precision: options.precision)
        let cells = offsets.map { style.text(t.scalars[$0]) }
        let width = cells.map(\.count).max() ?? 0
        var next = cells.makeIterator()
        func cell() -> String {
            let c = next.next() ?? ""
            return String(repeating: " ", count: width - c.count) + c
        }
        func render(_ axis: Int, column: Int) -> String {
            if axis == t.rank - 1 { return row(shown[axis].map { $0 == nil ? "…" : cell() }, column: column) }
            let separator = oneLine ? ", " : "," + String(repeating: "\n", count: t.rank - axis - 1) + String(repeating: " ", count: column + 1)
            return "[" + shown[axis].map { $0 == nil ? "…" : render(axis + 1, column: column + 1) }.joined(separator: separator) + "]"
        }
        return Self.prefix + render(0, column: Self.prefix.count) + ")"
    }

    /// The last axis: `[a, b, c]`, wrapped before the line width with continuation lines under the first value.
    private func row(_ tokens: [String], column: Int) -> String {
        var out = "[", length = column + 1
        for (k, token) in tokens.enumerated() {
            let piece = token + (k == tokens.count - 1 ? "]" : ",")
            if k > 0 {
                if !oneLine, length + 1 + piece.count > options.lineWidth {
                    out += "\n" + String(repeating: " ", count: column + 1)
                    length = column + 1
                } else {
                    out += " "
                    length += 1
                }
            }
            out += piece
            length += piece.count
        }
        return out
    }
}

/// One format for all the values a tensor shows: whole numbers without a point (spec has no integer type, so
/// `arange(2000)` prints as integers); otherwise, as NumPy and PyTorch choose, fixed point, or scientific when the
/// magnitudes are very large, very small or far apart; with at most `precision` digits and no more than some value
/// needs.
struct NumberStyle {
    private enum Kind { case whole, fixed(Int), scientific(Int) }
    private let kind: Kind

    init(_ values: [Float], precision: Int) {
        let finite = values.filter(\.isFinite).map(Double.init)
        let magnitudes = finite.map(Swift.abs).filter { $0 > 0 }
        let largest = magnitudes.max() ?? 0, smallest = magnitudes.min() ?? 0
        let farApart = smallest > 0 && (smallest < 1e-4 || largest / smallest > 1e3)
        if largest < 1e8, finite.allSatisfy({ $0.rounded() == $0 }) {
            kind = .whole
        } else if largest >= 1e8 || farApart {
            kind = .scientific(Self.digits(finite, precision: precision, conversion: "e"))
        } else {
            kind = .fixed(Self.digits(finite, precision: precision, conversion: "f"))
        }
    }

    func text(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        switch kind {
        case .whole: return String(Int64(v))
        case .fixed(let d): return String(format: "%.\(d)f", Double(v))
        case .scientific(let d): return String(format: "%.\(d)e", Double(v))
        }
    }

    /// The fewest digits (at least one, at most `precision`) that show every value as `precision` digits would.
    private static func digits(_ values: [Double], precision: Int, conversion: String) -> Int {
        guard precision > 0 else { return 0 }
        var needed = 1
        for v in values {
            let text = String(format: "%.\(precision)\(conversion)", v)
            let fraction = text.split(separator: "e")[0].split(separator: ".").last ?? ""
            let significant = fraction.count - fraction.reversed().prefix { $0 == "0" }.count
            needed = Swift.max(needed, significant)
            if needed == precision { break }
        }
        return needed
    }
}
