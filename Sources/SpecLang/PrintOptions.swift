/// How much of a value printing shows (NumPy's print options). A session keeps its own (`print_options`).
public struct PrintOptions: Sendable, Equatable {
    /// Values printed in full: a tensor, list or record holding more shows `edgeItems` at each end of every axis.
    public var threshold = 1000
    public var edgeItems = 3
    /// Digits after the point (or of the mantissa in scientific notation) that tensors print at most.
    public var precision = 4
    /// Characters per line before a tensor's row wraps.
    public var lineWidth = 80

    public init() {}

    /// The fields as `print_options()` names them, with their allowed ranges.
    static let fields: [(name: String, key: any WritableKeyPath<PrintOptions, Int> & Sendable, range: ClosedRange<Int>, doc: String)] = [
        ("threshold", \.threshold, 0...100_000_000, "values printed in full (default 1000); beyond it the middle is elided"),
        ("edgeitems", \.edgeItems, 1...1000, "items shown at each end of an elided axis, list or record (default 3)"),
        ("precision", \.precision, 0...16, "digits after the point that tensors print at most (default 4)"),
        ("linewidth", \.lineWidth, 20...100_000, "characters per line before a tensor's row wraps (default 80)"),
    ]

    var record: Value { .record(RecordRef(Self.fields.map { ($0.name, .number(Double(self[keyPath: $0.key]))) })) }
}
