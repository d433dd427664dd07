import Foundation

/// Winograd's minimal filtering F(2×2, 3×3) for 3×3 convolutions with unit stride (Lavin & Gray, 2016).
///
/// Each 2×2 block of output ("tile") is Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A, summed over input channels, where d is the 4×4
/// input patch under the tile and g a 3×3 kernel. Per tile that takes 16 products per channel pair instead of 36,
/// and the products are 16 matrix multiplications (one per position ξ of the 4×4 transformed tile):
/// M[ξ] (C_out × tiles) = U[ξ] (C_out × C_in) · V[ξ] (C_in × tiles). The weight gradient is the adjoint:
/// dU[ξ] = Σ (A dY Aᵀ)[ξ] · V[ξ]ᵀ, then dg = Gᵀ dU G. The input gradient needs nothing extra: with unit stride it
/// is itself a 3×3 convolution (see `ConvGeometry.adjointGeometry`). The transforms only add, subtract and halve,
/// so results agree with the direct method to float32 rounding.
public enum Winograd {
    /// Tiles processed together: large enough for efficient GEMMs, small enough to keep the scratch in cache.
    static let blockTiles = 512

    /// Distance between the 16 planes (one per ξ) of transformed data with `channels` rows of `blockTiles`. The
    /// extra 64 floats keep the planes from starting at the same offset modulo 4 KiB: the transforms write or read
    /// all 16 planes at once, and 16 streams that alias in the L1 cache's sets evict each other (measured 2×).
    static func planeStride(_ channels: Int) -> Int { channels * blockTiles + 64 }

    struct Layout {
        let geo: ConvGeometry
        var tilesH: Int { (geo.outH + 1) / 2 }
        var tilesW: Int { (geo.outW + 1) / 2 }
        var tilesPerSample: Int { tilesH * tilesW }
        var tiles: Int { geo.batch * tilesPerSample }
        /// Samples padded at a time: enough tiles for two full blocks per worker, so the padded copy stays a few
        /// megabytes instead of a copy of the whole batch (10.6 MB for 64 channels of ten 64×64 images, which was
        /// part of a discriminator step's peak memory).
        var samplesPerGroup: Int { Swift.max(1, 2 * Parallel.threads * Winograd.blockTiles / tilesPerSample) }
    }

    // MARK: Forward

    static func forward(_ x: [Float], _ w: [Float], _ geo: ConvGeometry) -> [Float] {
        let layout = Layout(geo: geo)
        let cin = geo.inChannels, cout = geo.outChannels, block = blockTiles
        let u = transformedWeights(w, geo)
        var out = [Float](unsafeUninitializedCapacity: geo.outputShape.elementCount) { _, n in n = geo.outputShape.elementCount }
        u.withUnsafeBufferPointer { pu in
            out.withUnsafeMutableBufferPointer { po in
                let pu = pu.baseAddress!, po = po.baseAddress!
                forEachTransformedBlock(x, layout) { _, tiles, v, m in
                    for xi in 0..<16 {
                        sgemm(transA: false, transB: false, m: cout, n: tiles.count, k: cin,
                              a: pu + xi * cout * cin, lda: cin, b: v + xi * planeStride(cin), ldb: block,
                              c: m + xi * planeStride(cout), ldc: block)
                    }
                    transformOutput(m, layout, tiles: tiles, into: po)
                }
            }
        }
        return out
    }

    /// Calls `body(worker, tiles, V, M)` for every block of tiles, the tiles spread over the workers: V holds the
    /// block's transformed input, M is scratch for C_out planes. Scratch is per worker; every element a GEMM or
    /// transform reads was written first in the same block. The input is padded a group of samples at a time.
    static func forEachTransformedBlock(_ x: [Float], _ layout: Layout,
                                        _ body: (_ worker: Int, _ tiles: Range<Int>, _ v: UnsafeMutablePointer<Float>,
                                                 _ m: UnsafeMutablePointer<Float>) -> Void) {
        let group = layout.samplesPerGroup
        // V and M of each worker, allocated once for all groups.
        let vSize = 16 * planeStride(layout.geo.inChannels), perWorker = vSize + 16 * planeStride(layout.geo.outChannels)
        let workers = Parallel.workerCount(Swift.min(group, layout.geo.batch) * layout.tilesPerSample)
        var scratch = [Float](unsafeUninitializedCapacity: workers * perWorker) { _, n in n = workers * perWorker }
        x.withUnsafeBufferPointer { px in
            scratch.withUnsafeMutableBufferPointer { scratch in
                let scratch = scratch.baseAddress!
                for first in stride(from: 0, to: layout.geo.batch, by: group) {
                    let samples = first..<Swift.min(first + group, layout.geo.batch)
                    let input = PaddedInput(px.baseAddress!, layout, samples: samples)
                    input.values.withUnsafeBufferPointer { padded in
                        let padded = padded.baseAddress!
                        let groupTiles = samples.lowerBound * layout.tilesPerSample
                        Parallel.chunks(samples.count * layout.tilesPerSample) { worker, chunk in
                            let tiles = (groupTiles + chunk.lowerBound)..<(groupTiles + chunk.upperBound)
                            let v = scratch + worker * perWorker, m = v + vSize
                            for start in stride(from: tiles.lowerBound, to: tiles.upperBound, by: blockTiles) {
                                let block = start..<Swift.min(start + blockTiles, tiles.upperBound)
                                transformInput(padded, input, layout, tiles: block, into: v)
                                body(worker, block, v, m)
                            }
                        }
                    }
                }
            }
        }
    }

