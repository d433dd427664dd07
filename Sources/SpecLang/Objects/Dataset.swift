import SpecTensor

/// A set of images (N, C, H, W) scaled to [−1, 1], with where it came from. Image `i` is class `i` in the
/// discriminator testbed.
public final class Dataset: SpecObject, @unchecked Sendable {
    public let images: Tensor
    /// Where the images came from: "toyset(res: 64, count: 10, seed: 0)", a folder, a file.
    public let source: String
    /// Extra fields a source provides (the toy set's drawn frequencies).
    let extra: [String: Value]

    public init(images: Tensor, source: String, extra: [String: Value] = [:]) {
        self.images = images
        self.source = source
        self.extra = extra
    }

    public var typeName: String { "dataset" }
    public var count: Int { images.shape.first ?? 0 }
    public var resolution: Int { images.shape.last ?? 0 }
    public var fieldNames: [String] { ValueTypes.names("dataset") + extra.keys.sorted() }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "images": return .tensor(images)
        case "count": return .number(Double(count))
        case "res": return .number(Double(resolution))
        case "channels": return .number(Double(images.rank == 4 ? images.shape[1] : 1))
        case "source": return .string(source)
        default: return extra[name]
        }
    }

    public var summary: String {
        "dataset: \(count) images of \(images.shape.dropFirst().map(String.init).joined(separator: "×")) from \(source)"
    }
}

extension Arguments {
    /// Images given as a tensor or as a data set.
    public func images(_ name: String) throws -> Tensor {
        if case .object(let o) = value(name), let d = o as? Dataset { return d.images }
        return try tensor(name)
    }
}
