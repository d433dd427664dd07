/// How a convolution's output divides into Winograd tiles: `tilesW` per row, `tilesPerSample` per image; tile t of a
/// batch is tile t mod `tilesPerSample` of sample t / `tilesPerSample`, in row-major order.
public struct TileGrid: Sendable {
    public let tilesW: Int, tilesPerSample: Int

    @inlinable
    public init(tilesH: Int, tilesW: Int) {
        self.tilesW = tilesW
        tilesPerSample = tilesH * tilesW
    }
}

/// An image layout tiles are read from or written to: planes of `height` × `width`, `channels` per sample, holding
/// samples from `firstSample` on and, of each, the rows from `firstRow` on (the padded input holds a few samples at a
/// time, or a band of rows of one; the output holds them all).
public struct TiledImage: Sendable {
    public let height: Int, width: Int, channels: Int, firstSample: Int, firstRow: Int

    @inlinable
    public init(height: Int, width: Int, channels: Int, firstSample: Int = 0, firstRow: Int = 0) {
        (self.height, self.width, self.channels, self.firstSample, self.firstRow) = (height, width, channels, firstSample, firstRow)
    }
}

/// Where the tiles of a block lie in an image layout: the offset of each tile's top-left pixel in channel 0 (`y`
/// counts rows from the layout's first), and
/// whether each group of `lanes` tiles sits side by side in one tile row with all it touches (`side` rows, and
/// `side` columns past the last tile's origin) inside the image, so that its data can move as vectors. Plain arrays
/// read through pointers: the transforms' inner loops check no bounds.
public struct TileOrigins {
    public let offset: [Int], y: [Int], x: [Int], run: [Bool]

    @inlinable
    public init(_ grid: TileGrid, tiles: Range<Int>, image: TiledImage, lanes: Int, side: Int) {
        let tileSide = WinogradTransforms.tileSide
        var offset: [Int] = [], y: [Int] = [], x: [Int] = [], run: [Bool] = []
        offset.reserveCapacity(tiles.count); y.reserveCapacity(tiles.count); x.reserveCapacity(tiles.count)
        for t in tiles {
            let r = t % grid.tilesPerSample
            let ty = tileSide * (r / grid.tilesW) - image.firstRow, tx = tileSide * (r % grid.tilesW)
            offset.append((t / grid.tilesPerSample - image.firstSample) * image.channels * image.height * image.width + ty * image.width + tx)
            y.append(ty)
            x.append(tx)
        }
        let span = (lanes - 1) * tileSide
        for b in stride(from: 0, to: tiles.count, by: lanes) {
            let last = b + lanes - 1
            run.append(last < tiles.count && offset[last] == offset[b] + span && x[last] == x[b] + span
                       && y[b] + side <= image.height && x[b] + span + side <= image.width)
        }
        (self.offset, self.y, self.x, self.run) = (offset, y, x, run)
    }
}