    /// U[ξ][o][i] = (G g Gᵀ)[ξ] for each kernel g = w[o][i].
    static func transformedWeights(_ w: [Float], _ geo: ConvGeometry) -> [Float] {
        let cin = geo.inChannels, cout = geo.outChannels
        var u = [Float](repeating: 0, count: 16 * cout * cin)
        for o in 0..<cout {
            for i in 0..<cin {
                let g = (o * cin + i) * 9
                // Rows of G g (4×3), then the same combination of its columns.
                var q = [Float](repeating: 0, count: 12)
                for c in 0..<3 {
                    let g0 = w[g + c], g1 = w[g + 3 + c], g2 = w[g + 6 + c]
                    q[c] = g0; q[3 + c] = (g0 + g1 + g2) * 0.5; q[6 + c] = (g0 - g1 + g2) * 0.5; q[9 + c] = g2
                }
                for r in 0..<4 {
                    let g0 = q[r * 3], g1 = q[r * 3 + 1], g2 = q[r * 3 + 2]
                    let values = [g0, (g0 + g1 + g2) * 0.5, (g0 - g1 + g2) * 0.5, g2]
                    for c in 0..<4 { u[((r * 4 + c) * cout + o) * cin + i] = values[c] }
                }
            }
        }
        return u
    }

    /// Where the tiles of a block lie in one image layout (the padded input, or the output): the offset of each
    /// tile's top-left pixel in channel 0, and whether each group of four tiles sits side by side in one tile row
    /// and clear of the image's right and bottom edges (`reach` pixels wide, two rows high), so that its data can
    /// move as vectors. Plain arrays read through pointers: the transforms' inner loops check no bounds.
    struct TileOrigins {
        private(set) var offset: [Int] = [], y: [Int] = [], x: [Int] = [], run: [Bool] = []

        init(_ layout: Layout, tiles: Range<Int>, height: Int, width: Int, channels: Int, reach: Int, firstSample: Int = 0) {
            for t in tiles {
                let r = t % layout.tilesPerSample
                let ty = 2 * (r / layout.tilesW), tx = 2 * (r % layout.tilesW)
                offset.append((t / layout.tilesPerSample - firstSample) * channels * height * width + ty * width + tx)
                y.append(ty)
                x.append(tx)
            }
            for b in stride(from: 0, to: tiles.count, by: 4) {
                run.append(b + 3 < tiles.count && offset[b + 3] == offset[b] + 6 && x[b + 3] == x[b] + 6
                           && y[b] + 2 <= height && x[b] + reach <= width)
            }
        }
    }

    /// Four values, one per tile of a group of four (lanes beyond the block are ignored by every reader).
    typealias Lanes = SIMD4<Float>

    /// The input of some samples with its zero padding made explicit and extended to whole tiles: every 4×4 patch
    /// of their tiles lies inside it, so the transform reads without bounds checks. Shared by the workers.
    struct PaddedInput {
        let values: [Float]
        let height: Int, width: Int, channels: Int
        /// The first sample it holds.
        let firstSample: Int

        init(_ x: UnsafePointer<Float>, _ layout: Layout, samples: Range<Int>) {
            let geo = layout.geo
            height = 2 * layout.tilesH + 2
            width = 2 * layout.tilesW + 2
            channels = geo.inChannels
            firstSample = samples.lowerBound
            let (h, w, ph, pw) = (geo.height, geo.width, geo.padH, geo.padW)
            let (hp, wp) = (height, width)
            var padded = [Float](repeating: 0, count: samples.count * geo.inChannels * hp * wp)
            padded.withUnsafeMutableBufferPointer { dst in
                let src = x + samples.lowerBound * geo.inChannels * h * w
                for plane in 0..<(samples.count * geo.inChannels) {
                    for y in 0..<Swift.min(h, hp - ph) {
                        let to = dst.baseAddress! + (plane * hp + y + ph) * wp + pw
                        to.update(from: src + (plane * h + y) * w, count: Swift.min(w, wp - pw))
                    }
                }
            }
            values = padded
        }
    }

