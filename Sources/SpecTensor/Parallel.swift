import Dispatch
import Foundation

/// Splits work over the cores. Kernels that run several BLAS calls side by side switch OpenBLAS to one thread
/// for the duration, so the two levels of parallelism never oversubscribe the cores.
public enum Parallel {
    /// Worker count; `SPEC_THREADS` overrides the core count. Results never depend on it.
    nonisolated(unsafe) public static var threads: Int = {
        if let s = ProcessInfo.processInfo.environment["SPEC_THREADS"], let n = Int(s), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// Runs `body(worker, range)` on contiguous chunks of 0..<count, one chunk per worker; on the calling thread
    /// alone when `parallel` is false (work too small to pay for the hand-off).
    static func chunks(_ count: Int, parallel: Bool = true, _ body: (_ worker: Int, _ range: Range<Int>) -> Void) {
        let workers = parallel ? Swift.min(threads, count) : 1
        guard workers > 1 else { if count > 0 { body(0, 0..<count) }; return }
        let blasThreads = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(blasThreads) }
        // Kernels hand raw buffers to the workers, each writing its own part: safe, though not provably so.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                shared.value(w, (count * w / workers)..<(count * (w + 1) / workers))
            }
        }
    }

    /// Number of chunks `chunks(count)` will use.
    static func workerCount(_ count: Int) -> Int { Swift.max(1, Swift.min(threads, count)) }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
