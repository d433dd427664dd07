import SpecTensor

/// Arranges a batch of images (N, C, H, W) in a grid, as torchvision's `make_grid` does for the reference's
/// sample grids: images fill rows left to right, each framed by `padding` pixels of `padValue`.
///
/// The result is (C, rows·(H + padding) + padding, cols·(W + padding) + padding), in the value range of the
/// input (the reference's grids are in [−1, 1]; the default pad value −1 is black there, as torchvision's 0
/// after its [−1, 1] → [0, 1] normalisation). Without `cols`, a row holds min(8, N) images (torchvision's
/// `nrow`); without `rows`, just enough rows follow. Cells beyond N stay at `padValue`.
/// A single (C, H, W) image is treated as a batch of one.
public func imageGrid(_ images: Tensor, rows: Int? = nil, cols: Int? = nil, padding: Int = 2, padValue: Float = -1) throws -> Tensor {
    let batch: [Int]
    switch images.rank {
    case 3: batch = [1] + images.shape
    case 4: batch = images.shape
    default: throw MediaError.invalidArgument("image_grid needs images of shape (N, C, H, W), got \(images.shape.shapeDescription)")
    }
    let (n, c, h, w) = (batch[0], batch[1], batch[2], batch[3])
    guard n > 0, c > 0, h > 0, w > 0 else { throw MediaError.invalidArgument("image_grid needs at least one non-empty image, got shape \(batch.shapeDescription)") }
    guard padding >= 0 else { throw MediaError.invalidArgument("padding must be ≥ 0, got \(padding)") }
    if let rows, rows <= 0 { throw MediaError.invalidArgument("rows must be positive, got \(rows)") }
    if let cols, cols <= 0 { throw MediaError.invalidArgument("cols must be positive, got \(cols)") }

    let columns = cols ?? rows.map { (n + $0 - 1) / $0 } ?? min(8, n)
    let rowCount = rows ?? (n + columns - 1) / columns
    guard padding < 1 << 30, rowCount < 1 << 30, columns < 1 << 30 else {
        throw MediaError.invalidArgument("image_grid: padding, rows and columns must be below 2^30")
    }
    guard rowCount * columns >= n else {
        throw MediaError.invalidArgument("a \(rowCount)×\(columns) grid cannot hold \(n) images")
    }
    let gridH = rowCount * (h + padding) + padding, gridW = columns * (w + padding) + padding
    do { try AllocationLimit.checkedCount([c, gridH, gridW], op: "image_grid") } catch { throw MediaError.invalidArgument("\(error)") }
    var out = [Float](repeating: padValue, count: c * gridH * gridW)
    images.scalars.withUnsafeBufferPointer { src in
        for k in 0..<n {
            let top = (k / columns) * (h + padding) + padding, left = (k % columns) * (w + padding) + padding
            for ch in 0..<c {
                for y in 0..<h {
                    let from = ((k * c + ch) * h + y) * w
                    let to = (ch * gridH + top + y) * gridW + left
                    for x in 0..<w { out[to + x] = src[from + x] }
                }
            }
        }
    }
    return try Tensor(shape: [c, gridH, gridW], scalars: out)
}
