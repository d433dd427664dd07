import CMalloc

/// Process-wide memory settings for tensor workloads.
public enum Allocator {
    /// Every op allocates a fresh result of up to tens of megabytes. glibc returns such blocks to the kernel when
    /// they are freed (mmap'd chunks, heap trimming), so the next op page-faults its memory in again, which cost
    /// more than the arithmetic of most elementwise ops (measured 5× on a 1.3 M-element multiply). Keeping freed
    /// blocks in the heap makes them reusable at once; the resident size stays at the peak working set.
    /// Call once at program start.
    public static func keepFreedBlocksForReuse() {
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)  // the largest value glibc accepts on 64-bit
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
        _ = mallopt(M_TOP_PAD, 64 << 20)
    }
}
