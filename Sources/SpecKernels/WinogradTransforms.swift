/// The data transforms of Winograd's F(4×4, 3×3) (SpecTensor's `Winograd` has the algorithm, the kernel transforms,
/// the products and the threading): the input patches into V = Bᵀ d B, the products M back into output tiles
/// Y = Aᵀ M A, and an output gradient into the products' gradient A dY Aᵀ. They are generic over `TileLanes` so that
/// one source serves every vector width.
public enum WinogradTransforms {
    /// Output pixels per tile side, and input pixels per patch side.
    public static let tileSide = 4, patchSide = 6
    /// Positions ξ of a transformed tile: one GEMM each.
    public static let positions = 36
    /// Tiles processed together, the GEMMs' width: 128 was faster than 32, 64 and 256 (one thread, 32 and 64
    /// channels, forward and backward).
    public static let blockTiles = 128

    /// Transformed data (V, and the products M) is laid out [channel][ξ][tile]: the transforms of one channel touch
    /// 36 rows of `blockTiles` that lie together (21 KiB), and each GEMM reads or writes every 36th row. The extra 16
    /// floats put consecutive rows one cache line apart modulo 4 KiB, so that the rows a transform touches at once
    /// do not pile up in a few of the L1 cache's sets.
    public static let positionStride = blockTiles + 16
    public static let channelStride = positions * positionStride

    public typealias Four<L> = (L, L, L, L)
    public typealias Six<L> = (L, L, L, L, L, L)

    // MARK: Input

