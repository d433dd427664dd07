import Foundation
import SpecTensor

/// How values look when printed, in the REPL, in errors and in docs.
public enum Printer {
    /// Integers without a decimal point; others with up to 6 significant digits.
    public static func number(_ n: Double) -> String {
        if n.isNaN { return "nan" }
        if n.isInfinite { return n > 0 ? "inf" : "-inf" }
        if n.rounded() == n, Swift.abs(n) < 1e15 { return String(Int64(n)) }
        return String(format: "%.6g", n)
    }

    /// The text `print`, `str` and string interpolation give: a string as it is, a number or one-element tensor as
    /// its number, anything else in full (`full`).
    public static func plain(_ v: Value) -> String { plain(v, PrintOptions()) }

    public static func plain(_ v: Value, _ options: PrintOptions) -> String {
        if case .string(let s) = v { return s }
        if let n = Convert.number(v) { return number(n) }
        return full(v, options)
    }

    /// A value in full, strings quoted: tensors NumPy-style over several lines, lists and records with every item,
    /// beyond the threshold with the middle of every long axis, list and record elided (`ValueText`).
    public static func full(_ v: Value, _ options: PrintOptions = .init()) -> String {
        var text = ValueText(v, options: options)
        return text.text(v)
    }

    /// One line: literals as source, containers abbreviated.
    public static func short(_ v: Value, depth: Int = 0) -> String {
        switch v {
        case .number(let n): return number(n)
        case .string(let s): return depth == 0 ? s : quoted(s)
        case .bool(let b): return b ? "true" : "false"
        case .nil: return "nil"
        case .list(let l):
            if depth > 2 { return "[…]" }
            let shown = l.items.prefix(8).map { short($0, depth: depth + 1) }
            return "[" + shown.joined(separator: ", ") + (l.items.count > 8 ? ", … (\(l.items.count) items)" : "") + "]"
        case .record(let r):
            if depth > 2 { return "{…}" }
            let shown = r.entries.prefix(8).map { "\(key($0.0)): \(short($0.1, depth: depth + 1))" }
            return "{" + shown.joined(separator: ", ") + (r.count > 8 ? ", … (\(r.count) keys)" : "") + "}"
        case .tensor(let t): return tensorLine(t)
        case .function(let f): return "fn \(f.name)(\(f.parameterNames.joined(separator: ", ")))"
        case .builtin(let b): return "builtin \(b.signature)"
        case .object(let o): return "<\(o.typeName)>"
        }
    }

    /// What the REPL and `show` give for a result: a tensor's statistics and values, an object's own summary,
    /// otherwise `full`.
    public static func summary(_ v: Value) -> String { summary(v, PrintOptions()) }

    public static func summary(_ v: Value, _ options: PrintOptions) -> String {
        switch v {
        case .string(let s): return quoted(s)
        case .tensor(let t): return tensorSummary(t, options)
        case .object(let p as ParameterObject): return p.label + ": " + tensorSummary(p.value, options)
        case .object(let o): return o.summary
        default: return full(v, options)
        }
    }

    /// A value as spec source, for defaults in help and docs.
    public static func literal(_ v: Value) -> String {
        switch v {
        case .string(let s): return quoted(s)
        default: return short(v, depth: 1)
        }
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func key(_ k: String) -> String {
        k.first.map { $0.isLetter || $0 == "_" } == true && k.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? k : quoted(k)
    }

    /// "a tensor of shape (2, 3)", "a number", … for error messages.
    public static func describeType(_ v: Value) -> String {
        switch v {
        case .tensor(let t): return "a tensor of shape \(t.shape.shapeDescription)"
        case .nil: return "nil"
        case .object(let o): return "a \(o.typeName)"
        default: return (["a", "e", "i", "o", "u"].contains(v.typeName.prefix(1)) ? "an " : "a ") + v.typeName
        }
    }

    /// A tensor on one line: its values when few (or along one axis, elided), else its shape.
    static func tensorLine(_ t: Tensor) -> String {
        guard t.rank <= 1 || t.count <= oneLine.threshold else { return "tensor of shape \(t.shape.shapeDescription)" }
        return TensorText(options: oneLine, oneLine: true).text(t, summarise: t.count > oneLine.threshold)
    }

    private static let oneLine: PrintOptions = {
        var o = PrintOptions()
        o.threshold = 8
        return o
    }()

    /// Shape, then min/max/mean/std and a count of NaN and Inf, then the values NumPy-style.
    public static func tensorSummary(_ t: Tensor, _ options: PrintOptions = .init()) -> String {
        let values = TensorText(options: options).text(t, summarise: t.count > options.threshold)
        guard t.count > 1 else { return values }
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, sumSq = 0.0, finite = 0, nans = 0, infs = 0
        for v in t.scalars {
            if v.isNaN { nans += 1; continue }
            if v.isInfinite { infs += 1; continue }
            let d = Double(v)
            lo = Swift.min(lo, d); hi = Swift.max(hi, d); sum += d; sumSq += d * d; finite += 1
        }
        var line = "tensor \(t.shape.shapeDescription)"
        if finite > 0 {
            let mean = sum / Double(finite)
            let std = (Swift.max(sumSq / Double(finite) - mean * mean, 0)).squareRoot()
            line += "  min \(number(lo))  max \(number(hi))  mean \(number(mean))  std \(number(std))"
        }
        if nans > 0 || infs > 0 { line += "  NaN \(nans)  Inf \(infs)" }
        if t.requiresGrad { line += "  requires grad" }
        return line + "\n" + values
    }
}
