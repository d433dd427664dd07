import ArgumentParser
import Foundation
import SpecTensor

/// Learns the blurpool filter from examples with a 3×3 convolution, by gradient descent through the autograd
/// core, and checks the learned kernel against the true one.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Learn the blurpool filter with a convolution (a check of the numeric core).")

    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(help: "Gradient steps.") var steps = 300
    @Option(help: "Image size.") var size = 64

    func run() throws {
        var rng = RandomGenerator(seed: seed)
        let images = Tensor.rand([10, 1, size, size], using: &rng, low: -1, high: 1)
        let target = try images.blur()
        var kernel = Tensor.randn([1, 1, 3, 3], using: &rng, std: 0.1).requiringGrad()
        print("Learning the blur kernel [[1,3,1],[3,9,3],[1,3,1]]/25 from \(images.shape[0]) images of \(size)×\(size)")
        let start = Date()
        var loss = Float.nan
        for step in 0...steps {
            kernel.zeroGrad()
            let prediction = try Tensor.conv2d(images.padded([1, 1, 1, 1], mode: .reflect), kernel)
            let l = try (prediction - target).square().mean()
            loss = l.item ?? .nan
            if step % (steps / 5) == 0 { print(String(format: "  step %4d  mse %.3e", step, loss)) }
            try l.backward()
            guard let g = kernel.grad else { break }
            kernel.updateScalars { k in for i in k.indices { k[i] -= 2.0 * g.scalars[i] } }
        }
        let seconds = Date().timeIntervalSince(start)
        let truth: [Float] = [1, 3, 1, 3, 9, 3, 1, 3, 1].map { $0 / 25 }
        let worst = zip(kernel.scalars, truth).map { Swift.abs($0 - $1) }.max() ?? .nan
        print("learned kernel (×25):")
        for r in 0..<3 { print("  " + (0..<3).map { String(format: "%6.3f", kernel.scalars[r * 3 + $0] * 25) }.joined(separator: " ")) }
        print(String(format: "max |learned − true| = %.2e; %d steps (forward + backward over %d×%d px) in %.2f s",
                     worst, steps, 10 * size, size, seconds))
        guard worst < 1e-3 else { throw ValidationError("the learned kernel is off by \(worst): the numeric core is broken") }
        print("ok")
    }
}
