import Foundation
import SpecKernels
import SpecKernelsAVX2

/// Which compiled copy of the vector kernels this process runs: the AVX2 build when the CPU has what it was
/// compiled for, the portable four-lane build otherwise. `SPEC_AVX2=0` in the environment forces the portable one.
/// Both copies of Winograd's transforms give the same bits (SpecKernels' `TileLanes`); the products are spec's AVX2
/// kernel or OpenBLAS, whose own kernels depend on the CPU, so they can differ in the last bits between machines.
public enum VectorKernels {
    public static let useAVX2 = ProcessInfo.processInfo.environment["SPEC_AVX2"] != "0" && cpuHasHaswellFeatures

    static let winograd: WinogradTransformSet = useAVX2 ? AVX2Kernels.winograd : .fourLanes

    /// C = A · B for row-major matrices (β = 0): spec's AVX2 kernel, which packs nothing, for the small products of
    /// Winograd's blocks, else OpenBLAS.
    @inline(__always)
    static func multiply(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         c: UnsafeMutablePointer<Float>, ldc: Int) {
        if useAVX2 {
            AVX2Kernels.multiply(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        } else {
            sgemm(transA: false, transB: false, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
        }
    }

    /// The features `-target-cpu haswell` lets the compiler use, as the kernel lists them in /proc/cpuinfo (it
    /// leaves out AVX when the OS does not save its registers). Elsewhere than Linux on x86-64: false.
    static let cpuHasHaswellFeatures: Bool = {
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }))
        return ["avx", "avx2", "fma", "bmi1", "bmi2", "abm", "movbe", "f16c"].allSatisfy { flags.contains($0) }
        #else
        return false
        #endif
    }()
}
