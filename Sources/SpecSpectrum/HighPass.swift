import SpecTensor

extension Tensor {
    /// The reference's high-pass filter (`dataset.HighPass`) on the last two axes of images (…, H, W), H, W ≥ 2:
    /// reflect-pad by one, correlate each channel with [[1, −1], [−1, 1]], keep the top-left H×W corner.
    /// Differentiable.
    public func highpassed() throws -> Tensor {
        guard rank >= 2, shape[rank - 2] >= 2, shape[rank - 1] >= 2 else {
            throw TensorError.message("highpass needs images (…, H, W) with H, W ≥ 2, got shape \(shape.shapeDescription)")
        }
        let h = shape[rank - 2], w = shape[rank - 1]
        let padded = try self.padded([1, 1, 1, 1], mode: .reflect)
        func corner(_ row: Int, _ column: Int) throws -> Tensor {
            try padded.slice(axis: -2, start: row, end: row + h).slice(axis: -1, start: column, end: column + w)
        }
        return try corner(0, 0) - corner(0, 1) - corner(1, 0) + corner(1, 1)
    }
}
