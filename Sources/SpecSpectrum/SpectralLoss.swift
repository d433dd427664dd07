import SpecTensor

/// The reference's spectrum loss (`MSESpectrumLoss`): the mean squared difference between the log spectra,
/// log(1 + channel-mean reduced spectrum of the unnormalised FFT), of a prediction and a target of the same shape
/// ((N, H, W) or (N, C, H, W)). A scalar, differentiable in both arguments.
public func logSpectrumLoss(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
    guard prediction.shape == target.shape else {
        throw TensorError.message("log_spectrum_loss needs a prediction and a target of the same shape, got \(prediction.shape.shapeDescription) and \(target.shape.shapeDescription)")
    }
    return try (prediction.logSpectrum() - target.logSpectrum()).square().mean()
}
