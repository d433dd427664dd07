import Foundation

/// A file a statement wrote, for reports: figures are shown with their caption.
public struct WrittenFile: Sendable, Equatable {
    public let url: URL
    /// What the file shows: a plot's title, else the call that drew it; nil for other files.
    public let caption: String?

    public init(_ url: URL, caption: String? = nil) {
        self.url = url
        self.caption = caption
    }
}

/// The two ends of a testbed's training session; what is printed and written in between belongs to the run.
public enum RunEvent: Sendable, Equatable {
    /// `title` names the run and its folder.
    case started(title: String)
    /// `summary` is the run's one-line result (steps, time, final spectrum error).
    case finished(summary: String)
}
