import Foundation

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
/// float32 against float64): within the reference tests' tolerances at 32×32 outputs and above, not at 16×16
/// (see `suitsWinograd`).
public enum Winograd {
    /// Output pixels per tile side, and input pixels per patch side.
    static let tileSide = 4, patchSide = 6
    /// Positions ξ of a transformed tile: one GEMM each.
    static let positions = 36
    /// Tiles processed together, the GEMMs' width: 128 was faster than 32, 64 and 256 (one thread, 32 and 64
    /// channels, forward and backward).
    static let blockTiles = 128

    /// Transformed data (V, and the products M) is laid out [channel][ξ][tile]: the transforms of one channel touch
    /// 36 rows of `blockTiles` that lie together (21 KiB), and each GEMM reads or writes every 36th row. The extra 16
    /// floats put consecutive rows one cache line apart modulo 4 KiB, so that the rows a transform touches at once
    /// do not pile up in a few of the L1 cache's sets.
    static let positionStride = blockTiles + 16
    static let channelStride = positions * positionStride

    struct Layout {
        let geo: ConvGeometry
        var tilesH: Int { (geo.outH + tileSide - 1) / tileSide }
        var tilesW: Int { (geo.outW + tileSide - 1) / tileSide }
        var tilesPerSample: Int { tilesH * tilesW }
        var tiles: Int { geo.batch * tilesPerSample }
        /// Samples a worker pads at a time: enough tiles for two full blocks, so the padded copies stay small instead
        /// of a copy of the whole batch (10.6 MB for 64 channels of ten 64×64 images, which was part of a
        /// discriminator step's peak memory).
        var samplesPerGroup: Int { Swift.max(1, 2 * Winograd.blockTiles / tilesPerSample) }
    }

    // MARK: Forward

    static func forward(_ x: [Float], _ w: [Float], _ geo: ConvGeometry) -> [Float] {
        let layout = Layout(geo: geo)
        let cin = geo.inChannels, cout = geo.outChannels
        let u = transformedWeights(w, geo)
        var out = [Float](unsafeUninitializedCapacity: geo.outputShape.elementCount) { _, n in n = geo.outputShape.elementCount }
        u.withUnsafeBufferPointer { pu in
            out.withUnsafeMutableBufferPointer { po in
                let pu = pu.baseAddress!, po = po.baseAddress!
                forEachTransformedBlock(x, layout) { _, tiles, v, m in
                    for xi in 0..<positions {
                        sgemm(transA: false, transB: false, m: cout, n: tiles.count, k: cin,
                              a: pu + xi * cout * cin, lda: cin, b: v + xi * positionStride, ldb: channelStride,
                              c: m + xi * positionStride, ldc: channelStride)
                    }
                    transformOutput(m, layout, tiles: tiles, into: po)
                }
            }
        }
        return out
    }

