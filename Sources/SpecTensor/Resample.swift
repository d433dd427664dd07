/// The up- and downsampling kernels of the GAN layers, on (N, C, H, W) tensors, composed from the gather
/// primitive, reshapes, reductions and elementwise ops, so their gradients come for free.
extension Tensor {
    private func requireImage(_ op: String) throws {
        guard rank == 4 else { throw TensorError.message("\(op) needs a 4-D (N, C, H, W) tensor, got \(shape.shapeDescription)") }
    }

    /// Each pixel becomes a factor×factor block.
    public func upsampleNearest(_ factor: Int = 2) throws -> Tensor {
        try requireImage("upsample_nearest")
        var maps = identityMaps()
        for a in [2, 3] { maps[a] = (0..<(shape[a] * factor)).map { $0 / factor } }
        return gatherAxes(maps, op: "upsample_nearest")
    }

    /// Zero insertion: out[2i, 2j] = x[i, j], every other pixel 0.
    public func upsampleZeros(_ factor: Int = 2) throws -> Tensor {
        try requireImage("upsample_zeros")
        var maps = identityMaps()
        for a in [2, 3] { maps[a] = (0..<(shape[a] * factor)).map { $0 % factor == 0 ? $0 / factor : -1 } }
        return gatherAxes(maps, op: "upsample_zeros")
    }

    /// ×2 bilinear upsampling with align_corners false (half-pixel centres, edges clamped), as PyTorch; separable.
    public func upsampleBilinear() throws -> Tensor {
        try requireImage("upsample_bilinear")
        return try linearMap(rows: .bilinearUpsample(shape[2]), columns: .bilinearUpsample(shape[3]), op: "upsample_bilinear")
    }

    /// Pixel shuffle: out[n, c, 2h+a, 2w+b] = x[n, 4c+2a+b, h, w].
    public func pixelShuffle(_ factor: Int = 2) throws -> Tensor {
        try requireImage("pixel_shuffle")
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        guard c % (factor * factor) == 0 else {
            throw TensorError.message("pixel_shuffle needs channels divisible by \(factor * factor), got \(c)")
        }
        let oc = c / (factor * factor)
        return try reshaped([n, oc, factor, factor, h, w]).permuted([0, 1, 4, 2, 5, 3]).reshaped([n, oc, h * factor, w * factor])
    }

    /// Keeps every factor-th row and column: x[..., ::2, ::2], as one gather.
    public func subsample(_ factor: Int = 2) throws -> Tensor {
        try requireImage("subsample")
        guard factor > 0 else { throw TensorError.message("subsample: the factor must be positive, got \(factor)") }
        var maps = identityMaps()
        for a in [2, 3] { maps[a] = Array(stride(from: 0, to: shape[a], by: factor)) }
        return gatherAxes(maps, op: "subsample")
    }

    /// Average over non-overlapping k×k windows (stride k); trailing rows or columns that do not fill a window
    /// are dropped, as PyTorch's avg_pool2d.
    public func avgPool2d(_ k: Int = 2) throws -> Tensor {
        try requireImage("avg_pool2d")
        guard k > 0, shape[2] >= k, shape[3] >= k else { throw TensorError.message("avg_pool2d: window \(k) does not fit \(shape.shapeDescription)") }
        return try linearMap(rows: .average(shape[2], window: k), columns: .average(shape[3], window: k), op: "avg_pool2d")
    }

    /// The blurpool filter [[1,3,1],[3,9,3],[1,3,1]]/25 applied per channel after reflect padding by one (same
    /// size out). The kernel is the outer product of [1,3,1]/5 with itself, so it runs as two 1-D passes.
    public func blur() throws -> Tensor {
        try requireImage("blur")
        guard shape[2] >= 2, shape[3] >= 2 else { throw TensorError.message("blur needs images of at least 2×2, got \(shape.shapeDescription)") }
        return try linearMap(rows: .blur(shape[2]), columns: .blur(shape[3]), op: "blur")
    }

    /// Blurpool downsampling: blur, then 2×2 average pooling, each axis's two filters composed into one map.
    public func blurPool() throws -> Tensor {
        try requireImage("blurpool")
        guard shape[2] >= 2, shape[3] >= 2 else { throw TensorError.message("blurpool needs images of at least 2×2, got \(shape.shapeDescription)") }
        return try linearMap(rows: AxisTaps.average(shape[2], window: 2).after(.blur(shape[2])),
                             columns: AxisTaps.average(shape[3], window: 2).after(.blur(shape[3])), op: "blurpool")
    }
}
