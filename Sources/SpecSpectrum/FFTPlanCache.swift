import CFFTW
import Foundation
import SpecTensor

/// The single-image 2-D transforms spec runs through FFTW.
enum TransformKind: Hashable, Sendable {
    /// Real (H, W) → half spectrum (H, W/2+1) complex.
    case realToComplex
    /// Half spectrum → real (H, W), assuming Hermitian symmetry; destroys its input.
    case complexToReal
    /// Complex (H, W) → complex, with the sign of the exponent: −1 forward, +1 inverse (both unnormalised).
    case complex(sign: Int32)
}

/// FFTW plans for one image, made once per (kind, shape, alignment) and kept for the life of the process.
///
/// Plan creation is not thread-safe in FFTW, so it runs under a lock; executing a plan through the new-array
/// interface (`fftwf_execute_dft_*`) is thread-safe, so one plan serves every worker and every batch size.
/// Plans use `FFTW_ESTIMATE`: `FFTW_MEASURE` chooses among algorithms by timing them, which makes results
/// depend on the machine's load (they are not bit-reproducible from run to run) and costs 0.03–0.1 s per
/// shape; on this machine it gained at most 1.6× for a single transform (128×128) and nothing at 256×256.
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()

    private struct Key: Hashable {
        let kind: TransformKind
        let height: Int, width: Int
        let aligned: Bool
    }

    private let lock = NSLock()
    private var plans: [Key: OpaquePointer] = [:]

    /// The plan for one image; an aligned plan may only run on arrays for which `fftwf_alignment_of` is 0.
    func plan(_ kind: TransformKind, height: Int, width: Int, aligned: Bool) throws -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        let key = Key(kind: kind, height: height, width: width, aligned: aligned)
        if let plan = plans[key] { return plan }
        let plan = try makePlan(key)
        plans[key] = plan
        return plan
    }

    private func makePlan(_ key: Key) throws -> OpaquePointer {
        guard key.height > 0, key.width > 0, key.height <= Int(Int32.max), key.width <= Int(Int32.max) else {
            throw TensorError.message("cannot plan an FFT of size \(key.height)×\(key.width)")
        }
        let h = Int32(key.height), w = Int32(key.width)
        let halfCount = key.height * (key.width / 2 + 1)
        let fullCount = key.height * key.width
        // Planning with FFTW_ESTIMATE never touches the arrays; they only tell FFTW the alignment.
        guard let real = fftwf_alloc_real(fullCount * 2), let complex = fftwf_alloc_complex(Swift.max(halfCount, fullCount)) else {
            throw TensorError.message("out of memory planning a \(key.height)×\(key.width) FFT")
        }
        defer { fftwf_free(real); fftwf_free(complex) }
        let alignment = key.aligned ? 0 : UInt32(FFTW_UNALIGNED)
        let plan: OpaquePointer?
        switch key.kind {
        case .realToComplex:
            plan = fftwf_plan_dft_r2c_2d(h, w, real, complex, UInt32(FFTW_ESTIMATE) | UInt32(FFTW_PRESERVE_INPUT) | alignment)
        case .complexToReal:
            plan = fftwf_plan_dft_c2r_2d(h, w, complex, real, UInt32(FFTW_ESTIMATE) | UInt32(FFTW_DESTROY_INPUT) | alignment)
        case .complex(let sign):
            let input = UnsafeMutableRawPointer(real).assumingMemoryBound(to: fftwf_complex.self)
            plan = fftwf_plan_dft_2d(h, w, input, complex, sign, UInt32(FFTW_ESTIMATE) | UInt32(FFTW_PRESERVE_INPUT) | alignment)
        }
        guard let plan else { throw TensorError.message("FFTW could not plan a \(key.height)×\(key.width) transform") }
        return plan
    }
}

/// Whether every pointer has the alignment FFTW's aligned plans were made for.
func fftwAligned(_ pointers: [UnsafeMutablePointer<Float>]) -> Bool {
    pointers.allSatisfy { fftwf_alignment_of($0) == 0 }
}
