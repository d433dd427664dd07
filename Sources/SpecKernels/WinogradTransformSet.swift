/// The three Winograd data transforms compiled for one vector width, as the signature SpecTensor calls:
/// (source, its image layout, the tile grid, the block's tiles, destination); the output transform also takes the
/// bias of each output channel, if any.
public struct WinogradTransformSet: Sendable {
    public typealias Transform = @Sendable (UnsafePointer<Float>, TiledImage, TileGrid, Range<Int>, UnsafeMutablePointer<Float>) -> Void
    public typealias OutputTransform = @Sendable (UnsafePointer<Float>, TiledImage, TileGrid, Range<Int>, UnsafeMutablePointer<Float>,
                                                  UnsafePointer<Float>?) -> Void

    public let input: Transform, output: OutputTransform, outputGradient: Transform

    public init(input: @escaping Transform, output: @escaping OutputTransform, outputGradient: @escaping Transform) {
        (self.input, self.output, self.outputGradient) = (input, output, outputGradient)
    }

    /// Four tiles per vector, compiled for the baseline CPU (SSE2 on x86-64, NEON on ARM): runs everywhere.
    public static let fourLanes = WinogradTransformSet(
        input: { WinogradTransforms.transformInput(SIMD4<Float>.self, $0, $1, $2, tiles: $3, into: $4) },
        output: { WinogradTransforms.transformOutput(SIMD4<Float>.self, $0, $1, $2, tiles: $3, into: $4, bias: $5) },
        outputGradient: { WinogradTransforms.transformOutputGradient(SIMD4<Float>.self, $0, $1, $2, tiles: $3, into: $4) })
}
