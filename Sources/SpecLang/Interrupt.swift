import Synchronization

/// A request to stop: checked by the interpreter at every loop iteration and call, and by long-running builtins
/// at every step, so that work stops at the next safe point.
public final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    private let requests = Atomic<Int>(0)

    public init() {}

    public func request() {
        requests.add(1, ordering: .relaxed)
        flag.store(true, ordering: .relaxed)
    }
    public func clear() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool { flag.load(ordering: .relaxed) }
    /// How many requests there have been, cleared or not: tells whether one came after a given moment.
    public var requestCount: Int { requests.load(ordering: .relaxed) }
}

/// The process's Ctrl-C: its SIGINT handler sets this flag (a signal handler cannot know which interpreter runs),
/// and every interpreter watches it unless given a flag of its own (tests do, so they cannot stop each other).
public enum Interrupt {
    public static let process = InterruptFlag()

    public static func request() { process.request() }
    public static func clear() { process.clear() }
    public static var isRequested: Bool { process.isRequested }
}
