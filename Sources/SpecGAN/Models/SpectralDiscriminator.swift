import SpecSpectrum
import SpecTensor

/// The reference's spectral discriminator (`model.spec_disc` of the discriminator testbed): an MLP with no hidden
/// layer, Linear(L, L) → LeakyReLU(0.2) → Linear(L, classes), on log(1 + reduced spectrum of the orthonormal FFT)
/// averaged over channels, where L is the reduced-spectrum length of the resolution. Linear layers are
/// initialised as PyTorch's and named as the reference's `nn.Sequential` (`main.0.*`, `main.2.*`).
/// Class-conditional like the discriminator: with one class per sample it returns that class's logit, (N, 1).
/// Differentiable to second order in its input (R1 through the spectrum).
public final class SpectralDiscriminator: Module, Model {
    public struct Configuration: Equatable, Sendable {
        /// Side of the square input images.
        public var resolution: Int
        /// Number of logits (the data set's size in the discriminator testbed).
        public var classes: Int

        public init(resolution: Int, classes: Int) {
            self.resolution = resolution
            self.classes = classes
        }
    }

    public let configuration: Configuration
    /// The parameter-free first stage: images to log spectra.
    public let spectrum: FunctionLayer
    /// The reference's `main`: Linear(L, L) → LeakyReLU(0.2) → Linear(L, classes).
    public let main: Sequential

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        guard c.resolution >= 2, c.classes >= 1 else {
            throw GANError.invalidConfiguration("spectral_discriminator: needs a resolution ≥ 2 and at least one class, got \(c.resolution) and \(c.classes)")
        }
        self.configuration = c
        let length = try SpecSpectrum.spectrumLength(resolution: c.resolution)
        spectrum = FunctionLayer("log(1 + reduced spectrum), orthonormal FFT, channel mean: \(c.resolution)×\(c.resolution) → \(length)") {
            try $0.logSpectrum(normalized: true)
        }
        main = Sequential([try Linear(inFeatures: length, outFeatures: length, rng: &rng), FunctionLayer.activation(.leakyRelu(0.2)),
                           try Linear(inFeatures: length, outFeatures: c.classes, rng: &rng)])
        super.init()
        adopt(spectrum, as: "spectrum")
        adopt(main, as: "main")
    }

    /// The length L of the spectra it reads.
    public var spectrumLength: Int { (main.layers.first as? Linear)?.inFeatures ?? 0 }

    public override var children: [(name: String, module: Module)] { [("spectrum", spectrum), ("main", main)] }
    public override var summary: String { "spectral_discriminator" }
    public var classCount: Int? { configuration.classes }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, classes: nil) }

    /// Logits (N, classes) for images (N, C, res, res), or (N, 1) with one class per sample.
    public func forward(_ x: Tensor, classes: [Int]?) throws -> Tensor {
        let r = configuration.resolution
        guard x.rank == 4, x.shape[2] == r, x.shape[3] == r else {
            throw GANError.invalidInput("spectral_discriminator: images must have shape (N, C, \(r), \(r)), got \(x.shape.shapeDescription)")
        }
        let y = try main(try spectrum(x))
        return try classes.map { try selectLogits(y, classes: $0) } ?? y
    }

    public override func copy() throws -> SpectralDiscriminator {
        var rng = RandomGenerator(seed: 0)
        let twin = try SpectralDiscriminator(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }
}
