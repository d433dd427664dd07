import Foundation
import SpecKernels

/// Winograd's minimal filtering F(4×4, 3×3) for 3×3 convolutions with unit stride (Lavin & Gray, 2016; the
/// interpolation points 0, ±1, ±2 and ∞).
///
/// Each 4×4 block of output ("tile") is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, summed over input channels, where d is the 6×6
/// input patch under the tile and g a 3×3 kernel. Per tile that takes 36 products per channel pair instead of 144,
/// and the products are 36 matrix multiplications (one per position ξ of the 6×6 transformed tile):
/// M[ξ] (C_out × tiles) = U[ξ] (C_out × C_in) · V[ξ] (C_in × tiles). The weight gradient is the adjoint:
/// dU[ξ] = Σ (A dY Aᵀ)[ξ] · V[ξ]ᵀ, then dg = Gᵀ dU G. The input gradient needs nothing extra: with unit stride it
/// is itself a 3×3 convolution (see `ConvGeometry.adjointGeometry`).
///
/// F(2×2, 3×3) saves 2.25× of the multiplications, F(4×4, 3×3) 4×; its transforms scale by up to 8 and divide by
/// 6 and 24, so it rounds more: about 3e-6 of the output's magnitude over 64 channels, against 4e-7 (measured with
/// float32 against float64): within the reference tests' tolerances for activations at 32×32 outputs and above,
/// and for gradients from 16×16 (see `suitsWinograd`).
public enum Winograd {
    // The tiles' sizes and the layout of the transformed data (SpecKernels, where the data transforms are).
    static let tileSide = WinogradTransforms.tileSide, patchSide = WinogradTransforms.patchSide
    static let positions = WinogradTransforms.positions, blockTiles = WinogradTransforms.blockTiles
    static let positionStride = WinogradTransforms.positionStride, channelStride = WinogradTransforms.channelStride

    struct Layout {
        let geo: ConvGeometry
        /// The data transforms this process runs (`VectorKernels`; tests pass others).
        let transforms: WinogradTransformSet
        var tilesH: Int { (geo.outH + tileSide - 1) / tileSide }
        var tilesW: Int { (geo.outW + tileSide - 1) / tileSide }
        var grid: TileGrid { TileGrid(tilesH: tilesH, tilesW: tilesW) }
        var tilesPerSample: Int { tilesH * tilesW }
        var tiles: Int { geo.batch * tilesPerSample }
        var output: TiledImage { TiledImage(height: geo.outH, width: geo.outW, channels: geo.outChannels) }
        /// Samples a worker pads at a time: enough tiles for two full blocks, so the padded copies stay small instead
        /// of a copy of the whole batch (10.6 MB for 64 channels of ten 64×64 images, which was part of a
        /// discriminator step's peak memory).
        var samplesPerGroup: Int { Swift.max(1, 2 * Winograd.blockTiles / tilesPerSample) }
        /// Rows of the padded input that `tiles` of `samples` read: the band under their tile rows when they are
        /// part of one sample, else all.
        func paddedRows(for tiles: Range<Int>, of samples: Range<Int>) -> Range<Int> {
            let all = 0..<(tileSide * tilesH + 2), first = samples.lowerBound * tilesPerSample
            guard samples.count == 1, tiles.count < tilesPerSample else { return all }
            let top = (tiles.lowerBound - first) / tilesW, bottom = (tiles.upperBound - 1 - first) / tilesW + 1
            return (tileSide * top)..<(tileSide * bottom + 2)
        }
    }

    // MARK: Forward

    /// The convolution, plus `bias` (one value per output channel) if given.
    static func forward(_ x: [Float], _ w: [Float], _ geo: ConvGeometry, bias: [Float]? = nil,
                        transforms: WinogradTransformSet = VectorKernels.winograd) -> [Float] {
        let layout = Layout(geo: geo, transforms: transforms), grid = layout.grid, output = layout.output
        let cin = geo.inChannels, cout = geo.outChannels
        let u = transformedWeights(w, geo)
        var out = [Float](unsafeUninitializedCapacity: geo.outputShape.elementCount) { _, n in n = geo.outputShape.elementCount }
        let shifts = bias ?? []
        u.withUnsafeBufferPointer { pu in
            out.withUnsafeMutableBufferPointer { po in
                shifts.withUnsafeBufferPointer { pb in
                    let pu = pu.baseAddress!, po = po.baseAddress!, pb = bias == nil ? nil : pb.baseAddress
                    forEachTransformedBlock(x, layout) { _, tiles, v, m in
                        for xi in 0..<positions {
                            VectorKernels.multiply(m: cout, n: tiles.count, k: cin,
                                                   a: pu + xi * cout * cin, lda: cin, b: v + xi * positionStride, ldb: channelStride,
                                                   c: m + xi * positionStride, ldc: channelStride)
                        }
                        transforms.output(m, output, grid, tiles, po, pb)
                    }
                }
            }
        }
        return out
    }

