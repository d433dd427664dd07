import Synchronization

/// Set by Ctrl-C (from a signal handler) and checked by the interpreter at every loop iteration and call, and by
/// long-running builtins at every step, so that work stops at the next safe point.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }
}
