/// A value printed in full (`print`, `str`, the REPL): lists and records with every item, tensors NumPy-style. When
/// the value holds more than the threshold of numbers, strings and tensor elements in all, it is summarised as NumPy
/// summarises an array: every list, record and tensor axis longer than twice `edgeItems` shows that many items at
/// each end with `…` between. A list or record met again inside itself prints as `[…]` or `{…}`, and nesting
/// deeper than `maxDepth` is cut the same way, so no value can exhaust the stack.
struct ValueText {
    let options: PrintOptions
    private let summarise: Bool
    /// The lists and records being printed, outermost first: meeting one again is a cycle.
    private var open: Set<ObjectIdentifier> = []
    static let maxDepth = 64

    init(_ v: Value, options: PrintOptions) {
        self.options = options
        var counter = LeafCounter(limit: options.threshold)
        counter.add(v, depth: 0)
        summarise = counter.count > options.threshold
    }

    mutating func text(_ v: Value, depth: Int = 0) -> String {
        switch v {
        case .string(let s): return Printer.quoted(s)
        case .tensor(let t): return TensorText(options: options).text(t, summarise: summarise || t.count > options.threshold)
        case .list(let l):
            guard depth < Self.maxDepth, open.insert(ObjectIdentifier(l)).inserted else { return "[…]" }
            defer { open.remove(ObjectIdentifier(l)) }
            return "[" + Self.joined(shown(l.items.count).map { $0.map { text(l.items[$0], depth: depth + 1) } }) + "]"
        case .record(let r):
            guard depth < Self.maxDepth, open.insert(ObjectIdentifier(r)).inserted else { return "{…}" }
            defer { open.remove(ObjectIdentifier(r)) }
            let entries = r.entries
            return "{" + Self.joined(shown(entries.count).map { $0.map { i in
                let key = Printer.key(entries[i].0) + ": "
                return key + Self.indented(text(entries[i].1, depth: depth + 1), by: key.count)
            } }) + "}"
        default: return Printer.short(v, depth: 1)
        }
    }

    /// The positions of a container's items that print; nil stands for the elided middle.
    private func shown(_ count: Int) -> [Int?] {
        let edge = options.edgeItems
        return summarise && count > 2 * edge ? Array(0..<edge) + [nil] + Array((count - edge)..<count) : Array(0..<count)
    }

    /// Items separated by ", ", nil as `…`; an item over several lines (a tensor) keeps its columns: its later lines
    /// are indented to where it starts.
    private static func joined(_ items: [String?]) -> String {
        var out = "", column = 1  // after the opening bracket
        for (k, item) in items.enumerated() {
            let piece = indented((item ?? "…") + (k == items.count - 1 ? "" : ", "), by: column)
            if let newline = piece.lastIndex(of: "\n") {
                column = piece.distance(from: piece.index(after: newline), to: piece.endIndex)
            } else {
                column += piece.count
            }
            out += piece
        }
        return out
    }

    /// The lines after the first moved right by `n` columns (blank lines stay empty).
    private static func indented(_ text: String, by n: Int) -> String {
        guard text.contains("\n") else { return text }
        let indent = String(repeating: " ", count: n)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { i, line in i == 0 || line.isEmpty ? String(line) : indent + line }.joined(separator: "\n")
    }
}

/// Counts what a value would print (numbers, strings, tensor elements), stopping once past `limit`.
private struct LeafCounter {
    let limit: Int
    private(set) var count = 0
    private var seen: Set<ObjectIdentifier> = []

    init(limit: Int) { self.limit = limit }

    mutating func add(_ v: Value, depth: Int) {
        guard count <= limit else { return }
        switch v {
        case .tensor(let t): count += t.count
        case .list(let l):
            guard depth < ValueText.maxDepth, seen.insert(ObjectIdentifier(l)).inserted else { return }
            for item in l.items where count <= limit { add(item, depth: depth + 1) }
        case .record(let r):
            guard depth < ValueText.maxDepth, seen.insert(ObjectIdentifier(r)).inserted else { return }
            for (_, item) in r.entries where count <= limit { add(item, depth: depth + 1) }
        default: count += 1
        }
    }
}
