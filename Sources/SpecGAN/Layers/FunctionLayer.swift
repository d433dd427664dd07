import SpecTensor

/// A layer without parameters: an activation, pixel norm, minibatch std, resampling, blur, flatten or reshape.
/// Its errors name its path in the model.
public final class FunctionLayer: Module {
    private let description: String
    private let apply: @Sendable (Tensor) throws -> Tensor

    public init(_ description: String, _ apply: @escaping @Sendable (Tensor) throws -> Tensor) {
        self.description = description
        self.apply = apply
    }

    public override var summary: String { description }
    public override func copy() throws -> Module { FunctionLayer(description, apply) }

    public override func forward(_ x: Tensor) throws -> Tensor {
        do { return try apply(x) } catch let e as TensorError { throw located("\(description): \(e.description)") } catch let e as GANError {
            throw located(e.description)
        }
    }

    public static func activation(_ a: Activation) -> FunctionLayer { FunctionLayer(a.description) { a($0) } }

    public static func pixelNorm() -> FunctionLayer { FunctionLayer("pixel norm") { try SpecGAN.pixelNorm($0) } }

    public static func minibatchStd(group: Int) -> FunctionLayer {
        FunctionLayer("minibatch std (group \(group))") { try SpecGAN.minibatchStd($0, groupSize: group) }
    }

    public static func upsample(_ mode: UpsamplingMode) -> FunctionLayer { FunctionLayer("up \(mode.rawValue)") { try mode($0) } }

    public static func downsample(_ mode: DownsamplingMode) -> FunctionLayer { FunctionLayer("down \(mode.rawValue)") { try mode($0) } }

    public static func blur() -> FunctionLayer { FunctionLayer("blur [[1,3,1],[3,9,3],[1,3,1]]/25, reflect") { try $0.blur() } }

    /// Flattens every axis from `start` on.
    public static func flatten(from start: Int = 1) -> FunctionLayer {
        FunctionLayer("flatten from axis \(start)") { try $0.flattened(from: start) }
    }

    /// Reshapes each sample to `shape` (the batch axis is kept).
    public static func reshape(_ shape: [Int]) -> FunctionLayer {
        FunctionLayer("reshape to (N, \(shape.map(String.init).joined(separator: ", ")))") { x in
            guard x.rank >= 1 else { throw GANError.invalidInput("reshape needs a batch axis, got a 0-d tensor") }
            return try x.reshaped([x.shape[0]] + shape)
        }
    }
}
