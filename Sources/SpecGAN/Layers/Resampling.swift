import SpecTensor

/// The generator's ×2 upsampling modes.
public enum UpsamplingMode: String, CaseIterable, Sendable {
    /// Every pixel becomes a 2×2 block.
    case nearest
    /// Bilinear interpolation (half-pixel centres, edges clamped).
    case bilinear
    /// Zero insertion: out[2i, 2j] = x[i, j], every other pixel 0.
    case zeros
    /// Pixel shuffle: 4C channels become C channels at twice the size.
    case shuffle

    /// Upsamples an (N, C, H, W) tensor to twice the size.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        switch self {
        case .nearest: return try x.upsampleNearest()
        case .bilinear: return try x.upsampleBilinear()
        case .zeros: return try x.upsampleZeros()
        case .shuffle: return try x.pixelShuffle()
        }
    }
}

/// The discriminator's ×2 downsampling modes.
public enum DownsamplingMode: String, CaseIterable, Sendable {
    /// 2×2 average pooling.
    case avg
    /// Every second row and column.
    case stride
    /// Reflect pad, blur with [[1,3,1],[3,9,3],[1,3,1]]/25, then 2×2 average pooling.
    case blurpool

    /// Downsamples an (N, C, H, W) tensor to half the size.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        switch self {
        case .avg: return try x.avgPool2d(2)
        case .stride: return try x.subsample(2)
        case .blurpool: return try x.blurPool()
        }
    }
}

extension PaddingMode {
    /// Parses a padding mode name (`zeros`, `reflect`, `replicate`, `circular`).
    public init(name: String) throws {
        guard let mode = PaddingMode(rawValue: name) else {
            throw GANError.invalidConfiguration("unknown padding mode '\(name)' (one of \(PaddingMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = mode
    }
}

extension UpsamplingMode {
    /// Parses an upsampling mode name.
    public init(name: String) throws {
        guard let mode = UpsamplingMode(rawValue: name) else {
            throw GANError.invalidConfiguration("unknown upsampling mode '\(name)' (one of \(UpsamplingMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = mode
    }
}

extension DownsamplingMode {
    /// Parses a downsampling mode name.
    public init(name: String) throws {
        guard let mode = DownsamplingMode(rawValue: name) else {
            throw GANError.invalidConfiguration("unknown downsampling mode '\(name)' (one of \(DownsamplingMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = mode
    }
}
