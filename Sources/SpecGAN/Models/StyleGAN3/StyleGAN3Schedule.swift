import Foundation

/// The layer schedule of StyleGAN3-T's synthesis network, computed as the reference computes it: cutoffs and
/// stopbands in geometric progression from the first layer to the last two (critically sampled) ones, sampling
/// rates the powers of two that hold the stopbands, sizes with a 10-pixel margin, channels from the cutoffs.
public struct StyleGAN3Schedule: Equatable, Sendable {
    public struct Layer: Equatable, Sendable {
        public var name: String
        public var isToRGB: Bool
        public var isCriticallySampled: Bool
        public var inChannels: Int, outChannels: Int
        public var inSize: Int, outSize: Int
        public var inSamplingRate: Double, outSamplingRate: Double, tmpSamplingRate: Double
        public var inCutoff: Double, outCutoff: Double
        public var inHalfWidth: Double, outHalfWidth: Double
        public var convKernel: Int
        public var upFactor: Int, downFactor: Int
        public var upTaps: Int, downTaps: Int
        /// (x0, x1, y0, y1) of the filtered leaky ReLU's upsampling.
        public var padding: [Int]
    }

    public struct Input: Equatable, Sendable {
        public var channels: Int, size: Int
        public var samplingRate: Double, bandwidth: Double
    }

    public let input: Input
    public let layers: [Layer]
    public var numWs: Int { layers.count + 1 }

    /// The reference's defaults: 14 layers, 2 critically sampled, first cutoff 2, first stopband 2^2.1, last
    /// stopband 2^0.3 relative, margin 10, filter size 6, leaky ReLU at twice the sampling rate.
    public init(resolution: Int, imageChannels: Int = 3, channelBase: Int = 32768, channelMax: Int = 512, layerCount: Int = 14,
                critical: Int = 2, firstCutoff: Double = 2, firstStopband: Double = pow(2, 2.1), lastStopbandRelative: Double = pow(2, 0.3),
                margin: Int = 10, filterSize: Int = 6, lreluUpsampling: Int = 2, convKernel: Int = 3) {
        let r = Double(resolution)
        let lastCutoff = r / 2, lastStopband = lastCutoff * lastStopbandRelative
        let exponents = (0...layerCount).map { Swift.min(Double($0) / Double(layerCount - critical), 1) }
        let cutoffs = exponents.map { firstCutoff * pow(lastCutoff / firstCutoff, $0) }
        let stopbands = exponents.map { firstStopband * pow(lastStopband / firstStopband, $0) }
        let rates = stopbands.map { exp2((log2(Swift.min($0 * 2, r))).rounded(.up)) }
        let halfWidths = zip(stopbands, rates).map { Swift.max($0, $1 / 2) }.enumerated().map { $1 - cutoffs[$0] }
        var sizes = rates.map { Int($0) + margin * 2 }
        sizes[sizes.count - 1] = resolution
        sizes[sizes.count - 2] = resolution
        var channels = cutoffs.map { Int((Swift.min(Double(channelBase / 2) / $0, Double(channelMax))).rounded(.toNearestOrEven)) }
        channels[channels.count - 1] = imageChannels
        input = Input(channels: channels[0], size: sizes[0], samplingRate: rates[0], bandwidth: cutoffs[0])
        layers = (0...layerCount).map { i in
            let prev = Swift.max(i - 1, 0)
            return Self.layer(name: "L\(i)_\(sizes[i])_\(channels[i])", isToRGB: i == layerCount, isCriticallySampled: i >= layerCount - critical,
                              inChannels: channels[prev], outChannels: channels[i], inSize: sizes[prev], outSize: sizes[i],
                              inSamplingRate: rates[prev], outSamplingRate: rates[i], inCutoff: cutoffs[prev], outCutoff: cutoffs[i],
                              inHalfWidth: halfWidths[prev], outHalfWidth: halfWidths[i], convKernel: convKernel, filterSize: filterSize,
                              lreluUpsampling: lreluUpsampling)
        }
    }

    /// One layer's filters, factors and padding from its sizes, sampling rates and bands, as SynthesisLayer derives them.
    public static func layer(name: String, isToRGB: Bool, isCriticallySampled: Bool, inChannels: Int, outChannels: Int, inSize: Int, outSize: Int,
                             inSamplingRate: Double, outSamplingRate: Double, inCutoff: Double, outCutoff: Double, inHalfWidth: Double,
                             outHalfWidth: Double, convKernel: Int = 3, filterSize: Int = 6, lreluUpsampling: Int = 2) -> Layer {
        let tmp = Swift.max(inSamplingRate, outSamplingRate) * (isToRGB ? 1 : Double(lreluUpsampling))
        let up = Int((tmp / inSamplingRate).rounded()), down = Int((tmp / outSamplingRate).rounded())
        let upTaps = up > 1 && !isToRGB ? filterSize * up : 1, downTaps = down > 1 && !isToRGB ? filterSize * down : 1
        let kernel = isToRGB ? 1 : convKernel
        var total = (outSize - 1) * down + 1
        total -= (inSize + kernel - 1) * up
        total += upTaps + downTaps - 2
        // Floor division, as numpy's // on negative totals.
        let lo = Int((Double(total + up) / 2).rounded(.down)), hi = total - lo
        return Layer(name: name, isToRGB: isToRGB, isCriticallySampled: isCriticallySampled, inChannels: inChannels, outChannels: outChannels,
                     inSize: inSize, outSize: outSize, inSamplingRate: inSamplingRate, outSamplingRate: outSamplingRate, tmpSamplingRate: tmp,
                     inCutoff: inCutoff, outCutoff: outCutoff, inHalfWidth: inHalfWidth, outHalfWidth: outHalfWidth, convKernel: kernel,
                     upFactor: up, downFactor: down, upTaps: upTaps, downTaps: downTaps, padding: [lo, hi, lo, hi])
    }
}
