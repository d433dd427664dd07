/// A named piece of source text.
///
/// Offsets everywhere in SpecSyntax are UTF-8 byte offsets into `text` (cheap to store and compare);
/// lines and columns are computed on demand, 1-based, with columns counted in `Character`s.
/// A class so that every span can refer to its file without copying the text.
public final class SourceFile: Sendable {
    public let name: String
    public let text: String
    /// The UTF-8 bytes of `text`, which the lexer scans.
    public let utf8: [UInt8]
    /// The byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let bytes = Array(text.utf8)
        utf8 = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// `offset` moved into `0...utf8.count`.
    func clamped(_ offset: Int) -> Int { max(0, min(offset, utf8.count)) }

    /// The 1-based number of the line containing `offset`.
    public func line(containing offset: Int) -> Int {
        let target = clamped(offset)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {  // last line start <= target
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= target { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    public func location(of offset: Int) -> SourceLocation {
        let target = clamped(offset)
        let line = line(containing: target)
        let lineStart = lineStarts[line - 1]
        let column = String(decoding: utf8[lineStart..<target], as: UTF8.self).count + 1
        return SourceLocation(line: line, column: column)
    }

    /// The byte range of a 1-based line, without its line terminator (`\n` or `\r\n`).
    public func range(ofLine line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return utf8.count..<utf8.count }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : utf8.count
        if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<end
    }

    /// The text of a 1-based line, without its line terminator.
    public func text(ofLine line: Int) -> String {
        String(decoding: utf8[range(ofLine: line)], as: UTF8.self)
    }
}

/// A 1-based line and column (in characters).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A half-open byte range `start..<end` of a source file.
public struct SourceSpan: Sendable, Equatable, CustomStringConvertible {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    /// Offsets are clamped into the file, and `end` is never before `start`.
    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = file.clamped(start)
        self.end = max(self.start, file.clamped(end))
    }

    /// An empty span at `offset`, e.g. the place where a missing token should be.
    public init(file: SourceFile, at offset: Int) {
        self.init(file: file, start: offset, end: offset)
    }

    public var range: Range<Int> { start..<end }
    public var isEmpty: Bool { start == end }
    public var startLocation: SourceLocation { file.location(of: start) }
    public var endLocation: SourceLocation { file.location(of: end) }
    public var line: Int { file.line(containing: start) }
    public var column: Int { startLocation.column }
    public var text: String { String(decoding: file.utf8[range], as: UTF8.self) }

    /// The smallest span covering both spans (which must be in the same file).
    public func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// Spans are equal when they cover the same bytes of the same file object.
    public static func == (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        lhs.file === rhs.file && lhs.start == rhs.start && lhs.end == rhs.end
    }

    /// `name:line:column`, as in error messages.
    public var description: String { "\(file.name):\(startLocation)" }
}
