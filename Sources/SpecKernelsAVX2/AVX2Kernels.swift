import SpecKernels

/// Kernels compiled for AVX2 (this module alone is built with `-target-cpu haswell`, see Package.swift): calling one
/// on a CPU without AVX2 is an illegal instruction, so SpecTensor calls them only after checking the CPU
/// (`VectorKernels`). Code in this module runs nothing else, not even that check.
public enum AVX2Kernels {
    /// Eight tiles per vector: one AVX register where the four-lane code uses SSE's.
    public static let winograd = WinogradTransformSet(
        input: { WinogradTransforms.transformInput(SIMD8<Float>.self, $0, $1, $2, tiles: $3, into: $4) },
        output: { WinogradTransforms.transformOutput(SIMD8<Float>.self, $0, $1, $2, tiles: $3, into: $4, bias: $5) },
        outputGradient: { WinogradTransforms.transformOutputGradient(SIMD8<Float>.self, $0, $1, $2, tiles: $3, into: $4) })
}
