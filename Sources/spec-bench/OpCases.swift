import SpecTensor

/// Elementwise, reduction and resampling ops at the size of the largest activation of the 64×64 discriminator
/// (batch 10, 32 channels, 64×64: 1.3 M values), forward and forward + backward; and one product of 16.8 M values
/// (67 MB, above the size glibc would serve with fresh pages from mmap each time).
enum OpCases {
    static let shape = [10, 32, 64, 64]
    static let largeShape = [4, 4, 1024, 1024]

    static func all() -> [BenchCase] {
        let ops: [(String, (Tensor) throws -> Tensor)] = [
            ("leaky_relu", { $0.leakyRelu(0.2) }),
            ("mul_scalar", { $0 * 0.5 }),
            ("add_bias", { try $0 + Tensor.full([1, 32, 1, 1], 0.1) }),
            ("mul_same_shape", { try $0 * $0 }),
            ("exp", { $0.exp() }),
            ("sum_hw", { try $0.sum(axes: [2, 3]) }),
            ("avg_pool2d", { try $0.avgPool2d() }),
            ("blurpool", { try $0.blurPool() }),
            ("upsample_bilinear", { try $0.upsampleBilinear() }),
            ("upsample_zeros", { try $0.upsampleZeros() }),
            ("pad_reflect", { try $0.padded([1, 1, 1, 1], mode: .reflect) }),
            ("subsample", { try $0.subsample() }),
            ("pixel_norm", { try $0.pixelNorm() }),
        ]
        return ops.flatMap { name, f in [forward(name, f), forwardBackward(name, f)] }
            + [forward("mul_same_shape_67MB", shape: largeShape) { try $0 * $0 }]
    }

    static func input(_ shape: [Int] = shape) -> Tensor {
        var rng = RandomGenerator(seed: 0)
        return Tensor.randn(shape, using: &rng)
    }

    static func forward(_ name: String, shape: [Int] = shape, _ f: @escaping (Tensor) throws -> Tensor) -> BenchCase {
        BenchCase(name: "op_fwd_\(name)") {
            let x = input(shape)
            return { _ = try f(x) }
        }
    }

    static func forwardBackward(_ name: String, _ f: @escaping (Tensor) throws -> Tensor) -> BenchCase {
        BenchCase(name: "op_fwdbwd_\(name)") {
            let x = input().requiringGrad()
            return {
                let y = try f(x)
                _ = try gradients(of: y, withRespectTo: [x], seed: Tensor.ones(y.shape))
            }
        }
    }
}
