import CMalloc

/// Process-wide memory settings for tensor workloads.
public enum Allocator {
    /// Every op allocates a fresh result of up to tens of megabytes. glibc returns such blocks to the kernel when
    /// they are freed (mmap'd chunks, heap trimming), so the next op page-faults its memory in again, which cost
    /// more than the arithmetic of most elementwise ops (measured 5× on a 1.3 M-element multiply). Keeping freed
    /// blocks in the heap makes them reusable at once; the resident size stays at the peak working set. Blocks
    /// above the largest mmap threshold glibc accepts (32 MB) would still be mmap'd afresh each time, so mmap is
    /// off for allocations (a product of 16.8 M values: 42 → 15 ms, measured); glibc still maps memory to grow
    /// the heap when it cannot extend it.
    /// Worker threads allocate scratch too, and glibc would give each its own arena with its own free blocks; one
    /// arena lets every thread reuse what any thread freed (measured: 6–9 MB less peak RSS in a discriminator step
    /// on two threads, no change in time). Call once at program start, before any other thread allocates.
    public static func keepFreedBlocksForReuse() {
        _ = mallopt(M_ARENA_MAX, 1)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)  // the largest value glibc accepts on 64-bit
        _ = mallopt(M_MMAP_MAX, 0)
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
        _ = mallopt(M_TOP_PAD, 64 << 20)
    }
}