    /// Calls `body(piece, tiles, V, M)` for every block of tiles, the tiles spread over the workers in pieces (`piece`
    /// is the index of the `Parallel.Chunk` the block lies in): V holds the block's transformed input, M is scratch
    /// for C_out channels of products. Scratch is per piece; every element a GEMM or transform reads was written
    /// first in the same block. Each piece pads the samples its tiles lie in itself, a group at a time (a sample
    /// split between two pieces is padded by both): padded on the calling
    /// thread, the copy left the other worker idle (32→64 channels at 64², forward and backward on two threads:
    /// 15.1–20.6 ms then, 13.5–13.7 ms now).
    static func forEachTransformedBlock(_ x: [Float], _ layout: Layout,
                                        _ body: (_ piece: Int, _ tiles: Range<Int>, _ v: UnsafeMutablePointer<Float>,
                                                 _ m: UnsafeMutablePointer<Float>) -> Void) {
        let group = layout.samplesPerGroup, tilesPerSample = layout.tilesPerSample
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
                        let input = PaddedInput(px, layout, samples: samples)
                        let mine = Swift.max(tiles.lowerBound, samples.lowerBound * tilesPerSample)
                            ..< Swift.min(tiles.upperBound, samples.upperBound * tilesPerSample)
                        input.values.withUnsafeBufferPointer { padded in
                            for start in stride(from: mine.lowerBound, to: mine.upperBound, by: blockTiles) {
                                let block = start..<Swift.min(start + blockTiles, mine.upperBound)
                                transformInput(padded.baseAddress!, input, layout, tiles: block, into: v)
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

    /// Where the tiles of a block lie in one image layout (the padded input, or the output): the offset of each
    /// tile's top-left pixel in channel 0, and whether each group of four tiles sits side by side in one tile row
    /// with the `extent` (rows, columns) that the four touch inside the image, so that its data can move as vectors.
    /// Plain arrays read through pointers: the transforms' inner loops check no bounds.
    struct TileOrigins {
        private(set) var offset: [Int] = [], y: [Int] = [], x: [Int] = [], run: [Bool] = []

        init(_ layout: Layout, tiles: Range<Int>, height: Int, width: Int, channels: Int, extent: (rows: Int, columns: Int),
             firstSample: Int = 0) {
            for t in tiles {
                let r = t % layout.tilesPerSample
                let ty = tileSide * (r / layout.tilesW), tx = tileSide * (r % layout.tilesW)
                offset.append((t / layout.tilesPerSample - firstSample) * channels * height * width + ty * width + tx)
                y.append(ty)
                x.append(tx)
            }
            let span = 3 * tileSide
            for b in stride(from: 0, to: tiles.count, by: 4) {
                run.append(b + 3 < tiles.count && offset[b + 3] == offset[b] + span && x[b + 3] == x[b] + span
                           && y[b] + extent.rows <= height && x[b] + extent.columns <= width)
            }
        }
    }

    /// Four values, one per tile of a group of four (lanes beyond the block are ignored by every reader).
    typealias Lanes = SIMD4<Float>
    typealias Four = (Lanes, Lanes, Lanes, Lanes)
    typealias Six = (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes)

    /// The input of some samples with its zero padding made explicit and extended to whole tiles: every 6×6 patch
    /// of their tiles lies inside it, so the transform reads without bounds checks. Each worker pads its own.
    struct PaddedInput {
        let values: [Float]
        let height: Int, width: Int, channels: Int
        /// The first sample it holds.
        let firstSample: Int

        init(_ x: UnsafePointer<Float>, _ layout: Layout, samples: Range<Int>) {
            let geo = layout.geo
            height = tileSide * layout.tilesH + 2
            width = tileSide * layout.tilesW + 2
            channels = geo.inChannels
            firstSample = samples.lowerBound
            let (h, w, ph, pw) = (geo.height, geo.width, geo.padH, geo.padW)
            let (hp, wp) = (height, width)
            // Each row is the image row between zeros, so the copy writes every value once (a zero fill of the whole
            // buffer first was a pass of its own). hp ≥ h + ph and wp ≥ w + pw: the tiles cover the output.
            let count = samples.count * geo.inChannels * hp * wp
            values = [Float](unsafeUninitializedCapacity: count) { dst, n in
                n = count
                let src = x + samples.lowerBound * geo.inChannels * h * w
                for plane in 0..<(samples.count * geo.inChannels) {
                    let top = dst.baseAddress! + plane * hp * wp
                    top.update(repeating: 0, count: ph * wp)
                    for y in 0..<h {
                        let row = top + (y + ph) * wp
                        row.update(repeating: 0, count: pw)
                        (row + pw).update(from: src + (plane * h + y) * w, count: w)
                        (row + pw + w).update(repeating: 0, count: wp - pw - w)
                    }
                    (top + (h + ph) * wp).update(repeating: 0, count: (hp - h - ph) * wp)
                }
            }
        }
    }

    /// Row r of the 6×6 patches of tiles b…b+3 as six column vectors: `columns.j[k]` = patch of tile b+k at (r, j).
    /// `tile` points at tile b's top-left pixel in the channel. Side-by-side tiles overlap by two columns, so a run
    /// of four reads 18 consecutive values: two 16-wide loads, two apart, split into lanes 4 apart.
    @inline(__always)
    static func patchRow(_ tile: UnsafePointer<Float>, isRun: Bool, lanes: Int, laneOffsets: UnsafePointer<Int>,
                         rowOffset: Int) -> Six {
        if isRun {
            let p = UnsafeRawPointer(tile + rowOffset)
            let low = p.loadUnaligned(as: SIMD16<Float>.self), high = p.loadUnaligned(fromByteOffset: 8, as: SIMD16<Float>.self)
            let lowEven = low.evenHalf, lowOdd = low.oddHalf, highEven = high.evenHalf, highOdd = high.oddHalf
            return (lowEven.evenHalf, lowOdd.evenHalf, lowEven.oddHalf, lowOdd.oddHalf, highEven.oddHalf, highOdd.oddHalf)
        }
        var columns: Six = (.zero, .zero, .zero, .zero, .zero, .zero)
        for k in 0..<lanes {
            let p = tile + (laneOffsets[k] &- laneOffsets[0] &+ rowOffset)
            columns.0[k] = p[0]; columns.1[k] = p[1]; columns.2[k] = p[2]
            columns.3[k] = p[3]; columns.4[k] = p[4]; columns.5[k] = p[5]
        }
        return columns
    }

    /// Six vectors `values.i` stored at `at + i·step` (six positions ξ of V or M, or a row of a transform's scratch).
    @inline(__always)
    static func store(_ values: Six, _ at: UnsafeMutableRawPointer, step: Int) {
        at.storeBytes(of: values.0, as: Lanes.self)
        at.storeBytes(of: values.1, toByteOffset: step, as: Lanes.self)
        at.storeBytes(of: values.2, toByteOffset: 2 &* step, as: Lanes.self)
        at.storeBytes(of: values.3, toByteOffset: 3 &* step, as: Lanes.self)
        at.storeBytes(of: values.4, toByteOffset: 4 &* step, as: Lanes.self)
        at.storeBytes(of: values.5, toByteOffset: 5 &* step, as: Lanes.self)
    }

    /// The six vectors at `at + i·step`, as `store` leaves them.
    @inline(__always)
    static func loadSix(_ at: UnsafeRawPointer, step: Int) -> Six {
        (at.loadUnaligned(as: Lanes.self), at.loadUnaligned(fromByteOffset: step, as: Lanes.self),
         at.loadUnaligned(fromByteOffset: 2 &* step, as: Lanes.self), at.loadUnaligned(fromByteOffset: 3 &* step, as: Lanes.self),
         at.loadUnaligned(fromByteOffset: 4 &* step, as: Lanes.self), at.loadUnaligned(fromByteOffset: 5 &* step, as: Lanes.self))
    }

    /// Bᵀ (6×6) applied to six values along a patch's rows or columns: (4d0 − 5d2 + d4, −4d1 − 4d2 + d3 + d4,
    /// 4d1 − 4d2 − d3 + d4, −2d1 − d2 + 2d3 + d4, 2d1 − d2 − 2d3 + d4, 4d1 − 5d3 + d5).
    @inline(__always)
    static func inputTransform(_ d: Six) -> Six {
        let d42 = d.4 - d.2, d31 = 2 * (d.3 - d.1)
        let t0 = 4 * (d.0 - d.2) + d42, t5 = 4 * (d.1 - d.3) + (d.5 - d.3)
        let t1 = (d.3 + d.4) - 4 * (d.1 + d.2), t2 = (d.4 - d.3) + 4 * (d.1 - d.2)
        return (t0, t1, t2, d42 + d31, d42 - d31, t5)
    }

    /// V[ξ][c][b] = (Bᵀ d B)[ξ] for the 6×6 patch d of channel c under tile `tiles.lowerBound + b` (x is the padded
    /// input's values), ξ = 6·row + column. Four tiles at a time, one per vector lane; channels outside, so each
    /// (ξ, c) row of V is written sequentially.
    static func transformInput(_ x: UnsafePointer<Float>, _ input: PaddedInput, _ layout: Layout, tiles: Range<Int>,
                               into v: UnsafeMutablePointer<Float>) {
        let geo = layout.geo, positionBytes = positionStride &* 4
        let image = input.height &* input.width, w = input.width
        let origins = TileOrigins(layout, tiles: tiles, height: input.height, width: w, channels: input.channels,
                                  extent: (patchSide, 3 * tileSide + patchSide), firstSample: input.firstSample)
        // d B of the four patches, row by row: six rows of six vectors.
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: patchSide * patchSide) { rows in
            origins.offset.withUnsafeBufferPointer { offsets in
                origins.run.withUnsafeBufferPointer { runs in
                    let offsets = offsets.baseAddress!, rows = UnsafeMutableRawPointer(rows.baseAddress!)
                    let lanesBytes = MemoryLayout<Lanes>.stride, rowBytes = patchSide &* lanesBytes
                    for c in 0..<geo.inChannels {
                        let channel = x + c &* image
                        for b in stride(from: 0, to: tiles.count, by: 4) {
                            let tile = channel + offsets[b], isRun = runs[b &>> 2], lanes = Swift.min(4, tiles.count &- b)
                            for r in 0..<patchSide {
                                let d = patchRow(tile, isRun: isRun, lanes: lanes, laneOffsets: offsets + b, rowOffset: r &* w)
                                store(inputTransform(d), rows + r &* rowBytes, step: lanesBytes)
                            }
                            // Column j of d B, transformed down the rows, is ξ = 6i + j for i = 0…5.
                            let base = UnsafeMutableRawPointer(v + (c &* channelStride &+ b))
                            for j in 0..<patchSide {
                                let column = loadSix(rows + j &* lanesBytes, step: rowBytes)
                                store(inputTransform(column), base + j &* positionBytes, step: patchSide &* positionBytes)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Aᵀ (4×6) applied to six values along a product tile's rows or columns: (m0 + m1 + m2 + m3 + m4,
    /// m1 − m2 + 2m3 − 2m4, m1 + m2 + 4m3 + 4m4, m1 − m2 + 8m3 − 8m4 + m5).
    @inline(__always)
    static func outputTransform(_ m: Six) -> Four {
        let sum12 = m.1 + m.2, diff12 = m.1 - m.2, sum34 = m.3 + m.4, diff34 = m.3 - m.4
        return (m.0 + sum12 + sum34, diff12 + 2 * diff34, sum12 + 4 * sum34, diff12 + 8 * diff34 + m.5)
    }

    /// Y = Aᵀ m A for each tile and output channel, written where the tile lies inside the output. Four tiles at a
    /// time: Aᵀ along each row of m, then down each column of that.
    static func transformOutput(_ m: UnsafePointer<Float>, _ layout: Layout, tiles: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let geo = layout.geo, cout = geo.outChannels, oh = geo.outH, ow = geo.outW
        let origins = TileOrigins(layout, tiles: tiles, height: oh, width: ow, channels: cout, extent: (tileSide, 4 * tileSide))
        let positionBytes = positionStride &* 4, image = oh &* ow
        // rows[r·4 + j]: row r of m A, then y[i·4 + j] = (Aᵀ m A)[i][j].
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: patchSide * tileSide + tileSide * tileSide) { scratch in
            let rows = scratch.baseAddress!, y = rows + patchSide * tileSide
            for o in 0..<cout {
                let channel = out + o &* image
                for b in stride(from: 0, to: tiles.count, by: 4) {
                    let p = UnsafeRawPointer(m + (o &* channelStride &+ b))
                    for r in 0..<patchSide {
                        let t = outputTransform(loadSix(p + (r &* patchSide) &* positionBytes, step: positionBytes))
                        rows[r &* 4] = t.0; rows[r &* 4 &+ 1] = t.1; rows[r &* 4 &+ 2] = t.2; rows[r &* 4 &+ 3] = t.3
                    }
                    for j in 0..<tileSide {
                        let t = outputTransform((rows[j], rows[4 &+ j], rows[8 &+ j], rows[12 &+ j], rows[16 &+ j], rows[20 &+ j]))
                        y[j] = t.0; y[4 &+ j] = t.1; y[8 &+ j] = t.2; y[12 &+ j] = t.3
                    }
                    if origins.run[b &>> 2] {
                        let dst = UnsafeMutableRawPointer(channel + origins.offset[b])
                        for i in 0..<tileSide {
                            dst.storeBytes(of: interleave(y[4 &* i], y[4 &* i &+ 1], y[4 &* i &+ 2], y[4 &* i &+ 3]),
                                           toByteOffset: i &* ow &* 4, as: SIMD16<Float>.self)
                        }
                        continue
                    }
                    for k in 0..<Swift.min(4, tiles.count &- b) {
                        let rowsInside = Swift.min(tileSide, oh &- origins.y[b &+ k]), columnsInside = Swift.min(tileSide, ow &- origins.x[b &+ k])
                        let dst = channel + origins.offset[b &+ k]
                        for i in 0..<rowsInside {
                            for j in 0..<columnsInside { dst[i &* ow &+ j] = y[i &* 4 &+ j][k] }
                        }
                    }
                }
            }
        }
    }

    /// (a0, b0, c0, d0, a1, b1, c1, d1, …): the four output columns of four side-by-side tiles, in image order.
    @inline(__always)
    static func interleave(_ a: Lanes, _ b: Lanes, _ c: Lanes, _ d: Lanes) -> SIMD16<Float> {
        SIMD16(a[0], b[0], c[0], d[0], a[1], b[1], c[1], d[1], a[2], b[2], c[2], d[2], a[3], b[3], c[3], d[3])
    }

    // MARK: Weight gradient

    static func weightGradient(_ x: [Float], _ g: [Float], _ geo: ConvGeometry) -> [Float] {
        let layout = Layout(geo: geo)
        let cin = geo.inChannels, cout = geo.outChannels, size = positions * cout * cin
        let pieces = Parallel.pieces(layout.tiles)
        var partial = [Float](repeating: 0, count: pieces * size)
        g.withUnsafeBufferPointer { pg in
            partial.withUnsafeMutableBufferPointer { pp in
                let pg = pg.baseAddress!, pp = pp.baseAddress!
                forEachTransformedBlock(x, layout) { piece, tiles, v, m in
                    transformOutputGradient(pg, layout, tiles: tiles, into: m)
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

    /// A (6×4) applied to four values along an output-gradient tile's rows or columns, the adjoint of
    /// `outputTransform`: (g0, g0 + g1 + g2 + g3, g0 − g1 + g2 − g3, g0 + 2g1 + 4g2 + 8g3, g0 − 2g1 + 4g2 − 8g3, g3).
    @inline(__always)
    static func gradientTransform(_ g: Four) -> Six {
        let even = g.0 + g.2, odd = g.1 + g.3, even4 = g.0 + 4 * g.2, odd2 = 2 * g.1 + 8 * g.3
        return (g.0, even + odd, even - odd, even4 + odd2, even4 - odd2, g.3)
    }

    /// M[ξ][o][b] = (A dY Aᵀ)[ξ] for the 4×4 output-gradient tile dY (zeros past the output's edge): A along each
    /// row of dY, then down each column of that. Four tiles at a time.
    static func transformOutputGradient(_ g: UnsafePointer<Float>, _ layout: Layout, tiles: Range<Int>, into m: UnsafeMutablePointer<Float>) {
        let geo = layout.geo, cout = geo.outChannels, oh = geo.outH, ow = geo.outW
        let origins = TileOrigins(layout, tiles: tiles, height: oh, width: ow, channels: cout, extent: (tileSide, 4 * tileSide))
        let positionBytes = positionStride &* 4, image = oh &* ow
        // rows[i·6 + c]: row i of dY Aᵀ.
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: tileSide * patchSide) { rows in
            let rows = UnsafeMutableRawPointer(rows.baseAddress!)
            let lanesBytes = MemoryLayout<Lanes>.stride, rowBytes = patchSide &* lanesBytes
            for o in 0..<cout {
                let channel = g + o &* image
                for b in stride(from: 0, to: tiles.count, by: 4) {
                    for i in 0..<tileSide {
                        var d: Four = (.zero, .zero, .zero, .zero)
                        if origins.run[b &>> 2] {
                            let row = UnsafeRawPointer(channel + origins.offset[b] + i &* ow).loadUnaligned(as: SIMD16<Float>.self)
                            let even = row.evenHalf, odd = row.oddHalf
                            d = (even.evenHalf, odd.evenHalf, even.oddHalf, odd.oddHalf)
                        } else {
                            for k in 0..<Swift.min(4, tiles.count &- b) where origins.y[b &+ k] &+ i < oh {
                                let src = channel + origins.offset[b &+ k] + i &* ow, columnsInside = ow &- origins.x[b &+ k]
                                d.0[k] = src[0]
                                if columnsInside > 1 { d.1[k] = src[1] }
                                if columnsInside > 2 { d.2[k] = src[2] }
                                if columnsInside > 3 { d.3[k] = src[3] }
                            }
                        }
                        store(gradientTransform(d), rows + i &* rowBytes, step: lanesBytes)
                    }
                    let base = UnsafeMutableRawPointer(m + (o &* channelStride &+ b))
                    for c in 0..<patchSide {
                        let column = rows + c &* lanesBytes
                        let d: Four = (column.load(as: Lanes.self), column.load(fromByteOffset: rowBytes, as: Lanes.self),
                                       column.load(fromByteOffset: 2 &* rowBytes, as: Lanes.self),
                                       column.load(fromByteOffset: 3 &* rowBytes, as: Lanes.self))
                        store(gradientTransform(d), base + c &* positionBytes, step: patchSide &* positionBytes)
                    }
                }
            }
        }
    }
}

extension Winograd {
    /// Off makes every convolution use im2col and GEMM: for benchmarks that compare the two algorithms, and, with
    /// `SPEC_WINOGRAD=0` in the environment, for runs that should round like a direct convolution (Winograd's
    /// transforms add a little rounding error, which GAN training amplifies).
    nonisolated(unsafe) public static var isEnabled = ProcessInfo.processInfo.environment["SPEC_WINOGRAD"] != "0"
}

extension ConvGeometry {
    /// 3×3, unit stride, one group, and enough channels and pixels for the transforms to pay off. At 16×16 outputs
    /// F(4×4, 3×3) is 1.75× faster than im2col too (one thread, 64 channels, batch 10, forward and backward), but
    /// there its rounding (2.5e-5 in the first block of the reference's 16×16 discriminator) exceeds the reference
    /// tolerance of its activations; at 8×8 it is slower (0.6×).
    var suitsWinograd: Bool {
        Winograd.isEnabled && kernelH == 3 && kernelW == 3 && strideH == 1 && strideW == 1 && groups == 1 && inChannels >= 8 && outChannels >= 8
            && padH <= 2 && padW <= 2 && outH * outW >= 1024
    }
}
