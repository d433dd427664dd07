import SpecTensor

/// Convolution shapes of a 64×64 PGGAN discriminator with channels divided by 8, batch 10.
struct ConvShape {
    let cin, cout, k, size: Int
    var name: String { "\(cin)to\(cout)_\(k)x\(k)_\(size)px" }
    var flopsForward: Double { 2 * 10 * Double(cout * size * size * cin * k * k) }
}

enum ConvCases {
    static let shapes = [ConvShape(cin: 3, cout: 32, k: 1, size: 64), ConvShape(cin: 32, cout: 32, k: 3, size: 64),
                         ConvShape(cin: 32, cout: 64, k: 3, size: 64), ConvShape(cin: 64, cout: 64, k: 3, size: 32),
                         ConvShape(cin: 64, cout: 64, k: 3, size: 16), ConvShape(cin: 64, cout: 64, k: 3, size: 8)]

    static func all() -> [BenchCase] {
        shapes.flatMap { s in [sgemm(s), forward(s), forwardBackward(s), direct(forward(s)), direct(forwardBackward(s))] }
    }

    /// The same case with Winograd's algorithm switched off (im2col + GEMM for every shape).
    static func direct(_ c: BenchCase) -> BenchCase {
        BenchCase(name: c.name.replacingOccurrences(of: "conv_", with: "convdirect_"), flops: c.flops) {
            let work = try c.prepare()
            return {
                Winograd.isEnabled = false
                defer { Winograd.isEnabled = true }
                try work()
            }
        }
    }

    static func inputs(_ s: ConvShape) -> (Tensor, Tensor) {
        var rng = RandomGenerator(seed: 0)
        return (Tensor.randn([10, s.cin, s.size, s.size], using: &rng), Tensor.randn([s.cout, s.cin, s.k, s.k], using: &rng))
    }

    /// The bare GEMMs of the forward pass (one per sample, M = C_out, N = H·W, K = C_in·k²), spread over the cores
    /// as the convolution spreads its samples: the ceiling the convolution is compared with.
    static func sgemm(_ s: ConvShape) -> BenchCase {
        BenchCase(name: "sgemm_\(s.name)", flops: s.flopsForward) {
            let m = s.cout, n = s.size * s.size, k = s.cin * s.k * s.k
            var rng = RandomGenerator(seed: 2)
            let a = Tensor.randn([10, m, k], using: &rng), b = Tensor.randn([10, k, n], using: &rng)
            return { _ = try Tensor.matmul(a, b) }
        }
    }

    static func forward(_ s: ConvShape) -> BenchCase {
        BenchCase(name: "conv_fwd_\(s.name)", flops: s.flopsForward) {
            let (x, w) = inputs(s)
            return { _ = try Tensor.conv2d(x, w, padding: (s.k / 2, s.k / 2)) }
        }
    }

    /// Forward, then the input and weight gradients: three GEMMs' worth of work.
    static func forwardBackward(_ s: ConvShape) -> BenchCase {
        BenchCase(name: "conv_fwdbwd_\(s.name)", flops: 3 * s.flopsForward) {
            let (x, w) = inputs(s)
            let xg = x.requiringGrad(), wg = w.requiringGrad()
            var rng = RandomGenerator(seed: 1)
            let g = Tensor.randn([10, s.cout, s.size, s.size], using: &rng)
            return {
                let y = try Tensor.conv2d(xg, wg, padding: (s.k / 2, s.k / 2))
                _ = try gradients(of: y, withRespectTo: [xg, wg], seed: g)
            }
        }
    }
}
