/// A notebook cell: the text from a `#%% title` marker line (at the start of a line, after optional blanks)
/// up to the next marker. Text before the first marker forms an untitled cell without a marker.
public struct Cell: Sendable, Equatable {
    /// Position among the cells of the file, from 0.
    public let index: Int
    /// The marker's text after `#%%`, trimmed; empty for an untitled marker and for the text before the first marker.
    public let title: String
    /// The marker line without its line break; nil for the text before the first marker.
    public let marker: SourceSpan?
    /// The whole cell, from its marker line to the start of the next marker line.
    public let span: SourceSpan

    public init(index: Int, title: String, marker: SourceSpan?, span: SourceSpan) {
        self.index = index
        self.title = title
        self.marker = marker
        self.span = span
    }

    /// The cell's lines, 1-based, including the marker line.
    public var lines: ClosedRange<Int> {
        let first = span.file.line(containing: span.start)
        return first...max(first, span.file.line(containing: span.end - 1))
    }

    /// The cell without its marker line.
    public var body: SourceSpan {
        guard let marker else { return span }
        let file = span.file
        let markerLine = file.line(containing: marker.start)
        let bodyStart = markerLine < file.lineCount ? file.lineStarts[markerLine] : span.end  // next line's start
        return SourceSpan(file: file, start: min(bodyStart, span.end), end: span.end)
    }

    /// The cell's code as reports show it and re-runs compare it: the body without leading and trailing line breaks.
    public var source: String {
        let text = body.text
        let isBreak = { (c: Character) in c == "\n" || c == "\r\n" || c == "\r" }
        return String(text.drop(while: isBreak).reversed().drop(while: isBreak).reversed())
    }

    /// The name a prompt and a report show: the title, or "Cell N" (counted from 1) for an untitled cell.
    public var displayTitle: String { title.isEmpty ? "Cell \(index + 1)" : title }

    /// The cells of `file`, or of its part `range` (cells are then clipped to the range).
    public static func split(_ file: SourceFile, range: Range<Int>? = nil) -> [Cell] {
        let limit = range ?? 0..<file.utf8.count
        let firstLine = file.line(containing: limit.lowerBound)
        let lastLine = limit.isEmpty ? firstLine : file.line(containing: limit.upperBound - 1)
        var markers: [(line: Int, title: String)] = []
        for line in firstLine...lastLine {
            if let title = markerTitle(of: file.text(ofLine: line)) { markers.append((line, title)) }
        }
        let cellStart = { (line: Int) in max(limit.lowerBound, file.lineStarts[line - 1]) }
        var cells: [Cell] = []
        let preambleEnd = markers.first.map { cellStart($0.line) } ?? limit.upperBound
        let preamble = SourceSpan(file: file, start: limit.lowerBound, end: preambleEnd)
        // Comments alone before the first marker are the notebook's introduction (`introduction(of:)`), not a cell.
        if markers.isEmpty || !isCommentsOnly(preamble.text) {
            cells.append(Cell(index: 0, title: "", marker: nil, span: preamble))
        }
        for (position, marker) in markers.enumerated() {
            let start = cellStart(marker.line)
            let end = position + 1 < markers.count ? cellStart(markers[position + 1].line) : limit.upperBound
            let markerRange = file.range(ofLine: marker.line)
            cells.append(Cell(index: cells.count, title: marker.title,
                              marker: SourceSpan(file: file, start: markerRange.lowerBound, end: markerRange.upperBound),
                              span: SourceSpan(file: file, start: start, end: end)))
        }
        return cells
    }

    /// The comment lines before the first cell marker, without their `#`, when nothing but comments and blank lines
    /// comes before it: what a notebook says about itself, for its report. Nil when there is no such text.
    public static func introduction(of file: SourceFile) -> String? {
        var lines: [String] = []
        for line in 1...max(1, file.lineCount) {
            let text = file.text(ofLine: line)
            if markerTitle(of: text) != nil { break }
            let content = text.trimmingBlanks()
            guard content.isEmpty || content.hasPrefix("#") else { return nil }
            lines.append(content.isEmpty ? "" : String(content.dropFirst().drop { $0 == " " }))
            if line == file.lineCount { return nil }  // no marker: the whole file is one cell
        }
        let text = lines.joined(separator: "\n").trimmingBlanks()
        return text.isEmpty ? nil : text
    }

    private static func isCommentsOnly(_ text: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: true).allSatisfy {
            let content = $0.trimmingBlanks()
            return content.isEmpty || content.hasPrefix("#")
        }
    }

    /// The title if `line` is a cell marker (`#%%` after optional blanks), else nil.
    static func markerTitle(of line: String) -> String? {
        let content = line.drop { $0 == " " || $0 == "\t" }
        guard content.hasPrefix("#%%") else { return nil }
        return content.dropFirst(3).trimmingBlanks()
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    func trimmingBlanks() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
