import Dispatch
import SpecTensor

/// Splits per-image work over the cores (`Parallel.threads`, which `SPEC_THREADS` overrides). Each image is
/// computed by exactly one worker with the same arithmetic, so results never depend on the thread count.
enum ImageParallel {
    /// Below this many scalars a job runs on the calling thread: handing it off would cost more than it saves.
    static let minimumParallelWork = 1 << 15

    /// How many workers `chunks` uses for `count` items and `work` scalars.
    static func workers(_ count: Int, work: Int) -> Int {
        work < minimumParallelWork ? 1 : Swift.max(1, Swift.min(Parallel.threads, count))
    }

    /// Runs `body(worker, range)` on contiguous chunks of 0..<count; `work` is the job's size in scalars.
    static func chunks(_ count: Int, work: Int, _ body: (_ worker: Int, _ range: Range<Int>) -> Void) {
        let workers = workers(count, work: work)
        guard workers > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        // Workers write disjoint parts of raw buffers: safe, though the compiler cannot prove it.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendableBox(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                shared.value(w, (count * w / workers)..<(count * (w + 1) / workers))
            }
        }
    }
}

private struct UncheckedSendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