    /// Row r of the 4×4 patches of tiles b…b+3 as four column vectors: `columns.j[k]` = patch of tile b+k at
    /// (r, j). `tile` points at tile b's top-left pixel in the channel. Side-by-side tiles overlap by two columns,
    /// so a run of four reads 10 consecutive values: two 8-wide loads split into even and odd lanes.
    @inline(__always)
    static func patchRow(_ tile: UnsafePointer<Float>, isRun: Bool, lanes: Int, laneOffsets: UnsafePointer<Int>,
                         rowOffset: Int) -> (Lanes, Lanes, Lanes, Lanes) {
        if isRun {
            let p = UnsafeRawPointer(tile + rowOffset)
            let left = p.loadUnaligned(as: SIMD8<Float>.self), right = p.loadUnaligned(fromByteOffset: 8, as: SIMD8<Float>.self)
            return (left.evenHalf, left.oddHalf, right.evenHalf, right.oddHalf)
        }
        var columns = (Lanes.zero, Lanes.zero, Lanes.zero, Lanes.zero)
        for k in 0..<lanes {
            let values = load(tile + (laneOffsets[k] &- laneOffsets[0] &+ rowOffset))
            columns.0[k] = values[0]; columns.1[k] = values[1]; columns.2[k] = values[2]; columns.3[k] = values[3]
        }
        return columns
    }

    /// Stores four vectors (one per ξ of a row of the transformed tile) at column b of four consecutive planes.
    @inline(__always)
    static func store(_ values: (Lanes, Lanes, Lanes, Lanes), _ at: UnsafeMutablePointer<Float>, _ plane: Int) {
        UnsafeMutableRawPointer(at).storeBytes(of: values.0, as: Lanes.self)
        UnsafeMutableRawPointer(at + plane).storeBytes(of: values.1, as: Lanes.self)
        UnsafeMutableRawPointer(at + 2 &* plane).storeBytes(of: values.2, as: Lanes.self)
        UnsafeMutableRawPointer(at + 3 &* plane).storeBytes(of: values.3, as: Lanes.self)
    }

    @inline(__always)
    static func load(_ at: UnsafePointer<Float>) -> Lanes { UnsafeRawPointer(at).loadUnaligned(as: Lanes.self) }

    /// V[ξ][c][b] = (Bᵀ d B)[ξ] for the 4×4 patch d of channel c under tile `tiles.lowerBound + b` (x is the
    /// padded input's values). Bᵀ combines rows as (d0 − d2, d1 + d2, d2 − d1, d1 − d3); B does the same to columns. Four
    /// tiles at a time, one per vector lane; channels outside, so each (ξ, c) row of V is written sequentially.
    static func transformInput(_ x: UnsafePointer<Float>, _ input: PaddedInput, _ layout: Layout, tiles: Range<Int>,
                               into v: UnsafeMutablePointer<Float>) {
        let geo = layout.geo, block = blockTiles, plane = planeStride(geo.inChannels)
        let image = input.height &* input.width, w = input.width
        // Every patch lies inside the padded input, so every group of side-by-side tiles is a run.
        let origins = TileOrigins(layout, tiles: tiles, height: input.height, width: w, channels: input.channels, reach: 0,
                                  firstSample: input.firstSample)
        origins.offset.withUnsafeBufferPointer { offsets in
            origins.run.withUnsafeBufferPointer { runs in
                let offsets = offsets.baseAddress!
                for c in 0..<geo.inChannels {
                    let channel = x + c &* image
                    for b in stride(from: 0, to: tiles.count, by: 4) {
                        let tile = channel + offsets[b], isRun = runs[b &>> 2], lanes = Swift.min(4, tiles.count &- b)
                        let d0 = patchRow(tile, isRun: isRun, lanes: lanes, laneOffsets: offsets + b, rowOffset: 0)
                        let d1 = patchRow(tile, isRun: isRun, lanes: lanes, laneOffsets: offsets + b, rowOffset: w)
                        let d2 = patchRow(tile, isRun: isRun, lanes: lanes, laneOffsets: offsets + b, rowOffset: 2 &* w)
                        let d3 = patchRow(tile, isRun: isRun, lanes: lanes, laneOffsets: offsets + b, rowOffset: 3 &* w)
                        let base = v + (c &* block &+ b)
                        @inline(__always) func rowTransform(_ t: (Lanes, Lanes, Lanes, Lanes)) -> (Lanes, Lanes, Lanes, Lanes) {
                            (t.0 - t.2, t.1 + t.2, t.2 - t.1, t.1 - t.3)
                        }
                        // Rows of Bᵀd, each then combined across its columns.
                        store(rowTransform((d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3)), base, plane)
                        store(rowTransform((d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3)), base + 4 &* plane, plane)
                        store(rowTransform((d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3)), base + 8 &* plane, plane)
                        store(rowTransform((d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3)), base + 12 &* plane, plane)
                    }
                }
            }
        }
    }