    /// Calls `body(piece, tiles, V, M)` for every block of tiles, the tiles spread over the workers in pieces (`piece`
    /// is the index of the `Parallel.Chunk` the block lies in): V holds the block's transformed input, M is scratch
    /// for C_out channels of products. Scratch is per piece; every element a GEMM or transform reads was written
    /// first in the same block. Each piece pads the samples its tiles lie in itself, a group at a time, and of a
    /// sample split between two pieces only the rows its tiles read: padded on the calling thread, the copy left the
    /// other worker idle (32→64 channels at 64², forward and backward on two threads: 15.1–20.6 ms then, 13.5–13.7
    /// ms now), and each piece padding all of a split sample (one image) took 5.6 % of the baboon generator's step.
    static func forEachTransformedBlock(_ x: [Float], _ layout: Layout,
                                        _ body: (_ piece: Int, _ tiles: Range<Int>, _ v: UnsafeMutablePointer<Float>,
                                                 _ m: UnsafeMutablePointer<Float>) -> Void) {
        let group = layout.samplesPerGroup, tilesPerSample = layout.tilesPerSample, grid = layout.grid
        // V and M of each piece, allocated once for all its groups.
        let vSize = layout.geo.inChannels * channelStride, perPiece = vSize + layout.geo.outChannels * channelStride
        let pieces = Parallel.pieces(layout.tiles)
        var scratch = [Float](unsafeUninitializedCapacity: pieces * perPiece) { _, n in n = pieces * perPiece }
        x.withUnsafeBufferPointer { px in
            scratch.withUnsafeMutableBufferPointer { scratch in
                let px = px.baseAddress!, scratch = scratch.baseAddress!
                Parallel.chunks(layout.tiles) { chunk in
                    let tiles = chunk.range, v = scratch + chunk.index * perPiece, m = v + vSize
                    let pastSample = (tiles.upperBound - 1) / tilesPerSample + 1
                    for first in stride(from: tiles.lowerBound / tilesPerSample, to: pastSample, by: group) {
                        let samples = first..<Swift.min(first + group, pastSample)
                        let mine = Swift.max(tiles.lowerBound, samples.lowerBound * tilesPerSample)
                            ..< Swift.min(tiles.upperBound, samples.upperBound * tilesPerSample)
                        let input = PaddedInput(px, layout, samples: samples, rows: layout.paddedRows(for: mine, of: samples))
                        input.values.withUnsafeBufferPointer { padded in
                            for start in stride(from: mine.lowerBound, to: mine.upperBound, by: blockTiles) {
                                let block = start..<Swift.min(start + blockTiles, mine.upperBound)
                                layout.transforms.input(padded.baseAddress!, input.image, grid, block, v)
                                body(chunk.index, block, v, m)
                            }
                        }
                    }
                }
            }
        }
    }

