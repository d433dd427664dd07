import SpecTensor

/// StyleGAN2's mapping network (`fc0` … `fc{layers-1}`, and `embed` for class inputs): the latent normalised to
/// unit second moment, a class input embedded and normalised the same way, concatenated, then equalised fully
/// connected layers with the lr multiplier 0.01 and leaky ReLU (gain √2). The generator's result is repeated for
/// every synthesis input; its `w_avg` buffer is kept for the reference's state_dict (truncation is never applied).
public final class StyleGAN2Mapping: Module {
    public let zDim: Int, cDim: Int, wDim: Int
    /// Copies of w the result holds (N, numWs, wDim), or nil for a plain (N, wDim).
    public let numWs: Int?
    let embed: Linear?
    let layers: [Linear]
    let wAvg: Parameter?

    public init(zDim: Int, cDim: Int, wDim: Int, numWs: Int?, layers count: Int = 8, lrMultiplier: Double = 0.01,
                keepsAverage: Bool, rng: inout RandomGenerator) throws {
        guard zDim >= 0, cDim >= 0, zDim + cDim > 0, wDim > 0, count > 0 else {
            throw GANError.invalidConfiguration("a StyleGAN2 mapping network needs a latent or class input and positive sizes, got z \(zDim), c \(cDim), w \(wDim)")
        }
        (self.zDim, self.cDim, self.wDim, self.numWs) = (zDim, cDim, wDim, numWs)
        embed = cDim > 0 ? try Linear(inFeatures: cDim, outFeatures: wDim, initialisation: .equalized(gain: 1, lrMultiplier: 1), rng: &rng) : nil
        let sizes = [zDim + (cDim > 0 ? wDim : 0)] + [Int](repeating: wDim, count: count)
        layers = try (0..<count).map { i in
            try Linear(inFeatures: sizes[i], outFeatures: sizes[i + 1], initialisation: .equalized(gain: 1, lrMultiplier: lrMultiplier), rng: &rng)
        }
        wAvg = keepsAverage ? Parameter(Tensor.zeros([wDim]), trainable: false) : nil
        super.init()
        for (name, child) in children { adopt(child, as: name) }
    }

    public override var children: [(name: String, module: Module)] {
        (embed.map { [("embed", $0 as Module)] } ?? []) + layers.enumerated().map { ("fc\($0)", $1 as Module) }
    }
    public override var ownBuffers: [NamedParameter] { wAvg.map { [("w_avg", $0)] } ?? [] }
    public override var summary: String { "mapping: \(layers.count) layers to w \(wDim)" + (numWs.map { ", repeated \($0)×" } ?? "") }

    /// ws for latents `z` (N, zDim) and class inputs `c` (N, cDim): (N, numWs, wDim), or (N, wDim).
    public func forward(z: Tensor?, c: Tensor?) throws -> Tensor {
        var x: Tensor?
        if zDim > 0 {
            guard let z, z.rank == 2, z.shape[1] == zDim else { throw located("latents must be (N, \(zDim)), got \(z?.shape.shapeDescription ?? "none")") }
            x = try StyleGANOps.normalize(z)
        }
        if let embed {
            guard let c, c.rank == 2, c.shape[1] == cDim else { throw located("class inputs must be (N, \(cDim)), got \(c?.shape.shapeDescription ?? "none")") }
            let y = try StyleGANOps.normalize(try embed(c))
            x = try x.map { try Tensor.cat([$0, y], axis: 1) } ?? y
        }
        guard var h = x else { throw located("no input") }
        for layer in layers { h = try layer(h).leakyRelu(0.2) * StyleGANOps.lreluGain }
        guard let numWs else { return h }
        return try h.unsqueezed(1).repeated([1, numWs, 1])
    }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(z: zDim > 0 ? x : nil, c: zDim > 0 ? nil : x) }
}
