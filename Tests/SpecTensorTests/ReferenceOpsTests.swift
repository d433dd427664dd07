import Testing
@testable import SpecTensor
import SpecTestSupport

@Suite("Reference: resampling ops and conv2d")
struct ReferenceOpsTests {
    static let resampling: [(String, @Sendable (Tensor) throws -> Tensor)] = [
        ("up_bilinear", { try $0.upsampleBilinear() }),
        ("up_nearest", { try $0.upsampleNearest() }),
        ("up_zeros", { try $0.upsampleZeros() }),
        ("up_shuffle", { try $0.pixelShuffle() }),
        ("down_avg", { try $0.avgPool2d() }),
        ("down_stride", { try $0.subsample() }),
        ("down_blurpool", { try $0.blurPool() }),
    ]

    @Test("up/down-sampling matches the reference", arguments: [8, 16])
    func resamplingOps(h: Int) throws {
        for (op, f) in Self.resampling {
            let c = try ReferenceCase("\(op)_H\(h)")
            expectClose(try f(c.input("x")), try c.output("y"), c.tolerance(), c.name)
        }
    }

    @Test("conv2d with each padding mode matches the reference, with its gradients",
          arguments: PaddingMode.allCases)
    func conv(mode: PaddingMode) throws {
        let c = try ReferenceCase("conv3x3_\(mode.rawValue)")
        let tol = c.tolerance()
        let x = try c.input("x").requiringGrad(), w = try c.input("weight").requiringGrad()
        let b = try c.input("bias").requiringGrad()
        let padded = mode == .zeros ? x : try x.padded([1, 1, 1, 1], mode: mode)
        if mode != .zeros { expectClose(padded, try c.output("x_padded"), tol, "\(c.name) x_padded") }
        let y = try Tensor.conv2d(padded, w, bias: b, padding: mode == .zeros ? (1, 1) : (0, 0))
        expectClose(y, try c.output("y"), tol, "\(c.name) y")
        try y.backward(try c.input("grad_output"))
        expectClose(try #require(x.grad), try c.output("grad_x"), tol, "\(c.name) grad_x")
        expectClose(try #require(w.grad), try c.output("grad_weight"), tol, "\(c.name) grad_weight")
        expectClose(try #require(b.grad), try c.output("grad_bias"), tol, "\(c.name) grad_bias")
    }
}
