import Foundation
import SpecTensor

/// The discriminator testbed's "generator": one trainable image per data-set entry (parameter `imgs`), called
/// with image indices. Initialised as PyTorch's `kaiming_normal_`: N(0, 2 / fan_in) with fan_in = C·res·res, so
/// the images start almost black.
public final class DirectGenerator: Module, Model {
    public struct Configuration: Equatable, Sendable {
        public var count: Int
        public var resolution: Int
        public var imageChannels: Int

        public init(count: Int, resolution: Int, imageChannels: Int = 3) {
            self.count = count
            self.resolution = resolution
            self.imageChannels = imageChannels
        }
    }

    public let configuration: Configuration
    public let images: Parameter

    public init(_ configuration: Configuration, rng: inout RandomGenerator) throws {
        let c = configuration
        guard c.count > 0, c.resolution > 0, c.imageChannels > 0 else {
            throw GANError.invalidConfiguration("direct_generator: count, resolution and channels must be positive, got \(c.count), \(c.resolution), \(c.imageChannels)")
        }
        do { try AllocationLimit.checkedCount([c.count, c.imageChannels, c.resolution, c.resolution], op: "direct_generator") } catch let e as TensorError {
            throw GANError.invalidConfiguration(e.description)
        }
        self.configuration = c
        let std = Float((2 / Double(c.imageChannels * c.resolution * c.resolution)).squareRoot())
        images = Parameter(.randn([c.count, c.imageChannels, c.resolution, c.resolution], using: &rng, std: std))
    }

    /// `direct_generator(n, res)`.
    public convenience init(count: Int, resolution: Int, rng: inout RandomGenerator) throws {
        try self.init(Configuration(count: count, resolution: resolution), rng: &rng)
    }

    public override var ownParameters: [NamedParameter] { [("imgs", images)] }
    public override var summary: String {
        "\(images.shape[0]) trainable images \(images.shape[1])×\(images.shape[2])×\(images.shape[3])"
    }

    public override func forward(_ x: Tensor) throws -> Tensor { try forward(x, classes: nil) }

    /// The images at the given indices (a 1-d tensor of integral values): (N, C, res, res).
    public func forward(_ indexTensor: Tensor, classes: [Int]?) throws -> Tensor {
        guard classes == nil else { throw GANError.invalidInput("direct_generator takes image indices only, no classes") }
        return try images(at: indices(from: indexTensor))
    }

    /// The images at the given indices, differentiable with respect to `imgs`.
    public func images(at indices: [Int]) throws -> Tensor {
        if let bad = indices.first(where: { $0 < 0 || $0 >= configuration.count }) {
            throw GANError.invalidInput("direct_generator: image index \(bad) is out of range for \(configuration.count) images")
        }
        guard !indices.isEmpty else { throw GANError.invalidInput("direct_generator: no image indices") }
        return try Tensor.cat(indices.map { try images.value.slice(axis: 0, start: $0, end: $0 + 1) }, axis: 0)
    }

    public override func copy() throws -> DirectGenerator {
        var rng = RandomGenerator(seed: 0)
        let twin = try DirectGenerator(configuration, rng: &rng)
        try twin.loadState(from: self)
        return twin
    }
}
