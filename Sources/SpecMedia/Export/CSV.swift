import Foundation
import SpecTensor

/// Comma-separated tables with a header row (RFC 4180 quoting), for spectra and run histories.
///
/// Numbers are written in their shortest exact form (`Float` values as floats, so 0.1 stays "0.1"; whole
/// numbers without a decimal point);
/// NaN and infinities as `nan`, `inf`, `-inf`, which numpy and pandas read back.
public enum CSV {
    /// A table of named, equal-length numeric columns, e.g. `[("step", steps), ("loss", losses)]`.
    public static func text(columns: [(name: String, values: [Double])]) throws -> String {
        guard let rows = columns.first?.values.count else { throw MediaError.invalidArgument("a CSV table needs at least one column") }
        if let bad = columns.first(where: { $0.values.count != rows }) {
            throw MediaError.invalidArgument("CSV column '\(bad.name)' has \(bad.values.count) values, '\(columns[0].name)' has \(rows)")
        }
        let body = (0..<rows).map { r in columns.map { number($0.values[r]) } }
        return table(header: columns.map(\.name), rows: body)
    }

    /// A rank-1 tensor as one column, or a rank-2 tensor (rows × columns) as a table. `header` names the
    /// columns; without it they are `value` (rank 1) or `c0`, `c1`, ... (rank 2).
    public static func text(_ tensor: Tensor, header: [String]? = nil) throws -> String {
        let (rows, cols): (Int, Int)
        switch tensor.rank {
        case 1: (rows, cols) = (tensor.shape[0], 1)
        case 2: (rows, cols) = (tensor.shape[0], tensor.shape[1])
        default: throw MediaError.invalidArgument("save_csv writes a tensor of rank 1 or 2, got shape \(tensor.shape.shapeDescription)")
        }
        let names = header ?? (tensor.rank == 1 ? ["value"] : (0..<cols).map { "c\($0)" })
        guard names.count == cols else {
            throw MediaError.invalidArgument("the CSV header has \(names.count) names for \(cols) columns")
        }
        let body = (0..<rows).map { r in (0..<cols).map { number(tensor.scalars[r * cols + $0]) } }
        return table(header: names, rows: body)
    }

    /// Writes columns to a CSV file.
    public static func write(columns: [(name: String, values: [Double])], to path: String) throws {
        try writeFile(Data(try text(columns: columns).utf8), to: path)
    }

    /// Writes a rank-1 or rank-2 tensor to a CSV file.
    public static func write(_ tensor: Tensor, header: [String]? = nil, to path: String) throws {
        try writeFile(Data(try text(tensor, header: header).utf8), to: path)
    }

    private static func table(header: [String], rows: [[String]]) -> String {
        ([header.map(quoted)] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Quotes a header field when it holds a comma, quote or line break.
    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(_ v: T) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        // Whole numbers (steps, counts) read better without ".0".
        if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }
}
