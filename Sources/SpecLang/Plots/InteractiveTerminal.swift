import SpecMedia

/// The terminal an interactive session writes to: how wide it is, whether it shows images inline, whether it
/// takes colours. `show` sizes braille plots to it and shows figures inline through it.
public struct InteractiveTerminal: Sendable {
    /// The width in characters, asked before each plot (so a resized window is followed).
    public var columns: @Sendable () -> Int
    /// The environment that identifies the terminal (`TERM`, `TERM_PROGRAM`, `KITTY_WINDOW_ID`, …).
    public var environment: [String: String]
    /// Whether braille plots are tinted with ANSI colours.
    public var colors: Bool

    public init(columns: @escaping @Sendable () -> Int, environment: [String: String], colors: Bool = true) {
        self.columns = columns
        self.environment = environment
        self.colors = colors
    }

    /// The inline-image protocol the terminal speaks, if any.
    var inlineImages: InlineImageProtocol? { InlineImageProtocol.detect(environment: environment) }

    /// Character cells for a braille plot: the terminal's width (at most 120), a third as many rows (10 to 20).
    var plotSize: (columns: Int, rows: Int) {
        let width = min(max(columns(), 20), 120)
        return (width, min(max(width / 3, 10), 20))
    }
}
