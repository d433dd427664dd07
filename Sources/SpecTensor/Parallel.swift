import Foundation

/// Splits work over the cores: a section's items are cut into contiguous pieces, one per worker, which the calling
/// thread and `WorkerPool`'s helpers take as they come free. Results never depend on scheduling; they can depend on
/// the thread count in the last bits, where a sum keeps one partial per piece (weight gradients).
public enum Parallel {
    /// Worker count; `SPEC_THREADS` overrides the core count. At most 1024 (`WorkerPool` counts pieces in 16 bits).
    public static let threads: Int = {
        if let s = ProcessInfo.processInfo.environment["SPEC_THREADS"], let n = Int(s), n > 0 { return Swift.min(n, 1024) }
        return Swift.min(ProcessInfo.processInfo.activeProcessorCount, 1024)
    }()

    /// spec splits work over the cores itself (samples of a convolution, rows of a product), each worker calling
    /// single-threaded OpenBLAS. Letting OpenBLAS start threads of its own as well would oversubscribe the cores,
    /// and its idle threads spin between calls (measured: 5–7 % of a training step in sched_yield); the ones it
    /// starts when loaded are stopped.
    static let blasConfigured: Void = BLASThreads.runOnCallingThreadOnly()

    /// One piece of a parallel section: `range` of the section's items, piece number `index`. Pieces never
    /// outnumber the threads, and no two run at once with the same index, so scratch is kept per index
    /// (`pieces(count)` of it); sums over pieces keep one partial per index, added in order, so that which thread
    /// ran which piece never changes a result.
    public struct Chunk {
        public let index: Int, range: Range<Int>
    }

    /// A section of `count` items is cut into one piece per worker. More pieces than workers (4 and 8, which would
    /// let a core that runs late hand more work to the other, and make the pieces independent of the thread count)
    /// made training steps slower on two threads: more padding, smaller Winograd blocks, more partial sums.
    public static func pieces(_ count: Int) -> Int { Swift.min(count, threads) }

    /// Runs `body` on the pieces of 0..<count (contiguous ranges, in order of index), spread over the workers; on
    /// the calling thread in one piece when `parallel` is false (work too small to pay for the hand-off).
    public static func chunks(_ count: Int, parallel: Bool = true, _ body: (Chunk) -> Void) {
        guard count > 0 else { return }
        let pieces = parallel ? pieces(count) : 1
        if pieces > 1, WorkerPool.shared.run(count: count, pieces: pieces, body) { return }
        for p in 0..<pieces { body(Chunk(index: p, range: count * p / pieces ..< count * (p + 1) / pieces)) }
    }

    /// Parts each of `items` items is cut into by `chunks(items:partsOf:)`: one, unless there are fewer items than
    /// workers (a batch of one image), then one per worker, at most `size`.
    public static func parts(items: Int, size: Int) -> Int { items >= threads ? 1 : Swift.max(1, Swift.min(size, threads)) }

    /// Pieces `chunks(items:partsOf:)` uses, for scratch and partial sums kept per piece.
    public static func pieces(items: Int, partsOf size: Int) -> Int { pieces(items * parts(items: items, size: size)) }

    /// Runs `body(piece, item, part)` for every item of 0..<items, whole or cut into contiguous parts of 0..<size
    /// (`parts(items:size:)`; whole when `parallel` is false), spread over the workers; `piece` is the index of the
    /// `Chunk` it lies in.
    public static func chunks(items: Int, partsOf size: Int, parallel: Bool = true,
                              _ body: (_ piece: Int, _ item: Int, _ part: Range<Int>) -> Void) {
        let parts = parallel ? parts(items: items, size: size) : 1
        chunks(items * parts, parallel: parallel) { chunk in
            for k in chunk.range {
                let (item, p) = k.quotientAndRemainder(dividingBy: parts)
                body(chunk.index, item, size * p / parts ..< size * (p + 1) / parts)
            }
        }
    }

    /// Σ over pieces of `partials` (`pieces` consecutive blocks of `size` values), added in order of piece, the
    /// values split over the workers.
    static func sumOfPieces(_ partials: [Float], pieces: Int, size: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: size) { out, n in
            n = size
            guard size > 0 else { return }
            partials.withUnsafeBufferPointer { pp in
                let pp = pp.baseAddress!, po = out.baseAddress!
                chunks(size, parallel: pieces * size >= minimumElements) { chunk in
                    for i in chunk.range { po[i] = pp[i] }
                    for p in 1..<pieces {
                        let part = pp + p &* size
                        for i in chunk.range { po[i] += part[i] }
                    }
                }
            }
        }
    }

    /// Memory-bound passes (resampling filters, pixel norm, gathers and scatters, a leaky ReLU's gradient) stay on
    /// one thread below this many values. With libdispatch waking a thread per section, splitting them gained no
    /// testbed step anything at any threshold (8 M was used); with the worker pool, 256 K took the generator
    /// testbed's median from 84 to 74 ms and the discriminator's from 314 to 289 ms, and 64 K the baboon
    /// generator's (one 128² image, whose layers are small) from 17.1 to 15.7 ms (two threads, alternating rounds).
    /// Compute-bound kernels (convolutions, products) split whenever there are two samples or row blocks.
    /// Elementwise ops over a closure never split (`mapScalars`).
    static let minimumElements = 1 << 16
}


