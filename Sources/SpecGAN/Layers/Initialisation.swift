import SpecTensor

/// How a linear or convolution layer draws its weights, and what it multiplies them by at run time.
public enum Initialisation: Equatable, Sendable {
    /// PyTorch's default for nn.Linear and nn.Conv2d: weight and bias uniform in ±1/√fan_in; no run-time scale.
    case pytorch
    /// The equalised learning rate of PGGAN and StyleGAN: weights drawn from N(0, 1) / lr_mul and multiplied by
    /// gain · lr_mul / √fan_in in every forward pass, so their gradient flows through the multiply; the bias starts
    /// at `biasInit` (StyleGAN's style affines start at 1) and is multiplied by lr_mul.
    case equalized(gain: Double, lrMultiplier: Double, biasInit: Float = 0)

    /// PGGAN's equalised layers: gain √2 (1 for the layers that make images or logits), lr multiplier 1.
    public static func equalized(gain: Double = 2.0.squareRoot()) -> Initialisation { .equalized(gain: gain, lrMultiplier: 1) }

    /// The weight, bias and their run-time scales for a layer with this fan-in.
    func make(weightShape: [Int], biasCount: Int?, fanIn: Int, rng: inout RandomGenerator) throws -> (weight: Tensor, bias: Tensor?, weightScale: Float, biasScale: Float) {
        do { try AllocationLimit.checkedCount(weightShape, op: "layer") } catch let e as TensorError { throw GANError.invalidConfiguration(e.description) }
        switch self {
        case .pytorch:
            let bound = Float(1 / Double(fanIn).squareRoot())
            let w = Tensor.rand(weightShape, using: &rng, low: -bound, high: bound)
            let b = biasCount.map { Tensor.rand([$0], using: &rng, low: -bound, high: bound) }
            return (w, b, 1, 1)
        case let .equalized(gain, lrMultiplier, biasInit):
            var w = Tensor.randn(weightShape, using: &rng)
            if lrMultiplier != 1 { w = w / Float(lrMultiplier) }
            return (w, biasCount.map { Tensor.full([$0], biasInit) }, Float(gain * lrMultiplier / Double(fanIn).squareRoot()), Float(lrMultiplier))
        }
    }

    var note: String {
        switch self {
        case .pytorch: return ""
        case let .equalized(gain, lr, _):
            return ", equalized lr (gain \(Self.short(gain))" + (lr == 1 ? ")" : ", lr × \(Self.short(lr)))")
        }
    }

    private static func short(_ x: Double) -> String {
        x == 2.0.squareRoot() ? "√2" : x == x.rounded() && Swift.abs(x) < 1e6 ? String(Int(x)) : String(x)
    }
}
