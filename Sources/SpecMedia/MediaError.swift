/// Every failure of the media layer: bad files, bad arguments, failed writes. Messages name the file or argument.
public enum MediaError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case fileNotFound(String)
    /// The file exists but is not a readable PNG (garbage, truncated, unsupported); the second value is why.
    case corruptPNG(String, String)
    /// An argument the caller gave is unusable (shape, range, count, empty data).
    case invalidArgument(String)
    /// A figure path whose extension is not .png, .svg or .pdf.
    case unsupportedFormat(String)
    /// Writing a file failed; the second value is why.
    case writeFailed(String, String)
    /// Cairo reported an error while drawing.
    case drawing(String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): return "no such file: \(path)"
        case let .corruptPNG(path, why): return "\(path) is not a readable PNG image: \(why)"
        case .invalidArgument(let why): return why
        case .unsupportedFormat(let path):
            return "cannot tell the figure format of \(path): use a .png, .svg or .pdf extension"
        case let .writeFailed(path, why): return "cannot write \(path): \(why)"
        case .drawing(let why): return "drawing failed: \(why)"
        }
    }
}
