import SpecTensor

/// PGGAN's pixel norm: x / sqrt(mean over channels (axis 1) of x² + ε), for (N, C) and (N, C, H, W) tensors
/// (one op: `Tensor.pixelNorm`).
public func pixelNorm(_ x: Tensor, epsilon: Float = 1e-8) throws -> Tensor {
    guard x.rank >= 2 else { throw GANError.invalidInput("pixel norm needs a tensor with a channel axis, got \(x.shape.shapeDescription)") }
    return try x.pixelNorm(epsilon: epsilon)
}

/// PGGAN's minibatch standard deviation layer: appends one channel holding, for each statistic group, the mean
/// over (C, H, W) of the standard deviation (biased, ε inside the square root) over the group's members.
///
/// With G = min(groupSize, N) and M = N / G, sample n is member n / M of statistic group n mod M (the reference
/// views the batch as (G, M, C, H, W)).
public func minibatchStd(_ x: Tensor, groupSize: Int = 16, epsilon: Float = 1e-8) throws -> Tensor {
    guard x.rank == 4 else { throw GANError.invalidInput("minibatch std needs a 4-D (N, C, H, W) tensor, got \(x.shape.shapeDescription)") }
    guard groupSize > 1 else { return x }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let g = min(groupSize, n)
    guard n % g == 0 else {
        throw GANError.invalidInput("minibatch std: a batch of \(n) does not split into groups of \(g); use a batch that is a multiple of \(g) or at most \(groupSize)")
    }
    let m = n / g
    let grouped = try x.reshaped([g, m, c, h, w])
    let centred = try grouped - grouped.mean(axes: [0], keepDims: true)
    let std = try (centred.square().mean(axes: [0]) + epsilon).sqrt()          // (M, C, H, W)
    let stat = try std.mean(axes: [1, 2, 3], keepDims: true)                   // (M, 1, 1, 1)
    return try Tensor.cat([x, stat.repeated([g, 1, h, w])], axis: 1)
}