    /// Y = Aᵀ m A for each tile and output channel, written where the tile lies inside the output. Aᵀ combines
    /// rows as (m0 + m1 + m2, m1 − m2 − m3), then the same across columns. Four tiles at a time.
    static func transformOutput(_ m: UnsafePointer<Float>, _ layout: Layout, tiles: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let geo = layout.geo, cout = geo.outChannels, oh = geo.outH, ow = geo.outW, block = blockTiles
        let origins = TileOrigins(layout, tiles: tiles, height: oh, width: ow, channels: cout, reach: 8)
        let plane = planeStride(cout), image = oh &* ow
        for o in 0..<cout {
            let channel = out + o &* image
            for b in stride(from: 0, to: tiles.count, by: 4) {
                let p = m + (o &* block &+ b)
                @inline(__always) func row(_ i: Int) -> (Lanes, Lanes, Lanes, Lanes) {
                    let r = p + (4 &* i) &* plane
                    return (load(r), load(r + plane), load(r + 2 &* plane), load(r + 3 &* plane))
                }
                let m0 = row(0), m1 = row(1), m2 = row(2), m3 = row(3)
                let s0 = (m0.0 + m1.0 + m2.0, m0.1 + m1.1 + m2.1, m0.2 + m1.2 + m2.2, m0.3 + m1.3 + m2.3)
                let s1 = (m1.0 - m2.0 - m3.0, m1.1 - m2.1 - m3.1, m1.2 - m2.2 - m3.2, m1.3 - m2.3 - m3.3)
                // y[i][0] and y[i][1] of the four tiles.
                let y00 = s0.0 + s0.1 + s0.2, y01 = s0.1 - s0.2 - s0.3
                let y10 = s1.0 + s1.1 + s1.2, y11 = s1.1 - s1.2 - s1.3
                if origins.run[b &>> 2] {
                    let dst = channel + origins.offset[b]
                    UnsafeMutableRawPointer(dst).storeBytes(of: interleave(y00, y01), as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(dst + ow).storeBytes(of: interleave(y10, y11), as: SIMD8<Float>.self)
                    continue
                }
                for k in 0..<Swift.min(4, tiles.count &- b) {
                    let yk = origins.y[b &+ k], xk = origins.x[b &+ k]
                    let dst = channel + origins.offset[b &+ k]
                    dst[0] = y00[k]
                    if xk &+ 1 < ow { dst[1] = y01[k] }
                    if yk &+ 1 < oh {
                        dst[ow] = y10[k]
                        if xk &+ 1 < ow { dst[ow &+ 1] = y11[k] }
                    }
                }
            }
        }
    }

    /// (a0, b0, a1, b1, a2, b2, a3, b3): the two output columns of four side-by-side tiles, in image order.
    @inline(__always)
    static func interleave(_ a: Lanes, _ b: Lanes) -> SIMD8<Float> {
        SIMD8(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3])
    }

    // MARK: Weight gradient

