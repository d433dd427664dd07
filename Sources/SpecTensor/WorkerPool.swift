import Foundation
import Synchronization

/// Helper threads that stay up between parallel sections and take a section's pieces as they come free.
///
/// Why not `DispatchQueue.concurrentPerform`, which spec used before: it woke a pool thread for every section, and
/// on this project's 2-vCPU virtual machines a vCPU that has gone idle is slow to wake. In a generator testbed step
/// (about 40 sections) the second worker started 2.6 ms late in all, 30 ms in the machine's slow phases, and one
/// core sat idle for 12–29 % of the time spent in sections (measured, issue 17). Helpers here spin for a
/// millisecond after a section, since the next one usually follows sooner, then sleep; and whichever thread is
/// free first claims the next piece, so the calling thread takes a late helper's piece itself.
///
/// Which thread runs a piece never changes a result: kernels that sum over pieces keep one partial per piece
/// (`Parallel.Chunk.index`) and add them in order.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool(helpers: Parallel.threads - 1)

    /// How long an idle helper spins before it sleeps: the serial stretches between a training step's parallel
    /// sections are mostly shorter.
    static let spinNanoseconds: UInt64 = 1_000_000

    let helpers: Int
    /// The current section's claim word: section number (bits 32 and up), piece count (bits 16–31), next unclaimed
    /// piece (bits 0–15). One word, so that a claim always matches the section it was made for.
    private let claims = Atomic<Int>(0)
    /// Pieces of the current section that have finished.
    private let finished = Atomic<Int>(0)
    /// Set while a section runs; a section started meanwhile (from another thread, or nested in a piece) runs on
    /// its own caller's thread.
    private let busy = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let wake = NSCondition()
    private var section = 0
    // Written by the calling thread before it publishes the claim word, read by helpers after they claim a piece.
    private var body: ((Parallel.Chunk) -> Void)?
    private var count = 0, pieces = 0

    private init(helpers: Int) {
        self.helpers = Swift.max(0, helpers)
        for _ in 0..<self.helpers {
            let thread = Thread { [unowned self] in self.helperLoop() }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body` on pieces 0..<pieces of 0..<count, on this thread and the helpers; returns when all are done.
    /// False, having run nothing, when another section is running: the caller then runs the pieces itself.
    func run(count: Int, pieces: Int, _ body: (Parallel.Chunk) -> Void) -> Bool {
        guard helpers > 0, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            self.body = body
            self.count = count
            self.pieces = pieces
            finished.store(0, ordering: .relaxed)
            section = (section + 1) & 0x7FFF_FFFF
            claims.store(section << 32 | pieces << 16, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                wake.lock()
                wake.broadcast()
                wake.unlock()
            }
            while let piece = claim() { runPiece(piece) }
            var spins = 0
            while finished.load(ordering: .acquiring) < pieces {
                spins += 1
                if spins > 1000 { sched_yield() }  // the helper may share this core with other processes' threads
            }
            self.body = nil
        }
        return true
    }

    /// The next unclaimed piece of the current section, if any.
    private func claim() -> Int? {
        var word = claims.load(ordering: .acquiring)
        while true {
            let next = word & 0xFFFF, pieces = (word >> 16) & 0xFFFF
            guard next < pieces else { return nil }
            let (exchanged, original) = claims.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            if exchanged { return next }
            word = original
        }
    }

    /// Runs one claimed piece; the body's references are released before the piece counts as finished, since the
    /// calling thread's `withoutActuallyEscaping` checks that none is left when the section ends.
    @inline(never)
    private func runPiece(_ piece: Int) {
        if let body {
            body(Parallel.Chunk(index: piece, range: count * piece / pieces ..< count * (piece + 1) / pieces))
        }
        finished.add(1, ordering: .releasing)
    }

    private func helperLoop() {
        var idleSince = DispatchTime.now().uptimeNanoseconds
        while true {
            if let piece = claim() {
                runPiece(piece)
                idleSince = DispatchTime.now().uptimeNanoseconds
            } else if DispatchTime.now().uptimeNanoseconds - idleSince > Self.spinNanoseconds {
                sleepUntilWork()
                idleSince = DispatchTime.now().uptimeNanoseconds
            }
        }
    }

    /// Sleeps until a section with unclaimed pieces is published. Registering as a sleeper before the last check,
    /// both sequentially consistent, means `run` either sees the sleeper and wakes it or the helper sees the section.
    private func sleepUntilWork() {
        wake.lock()
        sleepers.add(1, ordering: .sequentiallyConsistent)
        while true {
            let word = claims.load(ordering: .sequentiallyConsistent)
            if word & 0xFFFF < (word >> 16) & 0xFFFF { break }
            wake.wait()
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        wake.unlock()
    }
}
