import Foundation

/// Python's format mini-language, the part researchers use: `[[fill]align][sign][0][width][,][.precision][type]`
/// with align `<` `>` `^`, sign `+` `-` or space, and type `f` (fixed), `e` (exponent), `g` (general), `d` (whole
/// number), `%` (percent) or `s` (text). `format(0.5, ">8.3f")` is `"   0.500"`.
struct FormatSpec {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var zeroPad = false
    var width = 0
    var grouping = false
    var precision: Int?
    var type: Character?

    /// Throws, saying what is wrong, when `text` is not a format specification.
    init(_ text: String) throws(FormatSpecError) {
        var rest = Substring(text)
        let aligns: Set<Character> = ["<", ">", "^"]
        if rest.count >= 2, aligns.contains(rest[rest.index(after: rest.startIndex)]) {
            fill = rest.removeFirst()
            align = rest.removeFirst()
        } else if let first = rest.first, aligns.contains(first) {
            align = rest.removeFirst()
        }
        if let first = rest.first, "+- ".contains(first) { sign = rest.removeFirst() }
        if rest.first == "0" {
            zeroPad = true
            rest.removeFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest.removeFirst(digits.count)
        width = Int(digits) ?? 0
        if rest.first == "," {
            grouping = true
            rest.removeFirst()
        }
        if rest.first == "." {
            rest.removeFirst()
            let p = rest.prefix { $0.isASCII && $0.isNumber }
            guard let n = Int(p), n <= 50 else { throw FormatSpecError("expected a precision (0 to 50) after '.'") }
            precision = n
            rest.removeFirst(p.count)
        }
        if let t = rest.first, "fegd%s".contains(t) {
            type = t
            rest.removeFirst()
        }
        guard rest.isEmpty else { throw FormatSpecError("unexpected '\(rest)' (the form is [[fill]align][sign][0][width][,][.precision][type], type one of f e g d % s)") }
        guard width <= 1000 else { throw FormatSpecError("a width of at most 1000") }
    }

    func format(_ x: Double) throws(FormatSpecError) -> String {
        if type == "s" { throw FormatSpecError("'s' formats text, not numbers") }
        var body: String
        let magnitude = Swift.abs(x)
        switch type {
        case "f": body = String(format: "%.\(precision ?? 6)f", magnitude)
        case "e": body = String(format: "%.\(precision ?? 6)e", magnitude)
        case "g": body = String(format: "%.\(precision ?? 6)g", magnitude)
        case "%": body = String(format: "%.\(precision ?? 6)f", magnitude * 100) + "%"
        case "d":
            guard x.rounded() == x, magnitude < 1e18 else { throw FormatSpecError("'d' formats whole numbers, got \(Printer.number(x))") }
            body = String(Int64(magnitude))
        default: body = precision.map { String(format: "%.\($0)g", magnitude) } ?? Printer.number(magnitude)
        }
        if !x.isFinite { body = x.isNaN ? "nan" : "inf" }
        if grouping { body = Self.grouped(body) }
        let signText = x < 0 ? "-" : (sign == "-" ? "" : String(sign))
        if zeroPad && align == nil {
            return signText + String(repeating: "0", count: Swift.max(0, width - signText.count - body.count)) + body
        }
        return padded(signText + body, defaultAlign: ">")
    }

    func format(_ s: String) throws(FormatSpecError) -> String {
        guard type == nil || type == "s" else { throw FormatSpecError("'\(type.map(String.init) ?? "")' formats numbers, not text") }
        guard sign == "-", !grouping, !zeroPad else { throw FormatSpecError("signs, ',' and '0' apply to numbers, not text") }
        return padded(precision.map { String(s.prefix($0)) } ?? s, defaultAlign: "<")
    }

    private func padded(_ s: String, defaultAlign: Character) -> String {
        let missing = width - s.count
        guard missing > 0 else { return s }
        let pad = { (n: Int) in String(repeating: fill, count: n) }
        switch align ?? defaultAlign {
        case "<": return s + pad(missing)
        case "^": return pad(missing / 2) + s + pad(missing - missing / 2)
        default: return pad(missing) + s
        }
    }

    /// Thousands separators in the whole-number part: 1234567.5 → 1,234,567.5.
    private static func grouped(_ body: String) -> String {
        let whole = body.prefix { $0.isNumber }
        var out = ""
        for (i, c) in whole.enumerated() {
            if i > 0, (whole.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out + body.dropFirst(whole.count)
    }
}

struct FormatSpecError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
