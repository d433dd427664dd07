import COpenBLAS
import Foundation

/// C = alpha · op(A) · op(B) + beta · C on raw row-major buffers; op transposes when asked.
/// `lda`, `ldb`, `ldc` are the row lengths of the stored matrices.
@inline(__always)
func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
           a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
           beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
    Parallel.blasConfigured
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The thread count OpenBLAS uses for one call.
public enum BLASThreads {
    public static var count: Int { Int(openblas_get_num_threads()) }
    public static func set(_ n: Int) { openblas_set_num_threads(Int32(n)) }

    /// Runs OpenBLAS on the calling thread only, and stops the helper threads it started when it was loaded:
    /// told to use one thread, OpenBLAS (pthreads build, 0.3.21) still left one of them calling sched_yield in a
    /// loop, 4 % of a two-thread training step's CPU time taken from spec's own workers (perf, issue 17). The
    /// shutdown is looked up by name, since other builds of OpenBLAS (OpenMP) do not have it; OpenBLAS starts its
    /// threads again only if asked for more than one.
    static func runOnCallingThreadOnly() {
        set(1)
        typealias Shutdown = @convention(c) () -> Int32
        if let shutdown = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") {
            _ = unsafeBitCast(shutdown, to: Shutdown.self)()
        }
    }
}
