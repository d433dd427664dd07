import Foundation
import Testing
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

@Suite("Losses")
struct LossTests {
    @Test("BCE with logits equals −t·log σ(x) − (1−t)·log(1−σ(x)) and stays finite for large |x|")
    func bce() throws {
        let x = Tensor([-3, -0.5, 0, 0.7, 4]), t = Tensor([1, 0, 1, 0.3, 0])
        let expected = zip(x.scalars, t.scalars).map { x, t -> Double in
            let s = 1 / (1 + Foundation.exp(-Double(x)))
            return -Double(t) * Foundation.log(s) - (1 - Double(t)) * Foundation.log(1 - s)
        }.reduce(0, +) / 5
        #expect(Swift.abs(Double(try Losses.bceWithLogits(x, target: t).item!) - expected) < 1e-6)
        let large = try Losses.bceWithLogits(Tensor([-200, 200]).requiringGrad(), target: 1)
        #expect(Swift.abs(large.item! - 100) < 1e-4)
        #expect(try Losses.bceWithLogits(Tensor([200]), target: 1).item! == 0)
        #expect(throws: GANError.self) { try Losses.bceWithLogits(x, target: Tensor([1])) }
    }

    @Test("MSE and weighted sums")
    func mseAndWeightedSum() throws {
        let a = Tensor([1, 2, 3]), b = Tensor([1, 0, 0])
        #expect(try Losses.mse(a, b).item == 13.0 / 3)
        let sum = try Losses.weightedSum([(2, Tensor(1.5)), (0.5, Tensor(4))])
        #expect(sum.item == 5)
        #expect(throws: GANError.self) { try Losses.weightedSum([]) }
    }

    @Test("R1 of a linear critic D(x) = Σ w·x is mean over samples of Σ w², and its gradient in w is 2w")
    func r1OfLinearCritic() throws {
        var rng = RandomGenerator(seed: 8)
        let w = Tensor.randn([1, 2, 3, 3], using: &rng).requiringGrad()
        let x = Tensor.randn([4, 2, 3, 3], using: &rng).requiringGrad()
        let out = try (x * w).sum(axes: [1, 2, 3])
        let reg = try Losses.r1Penalty(output: out, input: x)
        let expected = w.scalars.map { Double($0 * $0) }.reduce(0, +)
        #expect(Swift.abs(Double(reg.item!) - expected) < 1e-5 * expected)
        try reg.backward()
        #expect(zip(try #require(w.grad).scalars, w.scalars).allSatisfy { Swift.abs($0 - 2 * $1) < 1e-5 })
        #expect(throws: GANError.self) { try Losses.r1Penalty(output: out, input: x.detached()) }
    }
}