    /// U[ξ][o][i] = (G g Gᵀ)[ξ] for each kernel g = w[o][i]: G on the kernel's columns, then on the rows of that.
    /// One output channel at a time into a small [i][ξ] buffer, then copied out position by position: writing
    /// each kernel's 36 values straight into U touched 36 addresses C_in·C_out floats apart, which share one L1
    /// cache set when that is a multiple of 1024 (the transform took 2.8 % of a discriminator step).
    static func transformedWeights(_ w: [Float], _ geo: ConvGeometry) -> [Float] {
        let cin = geo.inChannels, cout = geo.outChannels
        var u = [Float](unsafeUninitializedCapacity: positions * cout * cin) { _, n in n = positions * cout * cin }
        w.withUnsafeBufferPointer { w in
            u.withUnsafeMutableBufferPointer { u in
                let w = w.baseAddress!, u = u.baseAddress!
                Parallel.chunks(cout, parallel: cout * cin >= kernelsPerSplit) { chunk in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: cin * positions + patchSide * 3) { scratch in
                        // channel: U of one output channel, [i][ξ]; rows: G g (6×3), row-major.
                        let channel = scratch.baseAddress!, rows = channel + cin * positions
                        for o in chunk.range {
                            for i in 0..<cin {
                                let g = (o * cin + i) * 9
                                for c in 0..<3 {
                                    let t = interpolate(w[g + c], w[g + 3 + c], w[g + 6 + c])
                                    rows[c] = t.0; rows[3 + c] = t.1; rows[6 + c] = t.2; rows[9 + c] = t.3; rows[12 + c] = t.4; rows[15 + c] = t.5
                                }
                                for r in 0..<patchSide {
                                    let t = interpolate(rows[3 * r], rows[3 * r + 1], rows[3 * r + 2]), at = i * positions + r * patchSide
                                    channel[at] = t.0; channel[at + 1] = t.1; channel[at + 2] = t.2
                                    channel[at + 3] = t.3; channel[at + 4] = t.4; channel[at + 5] = t.5
                                }
                            }
                            for xi in 0..<positions {
                                let row = (xi * cout + o) * cin
                                for i in 0..<cin { u[row + i] = channel[i * positions + xi] }
                            }
                        }
                    }
                }
            }
        }
        return u
    }

    /// The kernel transforms (forward, and the weight gradient's way back) are split over output channels from this
    /// many kernels: a batch of one image leaves little else to overlap them with.
    static let kernelsPerSplit = 1024

    /// G (6×3) applied to three kernel values: (g0/4, −(g0 + g1 + g2)/6, −(g0 − g1 + g2)/6, g0/24 + g1/12 + g2/6,
    /// g0/24 − g1/12 + g2/6, g2). Products with reciprocals, not divisions: a forward convolution transforms all
    /// its kernels, 9 of these each, and 54 divisions per kernel took a quarter of that time (measured).
    static func interpolate(_ g0: Float, _ g1: Float, _ g2: Float) -> (Float, Float, Float, Float, Float, Float) {
        let outer = g0 + g2, quarter = g0 * (1 / 24) + g2 * (1 / 6), middle = g1 * (1 / 12)
        return (g0 * 0.25, -(outer + g1) * (1 / 6), -(outer - g1) * (1 / 6), quarter + middle, quarter - middle, g2)
    }

    /// Gᵀ (3×6), the adjoint of `interpolate`, with reciprocals too (a weight gradient transforms every kernel back).
    static func interpolateAdjoint(_ u: (Float, Float, Float, Float, Float, Float)) -> (Float, Float, Float) {
        let sum12 = u.1 + u.2, sum34 = u.3 + u.4
        return (u.0 * 0.25 - sum12 * (1 / 6) + sum34 * (1 / 24), (u.2 - u.1) * (1 / 6) + (u.3 - u.4) * (1 / 12),
                (sum34 - sum12) * (1 / 6) + u.5)
    }

    /// The input of some samples with its zero padding made explicit and extended to whole tiles: every 6×6 patch
    /// of their tiles lies inside it, so the transform reads without bounds checks. Each worker pads its own.
    struct PaddedInput {
        let values: [Float]
        /// Its planes' size, the channels, and the first sample it holds.
        let image: TiledImage

        /// `rows`: the rows of the padded image to hold (`Layout.paddedRows`).
        init(_ x: UnsafePointer<Float>, _ layout: Layout, samples: Range<Int>, rows: Range<Int>) {
            let geo = layout.geo
            image = TiledImage(height: rows.count, width: tileSide * layout.tilesW + 2, channels: geo.inChannels,
                               firstSample: samples.lowerBound, firstRow: rows.lowerBound)
            let (h, w, ph, pw) = (geo.height, geo.width, geo.padH, geo.padW)
            let (hp, wp) = (image.height, image.width)
            // Each row is the image row between zeros, or zeros, so the copy writes every value once (a zero fill of
            // the whole buffer first was a pass of its own). The padded image's full width is at least w + pw: the
            // tiles cover the output.
            let count = samples.count * geo.inChannels * hp * wp
            values = [Float](unsafeUninitializedCapacity: count) { dst, n in
                n = count
                let src = x + samples.lowerBound * geo.inChannels * h * w
                for plane in 0..<(samples.count * geo.inChannels) {
                    let top = dst.baseAddress! + plane * hp * wp
                    for (i, paddedRow) in rows.enumerated() {
                        let row = top + i * wp, y = paddedRow - ph
                        guard y >= 0, y < h else { row.update(repeating: 0, count: wp); continue }
                        row.update(repeating: 0, count: pw)
                        (row + pw).update(from: src + (plane * h + y) * w, count: w)
                        (row + pw + w).update(repeating: 0, count: wp - pw - w)
                    }
                }
            }
        }
    }

    // MARK: Weight gradient

    static func weightGradient(_ x: [Float], _ g: [Float], _ geo: ConvGeometry,
                               transforms: WinogradTransformSet = VectorKernels.winograd) -> [Float] {
        let layout = Layout(geo: geo, transforms: transforms), grid = layout.grid, output = layout.output
        let cin = geo.inChannels, cout = geo.outChannels, size = positions * cout * cin
        let pieces = Parallel.pieces(layout.tiles)
        var partial = [Float](repeating: 0, count: pieces * size)
        g.withUnsafeBufferPointer { pg in
            partial.withUnsafeMutableBufferPointer { pp in
                let pg = pg.baseAddress!, pp = pp.baseAddress!
                forEachTransformedBlock(x, layout) { piece, tiles, v, m in
                    transforms.outputGradient(pg, output, grid, tiles, m)
                    for xi in 0..<positions {
                        sgemm(transA: false, transB: true, m: cout, n: cin, k: tiles.count,
                              a: m + xi * positionStride, lda: channelStride, b: v + xi * positionStride, ldb: channelStride,
                              beta: 1, c: pp + piece * size + xi * cout * cin, ldc: cin)
                    }
                }
            }
        }
        // dU sums the pieces' partials in order, then dg = Gᵀ dU G per kernel, output channels spread over the
        // workers: Gᵀ down each column of dU, then along the rows.
        let du = Parallel.sumOfPieces(partial, pieces: pieces, size: size)
        var out = [Float](unsafeUninitializedCapacity: cout * cin * 9) { _, n in n = cout * cin * 9 }
        du.withUnsafeBufferPointer { du in
            out.withUnsafeMutableBufferPointer { out in
                let du = du.baseAddress!, out = out.baseAddress!
                Parallel.chunks(cout, parallel: cout * cin >= kernelsPerSplit) { chunk in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: cin * positions + 3 * patchSide) { scratch in
                        // channel: dU of one output channel, [i][ξ], as in `transformedWeights`; columns: Gᵀ dU,
                        // columns[r·6 + c], r = 0…2.
                        let channel = scratch.baseAddress!, columns = channel + cin * positions
                        for o in chunk.range {
                            for xi in 0..<positions {
                                let row = (xi * cout + o) * cin
                                for i in 0..<cin { channel[i * positions + xi] = du[row + i] }
                            }
                            for i in 0..<cin {
                                func at(_ r: Int, _ c: Int) -> Float { channel[i * positions + r * patchSide + c] }
                                for c in 0..<patchSide {
                                    let t = interpolateAdjoint((at(0, c), at(1, c), at(2, c), at(3, c), at(4, c), at(5, c)))
                                    columns[c] = t.0; columns[patchSide + c] = t.1; columns[2 * patchSide + c] = t.2
                                }
                                let k = (o * cin + i) * 9
                                for r in 0..<3 {
                                    let q = r * patchSide
                                    let t = interpolateAdjoint((columns[q], columns[q + 1], columns[q + 2], columns[q + 3], columns[q + 4], columns[q + 5]))
                                    out[k + r * 3] = t.0; out[k + r * 3 + 1] = t.1; out[k + r * 3 + 2] = t.2
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

extension Winograd {
    /// Off makes every convolution use im2col and GEMM: for benchmarks that compare the two algorithms, and, with
    /// `SPEC_WINOGRAD=0` in the environment, for runs that should round like a direct convolution (Winograd's
    /// transforms add a little rounding error, which GAN training amplifies).
    nonisolated(unsafe) public static var isEnabled = ProcessInfo.processInfo.environment["SPEC_WINOGRAD"] != "0"
}

extension Winograd {
    /// What a convolution computes: an activation, or a gradient (an input gradient, which is itself a convolution,
    /// or a weight gradient). They differ in how much rounding the reference tests allow.
    enum Use { case forward, gradient }
}

extension ConvGeometry {
    /// 3×3, unit stride, one group, and enough channels and pixels for the transforms to pay off: 32×32 outputs for
    /// an activation, 16×16 for a gradient. At 16×16 F(4×4, 3×3) is 1.75× faster than im2col (one thread, 64
    /// channels, batch 10, forward and backward), but its rounding of an activation (2.5e-5 in the first block of
    /// the reference's 16×16 discriminator) exceeds the reference tolerance of activations; gradients are allowed
    /// 10× more (rtol 1e-4, 1e-3 for R1's double backward). At 8×8 it is slower (0.6×).
    func suitsWinograd(_ use: Winograd.Use) -> Bool {
        Winograd.isEnabled && kernelH == 3 && kernelW == 3 && strideH == 1 && strideW == 1 && groups == 1 && inChannels >= 8 && outChannels >= 8
            && padH <= 2 && padW <= 2 && outH * outW >= (use == .forward ? 1024 : 256)
    }
}
