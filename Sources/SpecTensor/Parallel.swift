import Dispatch
import Foundation

/// Splits work over the cores: contiguous chunks, one per worker, so results never depend on scheduling.
public enum Parallel {
    /// Worker count; `SPEC_THREADS` overrides the core count. Sums split into one partial per worker (weight
    /// gradients) round differently with a different count, so bit-for-bit reruns need the same one.
    nonisolated(unsafe) public static var threads: Int = {
        if let s = ProcessInfo.processInfo.environment["SPEC_THREADS"], let n = Int(s), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// spec splits work over the cores itself (samples of a convolution, rows of a product), each worker calling
    /// single-threaded OpenBLAS. Letting OpenBLAS start threads of its own as well would oversubscribe the cores,
    /// and its idle threads spin between calls (measured: 5–7 % of a training step in sched_yield).
    static let blasConfigured: Void = BLASThreads.set(1)

    /// Runs `body(worker, range)` on contiguous chunks of 0..<count, one chunk per worker; on the calling thread
    /// alone when `parallel` is false (work too small to pay for the hand-off). Each worker writes its own part.
    static func chunks(_ count: Int, parallel: Bool = true, _ body: (_ worker: Int, _ range: Range<Int>) -> Void) {
        let workers = parallel ? Swift.min(threads, count) : 1
        guard workers > 1 else { if count > 0 { body(0, 0..<count) }; return }
        // Kernels hand raw buffers to the workers, each writing its own part: safe, though not provably so.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                shared.value(w, (count * w / workers)..<(count * (w + 1) / workers))
            }
        }
    }

    /// Memory-bound passes (resampling filters, a leaky ReLU's gradient) stay on one thread below this many values:
    /// from 256 K values on, two threads made bilinear upsampling of 1.3 M values 1.3× faster but no testbed step
    /// faster (measured; the step is bound by the convolutions). Compute-bound kernels (convolutions, products)
    /// split whenever there are two samples or row blocks. Elementwise ops over a closure never split (`mapScalars`).
    static let minimumElements = 1 << 23

    /// Number of chunks `chunks(count)` will use.
    static func workerCount(_ count: Int) -> Int { Swift.max(1, Swift.min(threads, count)) }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