    /// V[c][ξ][b] = (Bᵀ d B)[ξ] for the 6×6 patch d of channel c under tile `tiles.lowerBound + b` (x holds the
    /// padded input's values), ξ = 6·row + column. One tile per vector lane; channels outside, so each (c, ξ) row of
    /// V is written sequentially.
    @inlinable
    public static func transformInput<L: TileLanes>(_: L.Type, _ x: UnsafePointer<Float>, _ image: TiledImage, _ grid: TileGrid,
                                                    tiles: Range<Int>, into v: UnsafeMutablePointer<Float>) {
        let n = L.scalarCount, positionBytes = positionStride &* 4, plane = image.height &* image.width, w = image.width
        let origins = TileOrigins(grid, tiles: tiles, image: image, lanes: n, side: patchSide)
        // d B of the patches, row by row: six rows of six vectors.
        withUnsafeTemporaryAllocation(of: L.self, capacity: patchSide * patchSide) { rows in
            origins.offset.withUnsafeBufferPointer { offsets in
                origins.run.withUnsafeBufferPointer { runs in
                    let offsets = offsets.baseAddress!, rows = UnsafeMutableRawPointer(rows.baseAddress!)
                    let lanesBytes = MemoryLayout<L>.stride, rowBytes = patchSide &* lanesBytes
                    for c in 0..<image.channels {
                        let channel = x + c &* plane
                        for b in stride(from: 0, to: tiles.count, by: n) {
                            let tile = channel + offsets[b], isRun = runs[b / n], lanes = Swift.min(n, tiles.count &- b)
                            for r in 0..<patchSide {
                                let d = isRun ? L.patchColumns(UnsafeRawPointer(tile + r &* w))
                                    : patchRow(L.self, tile, lanes: lanes, laneOffsets: offsets + b, rowOffset: r &* w)
                                store(inputTransform(d), rows + r &* rowBytes, step: lanesBytes)
                            }
                            // Column j of d B, transformed down the rows, is ξ = 6i + j for i = 0…5.
                            let base = UnsafeMutableRawPointer(v + (c &* channelStride &+ b))
                            for j in 0..<patchSide {
                                let column: Six<L> = loadSix(rows + j &* lanesBytes, step: rowBytes)
                                store(inputTransform(column), base + j &* positionBytes, step: patchSide &* positionBytes)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Row r of the 6×6 patches of tiles that do not lie side by side, lane by lane: `columns.j[k]` = patch of tile
    /// b+k at (r, j), `tile` pointing at tile b's top-left pixel.
    @inlinable @inline(__always)
    static func patchRow<L: TileLanes>(_: L.Type, _ tile: UnsafePointer<Float>, lanes: Int, laneOffsets: UnsafePointer<Int>,
                                       rowOffset: Int) -> Six<L> {
        var columns: Six<L> = (.zero, .zero, .zero, .zero, .zero, .zero)
        for k in 0..<lanes {
            let p = tile + (laneOffsets[k] &- laneOffsets[0] &+ rowOffset)
            columns.0[k] = p[0]; columns.1[k] = p[1]; columns.2[k] = p[2]
            columns.3[k] = p[3]; columns.4[k] = p[4]; columns.5[k] = p[5]
        }
        return columns
    }

    /// Bᵀ (6×6) applied to six values along a patch's rows or columns: (4d0 − 5d2 + d4, −4d1 − 4d2 + d3 + d4,
    /// 4d1 − 4d2 − d3 + d4, −2d1 − d2 + 2d3 + d4, 2d1 − d2 − 2d3 + d4, 4d1 − 5d3 + d5).
    @inlinable @inline(__always)
    static func inputTransform<L: TileLanes>(_ d: Six<L>) -> Six<L> {
        let d42 = d.4 - d.2, d31 = 2 * (d.3 - d.1)
        let t0 = 4 * (d.0 - d.2) + d42, t5 = 4 * (d.1 - d.3) + (d.5 - d.3)
        let t1 = (d.3 + d.4) - 4 * (d.1 + d.2), t2 = (d.4 - d.3) + 4 * (d.1 - d.2)
        return (t0, t1, t2, d42 + d31, d42 - d31, t5)
    }

    // MARK: Output

    /// Y = Aᵀ m A for each tile and output channel, plus the channel's `bias` if given, written where the tile lies
    /// inside the output (`image`). One tile per lane: Aᵀ along each row of m, then down each column of that. Adding
    /// the bias here spares the output a pass of its own, and rounds as that pass did (one addition per value).
    @inlinable
    public static func transformOutput<L: TileLanes>(_: L.Type, _ m: UnsafePointer<Float>, _ image: TiledImage, _ grid: TileGrid,
                                                     tiles: Range<Int>, into out: UnsafeMutablePointer<Float>,
                                                     bias: UnsafePointer<Float>?) {
        let n = L.scalarCount, oh = image.height, ow = image.width
        let origins = TileOrigins(grid, tiles: tiles, image: image, lanes: n, side: tileSide)
        let positionBytes = positionStride &* 4, plane = oh &* ow
        // rows[r·4 + j]: row r of m A, then y[i·4 + j] = (Aᵀ m A)[i][j].
        withUnsafeTemporaryAllocation(of: L.self, capacity: patchSide * tileSide + tileSide * tileSide) { scratch in
            let rows = scratch.baseAddress!, y = rows + patchSide * tileSide
            for o in 0..<image.channels {
                let channel = out + o &* plane, shift = bias.map { L(repeating: $0[o]) }
                for b in stride(from: 0, to: tiles.count, by: n) {
                    let p = UnsafeRawPointer(m + (o &* channelStride &+ b))
                    for r in 0..<patchSide {
                        let t = outputTransform(loadSix(p + (r &* patchSide) &* positionBytes, step: positionBytes) as Six<L>)
                        rows[r &* 4] = t.0; rows[r &* 4 &+ 1] = t.1; rows[r &* 4 &+ 2] = t.2; rows[r &* 4 &+ 3] = t.3
                    }
                    for j in 0..<tileSide {
                        let t = outputTransform((rows[j], rows[4 &+ j], rows[8 &+ j], rows[12 &+ j], rows[16 &+ j], rows[20 &+ j]))
                        y[j] = t.0; y[4 &+ j] = t.1; y[8 &+ j] = t.2; y[12 &+ j] = t.3
                    }
                    if let shift { for q in 0..<(tileSide * tileSide) { y[q] += shift } }
                    if origins.run[b / n] {
                        let dst = UnsafeMutableRawPointer(channel + origins.offset[b])
                        for i in 0..<tileSide {
                            L.storeTileColumns(y[4 &* i], y[4 &* i &+ 1], y[4 &* i &+ 2], y[4 &* i &+ 3], to: dst + i &* ow &* 4)
                        }
                        continue
                    }
                    for k in 0..<Swift.min(n, tiles.count &- b) {
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

    /// Aᵀ (4×6) applied to six values along a product tile's rows or columns: (m0 + m1 + m2 + m3 + m4,
    /// m1 − m2 + 2m3 − 2m4, m1 + m2 + 4m3 + 4m4, m1 − m2 + 8m3 − 8m4 + m5).
    @inlinable @inline(__always)
    static func outputTransform<L: TileLanes>(_ m: Six<L>) -> Four<L> {
        let sum12 = m.1 + m.2, diff12 = m.1 - m.2, sum34 = m.3 + m.4, diff34 = m.3 - m.4
        return (m.0 + sum12 + sum34, diff12 + 2 * diff34, sum12 + 4 * sum34, diff12 + 8 * diff34 + m.5)
    }

    // MARK: Output gradient

    /// M[o][ξ][b] = (A dY Aᵀ)[ξ] for the 4×4 output-gradient tile dY of channel o (zeros past the output's edge,
    /// `image`): A along each row of dY, then down each column of that. One tile per lane.
    @inlinable
    public static func transformOutputGradient<L: TileLanes>(_: L.Type, _ g: UnsafePointer<Float>, _ image: TiledImage, _ grid: TileGrid,
                                                             tiles: Range<Int>, into m: UnsafeMutablePointer<Float>) {
        let n = L.scalarCount, oh = image.height, ow = image.width
        let origins = TileOrigins(grid, tiles: tiles, image: image, lanes: n, side: tileSide)
        let positionBytes = positionStride &* 4, plane = oh &* ow
        // rows[i·6 + c]: row i of dY Aᵀ.
        withUnsafeTemporaryAllocation(of: L.self, capacity: tileSide * patchSide) { rows in
            let rows = UnsafeMutableRawPointer(rows.baseAddress!)
            let lanesBytes = MemoryLayout<L>.stride, rowBytes = patchSide &* lanesBytes
            for o in 0..<image.channels {
                let channel = g + o &* plane
                for b in stride(from: 0, to: tiles.count, by: n) {
                    for i in 0..<tileSide {
                        var d: Four<L> = (.zero, .zero, .zero, .zero)
                        if origins.run[b / n] {
                            d = L.tileColumns(UnsafeRawPointer(channel + origins.offset[b] + i &* ow))
                        } else {
                            for k in 0..<Swift.min(n, tiles.count &- b) where origins.y[b &+ k] &+ i < oh {
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
                        let d: Four<L> = (column.loadUnaligned(as: L.self), column.loadUnaligned(fromByteOffset: rowBytes, as: L.self),
                                          column.loadUnaligned(fromByteOffset: 2 &* rowBytes, as: L.self),
                                          column.loadUnaligned(fromByteOffset: 3 &* rowBytes, as: L.self))
                        store(gradientTransform(d), base + c &* positionBytes, step: patchSide &* positionBytes)
                    }
                }
            }
        }
    }

    /// A (6×4) applied to four values along an output-gradient tile's rows or columns, the adjoint of
    /// `outputTransform`: (g0, g0 + g1 + g2 + g3, g0 − g1 + g2 − g3, g0 + 2g1 + 4g2 + 8g3, g0 − 2g1 + 4g2 − 8g3, g3).
    @inlinable @inline(__always)
    static func gradientTransform<L: TileLanes>(_ g: Four<L>) -> Six<L> {
        let even = g.0 + g.2, odd = g.1 + g.3, even4 = g.0 + 4 * g.2, odd2 = 2 * g.1 + 8 * g.3
        return (g.0, even + odd, even - odd, even4 + odd2, even4 - odd2, g.3)
    }

    // MARK: Vectors in memory

    /// Six vectors `values.i` stored at `at + i·step` (six positions ξ of V or M, or a row of a transform's scratch).
    @inlinable @inline(__always)
    static func store<L: TileLanes>(_ values: Six<L>, _ at: UnsafeMutableRawPointer, step: Int) {
        at.storeBytes(of: values.0, as: L.self)
        at.storeBytes(of: values.1, toByteOffset: step, as: L.self)
        at.storeBytes(of: values.2, toByteOffset: 2 &* step, as: L.self)
        at.storeBytes(of: values.3, toByteOffset: 3 &* step, as: L.self)
        at.storeBytes(of: values.4, toByteOffset: 4 &* step, as: L.self)
        at.storeBytes(of: values.5, toByteOffset: 5 &* step, as: L.self)
    }

    /// The six vectors at `at + i·step`, as `store` leaves them.
    @inlinable @inline(__always)
    static func loadSix<L: TileLanes>(_ at: UnsafeRawPointer, step: Int) -> Six<L> {
        (at.loadUnaligned(as: L.self), at.loadUnaligned(fromByteOffset: step, as: L.self),
         at.loadUnaligned(fromByteOffset: 2 &* step, as: L.self), at.loadUnaligned(fromByteOffset: 3 &* step, as: L.self),
         at.loadUnaligned(fromByteOffset: 4 &* step, as: L.self), at.loadUnaligned(fromByteOffset: 5 &* step, as: L.self))
    }
}
