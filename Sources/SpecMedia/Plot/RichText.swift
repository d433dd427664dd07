/// A one-line label with optional sub- and superscripts, e.g. "f/f" + subscript "nyq" or "10" + superscript "3".
struct RichText: Equatable {
    enum Position { case normal, superscript, `subscript` }
    struct Run: Equatable {
        var text: String
        var position: Position
    }
    var runs: [Run]

    /// Parses a label with TeX-like markup: `_x` or `_{...}` for a subscript, `^x` or `^{...}` for a superscript.
    /// Everything else is literal; "-" becomes a true minus sign only in numbers built by the tick formatter.
    init(_ markup: String) {
        var runs: [Run] = []
        var plain = ""
        var chars = markup[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            guard c == "_" || c == "^", let next = chars.first else { plain.append(c); continue }
            let script: String
            if next == "{", let close = chars.firstIndex(of: "}") {
                script = String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
            } else {
                script = String(next)
                chars = chars.dropFirst()
            }
            if !plain.isEmpty { runs.append(Run(text: plain, position: .normal)); plain = "" }
            runs.append(Run(text: script, position: c == "_" ? .`subscript` : .superscript))
        }
        if !plain.isEmpty { runs.append(Run(text: plain, position: .normal)) }
        self.runs = runs
    }

    init(runs: [Run]) { self.runs = runs }

    /// Text shown as is (legend entries and titles: run names often contain underscores).
    static func plain(_ text: String) -> RichText { RichText(runs: [Run(text: text, position: .normal)]) }

    /// `mantissa × 10^exponent`, or `10^exponent` when the mantissa is nil.
    static func power(mantissa: String? = nil, exponent: Int) -> RichText {
        let base = mantissa.map { $0 + "×10" } ?? "10"
        return RichText(runs: [Run(text: base, position: .normal), Run(text: minusSigns(String(exponent)), position: .superscript)])
    }

    /// Replaces hyphen-minus with the typographic minus sign, as matplotlib does in tick labels.
    static func minusSigns(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "\u{2212}") }

    var isEmpty: Bool { runs.allSatisfy { $0.text.isEmpty } }
}
