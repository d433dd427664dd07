/// Errors of testbed runs: a setup that cannot run, a run folder that cannot be read or continued, a file that
/// cannot be written. Builtins report them at their call (`Arguments.checked`).
enum RunError: Error, Equatable, CustomStringConvertible {
    /// The testbed cannot be set up with these models, data or settings.
    case setup(String)
    /// A run folder is missing, of another format, or holds something that does not fit.
    case folder(String)
    /// Writing a file of the run failed.
    case write(path: String, reason: String)

    var description: String {
        switch self {
        case .setup(let m), .folder(let m): return m
        case let .write(path, reason): return "cannot write \(path): \(reason)"
        }
    }
}
