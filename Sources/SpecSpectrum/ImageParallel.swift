import SpecTensor

/// Splits per-image work over the cores with `Parallel.chunks`, below a size where the hand-off costs more than it
/// saves. Each image is computed with the same arithmetic whoever computes it, so results never depend on the
/// thread count.
enum ImageParallel {
    /// Below this many scalars a job runs on the calling thread.
    static let minimumParallelWork = 1 << 15

    /// Runs `body(piece, range)` on contiguous pieces of 0..<count; `work` is the job's size in scalars.
    static func chunks(_ count: Int, work: Int, _ body: (_ piece: Int, _ range: Range<Int>) -> Void) {
        Parallel.chunks(count, parallel: work >= minimumParallelWork) { chunk in body(chunk.index, chunk.range) }
    }
}
