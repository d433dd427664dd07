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

    /// ×2 bilinear upsampling with align_corners false (half-pixel centres, edges clamped), as PyTorch. Separable:
    /// along each axis an output pixel is 0.75 of its nearest input plus 0.25 of the next one on its side.
    public func upsampleBilinear() throws -> Tensor {
        try requireImage("upsample_bilinear")
        var t = self
        for a in [2, 3] {
            let n = shape[a]
            var near = t.identityMaps(), far = t.identityMaps()
            near[a] = (0..<(2 * n)).map { $0 / 2 }
            far[a] = (0..<(2 * n)).map { o in o % 2 == 0 ? Swift.max(o / 2 - 1, 0) : Swift.min(o / 2 + 1, n - 1) }
            t = try t.gatherAxes(near, op: "upsample_bilinear") * 0.75 + t.gatherAxes(far, op: "upsample_bilinear") * 0.25
        }
        return t
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

    /// Keeps every factor-th row and column: x[..., ::2, ::2].
    public func subsample(_ factor: Int = 2) throws -> Tensor {
        try requireImage("subsample")
        return try slice(axis: 2, step: factor).slice(axis: 3, step: factor)
    }

    /// Average over non-overlapping k×k windows (stride k); trailing rows or columns that do not fill a window
    /// are dropped, as PyTorch's avg_pool2d.
    public func avgPool2d(_ k: Int = 2) throws -> Tensor {
        try requireImage("avg_pool2d")
        guard k > 0, shape[2] >= k, shape[3] >= k else { throw TensorError.message("avg_pool2d: window \(k) does not fit \(shape.shapeDescription)") }
        let (n, c, h, w) = (shape[0], shape[1], shape[2] / k, shape[3] / k)
        let cropped = shape[2] % k == 0 && shape[3] % k == 0 ? self
            : try slice(axis: 2, end: h * k).slice(axis: 3, end: w * k)
        return try cropped.reshaped([n, c, h, k, w, k]).mean(axes: [3, 5])
    }

    /// The blurpool filter [[1,3,1],[3,9,3],[1,3,1]]/25 applied per channel after reflect padding by one (same
    /// size out). The kernel is the outer product of [1,3,1]/5 with itself, so it runs as two 1-D passes.
    public func blur() throws -> Tensor {
        try requireImage("blur")
        var t = try padded([1, 1, 1, 1], mode: .reflect)
        for a in [2, 3] {
            let n = t.shape[a] - 2
            t = try (t.slice(axis: a, start: 0, end: n) + t.slice(axis: a, start: 2, end: n + 2)) * 0.2
                + t.slice(axis: a, start: 1, end: n + 1) * 0.6
        }
        return t
    }

    /// Blurpool downsampling: blur, then 2×2 average pooling.
    public func blurPool() throws -> Tensor { try blur().avgPool2d(2) }
}
