import Foundation
import SpecTensor

/// Peak signal-to-noise ratio per image, as the reference's `utils.metrics.psnr`: both batches (N, …) of images
/// in [−1, 1] are first quantised to 8 bits by truncation, trunc(clamp(x/2 + 0.5, 0, 1)·255); then
/// 10·log10(255² / MSE) with the MSE over each image. Identical quantised images give +∞. Shape (N).
public func psnr(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
    guard prediction.shape == target.shape, prediction.rank >= 2, prediction.count > 0 else {
        throw TensorError.message("psnr needs two non-empty batches of images of the same shape (N, …), got \(prediction.shape.shapeDescription) and \(target.shape.shapeDescription)")
    }
    let n = prediction.shape[0], perImage = prediction.count / n
    let a = prediction.scalars.map(quantised), b = target.scalars.map(quantised)
    let values = (0..<n).map { i -> Float in
        var squares = 0.0
        for j in (i * perImage)..<((i + 1) * perImage) {
            let d = a[j] - b[j]
            squares += d * d
        }
        return Float(10 * log10(255 * 255 / (squares / Double(perImage))))
    }
    return Tensor(values)
}

/// The 8-bit value the reference's `to_image` makes of a pixel in [−1, 1], computed in float32 as it is.
private func quantised(_ x: Float) -> Double {
    Double((Swift.min(Swift.max(x / 2 + 0.5, 0), 1) * 255).rounded(.towardZero))
}
