import Foundation
import Testing
import SpecTensor
import SpecSpectrum

/// The 2-D DFT of complex images (…, H, W, 2) by its definition, in float64.
func naiveDFT2(_ x: Tensor, sign: Double, scale: Double = 1) -> [Double] {
    let h = x.shape[x.rank - 3], w = x.shape[x.rank - 2], images = x.count / (h * w * 2)
    var out = [Double](repeating: 0, count: x.count)
    for image in 0..<images {
        let base = image * h * w * 2
        for u in 0..<h {
            for v in 0..<w {
                var re = 0.0, im = 0.0
                for y in 0..<h {
                    for x0 in 0..<w {
                        let theta = sign * 2 * Double.pi * (Double(u * y) / Double(h) + Double(v * x0) / Double(w))
                        let a = Double(x.scalars[base + (y * w + x0) * 2]), b = Double(x.scalars[base + (y * w + x0) * 2 + 1])
                        re += a * cos(theta) - b * sin(theta)
                        im += a * sin(theta) + b * cos(theta)
                    }
                }
                out[base + (u * w + v) * 2] = re * scale
                out[base + (u * w + v) * 2 + 1] = im * scale
            }
        }
    }
    return out
}

func expectValues(_ actual: Tensor, _ expected: [Double], tolerance: Double, _ label: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(label): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    let worst = zip(actual.scalars, expected).map { Swift.abs(Double($0) - $1) }.max() ?? 0
    #expect(worst <= tolerance, "\(label): largest difference \(worst)", sourceLocation: sourceLocation)
}

@Suite("FFT on FFTW")
struct FFTTests {
    static let shapes: [[Int]] = [[2, 8, 8], [3, 5, 7], [1, 6, 3], [4, 1, 4]]

    func random(_ shape: [Int], seed: UInt64 = 7) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, using: &rng)
    }

    @Test("fft2 and ifft2 equal the DFT's definition for every normalisation", arguments: shapes)
    func complexTransforms(shape: [Int]) throws {
        let x = random(shape + [2])
        let n = Double(shape[1] * shape[2])
        for norm in FFTNormalization.allCases {
            let (forwardScale, inverseScale): (Double, Double) = switch norm {
            case .backward: (1, 1 / n)
            case .ortho: (1 / n.squareRoot(), 1 / n.squareRoot())
            case .forward: (1 / n, 1)
            }
            expectValues(try x.fft2(norm: norm), naiveDFT2(x, sign: -1, scale: forwardScale), tolerance: 1e-4 * n, "fft2 \(norm) \(shape)")
            expectValues(try x.ifft2(norm: norm), naiveDFT2(x, sign: 1, scale: inverseScale), tolerance: 1e-4 * n, "ifft2 \(norm) \(shape)")
            expectValues(try x.fft2(norm: norm).ifft2(norm: norm), x.scalars.map(Double.init), tolerance: 1e-5, "round trip \(norm)")
        }
    }

    @Test("rfft2 is the first W/2+1 columns of the full DFT, and irfft2 inverts it", arguments: shapes)
    func realTransforms(shape: [Int]) throws {
        let x = random(shape)
        let w = shape[2], half = w / 2 + 1
        let full = try x.asComplex().fft2(norm: .ortho)
        let expected = try full.slice(axis: -2, start: 0, end: half)
        expectValues(try x.rfft2(norm: .ortho), expected.scalars.map(Double.init), tolerance: 1e-5, "rfft2 \(shape)")
        expectValues(try x.rfft2().irfft2(width: w), x.scalars.map(Double.init), tolerance: 1e-5, "irfft2 ∘ rfft2 \(shape)")
    }

    @Test("irfft2 of any half spectrum is the real part of the inverse DFT of its Hermitian extension")
    func inverseRealOfNonHermitianInput() throws {
        for (h, w) in [(6, 8), (5, 7), (4, 5)] {
            let half = w / 2 + 1
            let y = random([2, h, half, 2], seed: 3)
            // Full spectrum: stored columns as they are, the others mirrored and conjugated.
            var full = [Float](repeating: 0, count: 2 * h * w * 2)
            for image in 0..<2 {
                for u in 0..<h {
                    for v in 0..<w {
                        let (su, sv, conjugate) = v < half ? (u, v, false) : ((h - u) % h, w - v, true)
                        let source = ((image * h + su) * half + sv) * 2, target = ((image * h + u) * w + v) * 2
                        full[target] = y.scalars[source]
                        full[target + 1] = conjugate ? -y.scalars[source + 1] : y.scalars[source + 1]
                    }
                }
            }
            let expected = try Tensor(shape: [2, h, w, 2], scalars: full).ifft2().select(axis: -1, index: 0)
            expectValues(try y.irfft2(width: w), expected.scalars.map(Double.init), tolerance: 1e-5, "irfft2 \(h)×\(w)")
        }
    }

    @Test("bad shapes are errors, not traps")
    func badShapes() {
        #expect(throws: TensorError.self) { try Tensor.zeros([4, 4]).fft2() }
        #expect(throws: TensorError.self) { try Tensor.zeros([4, 4, 3]).ifft2() }
        #expect(throws: TensorError.self) { try Tensor.zeros([0, 4, 2]).fft2() }
        #expect(throws: TensorError.self) { try Tensor.zeros([4]).rfft2() }
        #expect(throws: TensorError.self) { try Tensor.zeros([4, 0]).rfft2() }
        #expect(throws: TensorError.self) { try Tensor.zeros([4, 3, 2]).irfft2(width: 8) }
        #expect(throws: TensorError.self) { try Tensor.zeros([4, 1, 2]).irfft2() }
    }
}