    static func weightGradient(_ x: [Float], _ g: [Float], _ geo: ConvGeometry) -> [Float] {
        let layout = Layout(geo: geo)
        let cin = geo.inChannels, cout = geo.outChannels, block = blockTiles, size = 16 * cout * cin
        let workers = Parallel.workerCount(layout.tiles)
        var partial = [Float](repeating: 0, count: workers * size)
        g.withUnsafeBufferPointer { pg in
            partial.withUnsafeMutableBufferPointer { pp in
                let pg = pg.baseAddress!, pp = pp.baseAddress!
                forEachTransformedBlock(x, layout) { worker, tiles, v, m in
                    transformOutputGradient(pg, layout, tiles: tiles, into: m)
                    for xi in 0..<16 {
                        sgemm(transA: false, transB: true, m: cout, n: cin, k: tiles.count,
                              a: m + xi * planeStride(cout), lda: block, b: v + xi * planeStride(cin), ldb: block,
                              beta: 1, c: pp + worker * size + xi * cout * cin, ldc: cin)
                    }
                }
            }
        }
        // Partial sums in a fixed order, then dg = Gᵀ dU G per kernel.
        var du = Array(partial[0..<size])
        for w in 1..<workers { for i in 0..<size { du[i] += partial[w * size + i] } }
        var out = [Float](repeating: 0, count: cout * cin * 9)
        for o in 0..<cout {
            for i in 0..<cin {
                func at(_ xi: Int) -> Float { du[(xi * cout + o) * cin + i] }
                // Gᵀ rows: u0 + (u1 + u2)/2, (u1 − u2)/2, (u1 + u2)/2 + u3; then the same on the columns.
                var p = [Float](repeating: 0, count: 12)
                for c in 0..<4 {
                    let u0 = at(c), u1 = at(4 + c), u2 = at(8 + c), u3 = at(12 + c)
                    p[c] = u0 + (u1 + u2) * 0.5; p[4 + c] = (u1 - u2) * 0.5; p[8 + c] = (u1 + u2) * 0.5 + u3
                }
                let k = (o * cin + i) * 9
                for r in 0..<3 {
                    let u0 = p[r * 4], u1 = p[r * 4 + 1], u2 = p[r * 4 + 2], u3 = p[r * 4 + 3]
                    out[k + r * 3] = u0 + (u1 + u2) * 0.5
                    out[k + r * 3 + 1] = (u1 - u2) * 0.5
                    out[k + r * 3 + 2] = (u1 + u2) * 0.5 + u3
                }
            }
        }
        return out
    }

    /// M[ξ][o][b] = (A dY Aᵀ)[ξ] for the 2×2 output-gradient tile dY (zeros past the output's edge). A combines
    /// the tile's rows r0, r1 as (r0, r0 + r1, r0 − r1, −r1); Aᵀ does the same to its columns. Four tiles at a time.
    static func transformOutputGradient(_ g: UnsafePointer<Float>, _ layout: Layout, tiles: Range<Int>, into m: UnsafeMutablePointer<Float>) {
        let geo = layout.geo, cout = geo.outChannels, oh = geo.outH, ow = geo.outW, block = blockTiles
        let origins = TileOrigins(layout, tiles: tiles, height: oh, width: ow, channels: cout, reach: 8)
        let plane = planeStride(cout), image = oh &* ow
        for o in 0..<cout {
            let channel = g + o &* image
            for b in stride(from: 0, to: tiles.count, by: 4) {
                // dY of the four tiles: (a b / c d) per lane.
                var a = Lanes.zero, bb = Lanes.zero, c = Lanes.zero, d = Lanes.zero
                if origins.run[b &>> 2] {
                    let src = UnsafeRawPointer(channel + origins.offset[b])
                    let top = src.loadUnaligned(as: SIMD8<Float>.self), bottom = src.loadUnaligned(fromByteOffset: ow &* 4, as: SIMD8<Float>.self)
                    a = top.evenHalf; bb = top.oddHalf; c = bottom.evenHalf; d = bottom.oddHalf
                } else {
                    for k in 0..<Swift.min(4, tiles.count &- b) {
                        let yk = origins.y[b &+ k], xk = origins.x[b &+ k]
                        let src = channel + origins.offset[b &+ k]
                        let right = xk &+ 1 < ow, below = yk &+ 1 < oh
                        a[k] = src[0]
                        if right { bb[k] = src[1] }
                        if below { c[k] = src[ow]; if right { d[k] = src[ow &+ 1] } }
                    }
                }
                let p = (a, a + c, a - c, -c), q = (bb, bb + d, bb - d, -d)
                let base = m + (o &* block &+ b)
                store((p.0, p.0 + q.0, p.0 - q.0, -q.0), base, plane)
                store((p.1, p.1 + q.1, p.1 - q.1, -q.1), base + 4 &* plane, plane)
                store((p.2, p.2 + q.2, p.2 - q.2, -q.2), base + 8 &* plane, plane)
                store((p.3, p.3 + q.3, p.3 - q.3, -q.3), base + 12 &* plane, plane)
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
    /// 3×3, unit stride, one group, and enough channels and pixels for the transforms to pay off (measured: faster
    /// than im2col from 32×32 outputs on, slower at 16×16 and below).
    var suitsWinograd: Bool {
        Winograd.isEnabled && kernelH == 3 && kernelW == 3 && strideH == 1 && strideW == 1 && groups == 1 && inChannels >= 8 && outChannels >= 8
            && padH <= 2 && padW <= 2 && outH * outW >= 1024
    }
}
