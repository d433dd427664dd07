import CFFTW
import SpecTensor

/// One kind of 2-D transform run over a batch of images stored back to back, unnormalised.
struct FFTBatch {
    let kind: TransformKind
    let height: Int
    let width: Int

    /// Columns of the half spectrum that a real transform keeps.
    var halfWidth: Int { width / 2 + 1 }

    /// Floats per image read by the transform.
    var inputStride: Int {
        switch kind {
        case .realToComplex: return height * width
        case .complexToReal: return height * halfWidth * 2
        case .complex: return height * width * 2
        }
    }

    /// Floats per image written by the transform.
    var outputStride: Int {
        switch kind {
        case .realToComplex: return height * halfWidth * 2
        case .complexToReal: return height * width
        case .complex: return height * width * 2
        }
    }

    /// The plan for these arrays: the aligned (SIMD) plan when every image's arrays allow it.
    func plan(input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int) throws -> OpaquePointer {
        let pointers = (0..<count).flatMap { [input + $0 * inputStride, output + $0 * outputStride] }
        return try FFTPlanCache.shared.plan(kind, height: height, width: width, aligned: fftwAligned(pointers))
    }

    /// Transforms `count` images in parallel and multiplies the results by `scale`. A complex-to-real transform
    /// overwrites its input.
    func run(input: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, count: Int, scale: Float = 1) throws {
        let plan = try plan(input: input, output: output, count: count)
        let inStride = inputStride, outStride = outputStride
        ImageParallel.chunks(count, work: count * height * width) { _, range in
            for i in range {
                let out = output + i * outStride
                execute(plan, input + i * inStride, out)
                if scale != 1 { for j in 0..<outStride { out[j] *= scale } }
            }
        }
    }

    /// Transforms `count` images of `input` (left unchanged unless this is a complex-to-real transform, which
    /// needs a scratch copy it may destroy) into a new array.
    func callAsFunction(_ input: UnsafeBufferPointer<Float>, count: Int, scale: Float) throws -> [Float] {
        guard input.count == count * inputStride else {
            throw TensorError.message("FFT input holds \(input.count) values, expected \(count * inputStride)")
        }
        guard let base = input.baseAddress, count > 0 else { return [] }
        return try [Float](unsafeUninitializedCapacity: count * outputStride) { out, initialized in
            guard let outBase = out.baseAddress else { return }
            try run(input: UnsafeMutablePointer(mutating: base), output: outBase, count: count, scale: scale)
            initialized = count * outputStride
        }
    }

    /// Transforms one image with a plan from `plan(input:output:count:)`.
    func execute(_ plan: OpaquePointer, _ input: UnsafeMutablePointer<Float>, _ output: UnsafeMutablePointer<Float>) {
        let rawIn = UnsafeMutableRawPointer(input), rawOut = UnsafeMutableRawPointer(output)
        switch kind {
        case .realToComplex:
            fftwf_execute_dft_r2c(plan, input, rawOut.assumingMemoryBound(to: fftwf_complex.self))
        case .complexToReal:
            fftwf_execute_dft_c2r(plan, rawIn.assumingMemoryBound(to: fftwf_complex.self), output)
        case .complex:
            fftwf_execute_dft(plan, rawIn.assumingMemoryBound(to: fftwf_complex.self), rawOut.assumingMemoryBound(to: fftwf_complex.self))
        }
    }
}
