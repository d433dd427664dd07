import SpecTensor

/// The losses of the two testbeds and the R1 regulariser.
public enum Losses {
    /// Binary cross-entropy on logits, averaged over every element (PyTorch's `BCEWithLogitsLoss`). Written as
    /// softplus(x) − x·t, which stays finite for any |x|.
    public static func bceWithLogits(_ logits: Tensor, target: Tensor) throws -> Tensor {
        guard target.shape == logits.shape else {
            throw GANError.invalidInput("bce_with_logits: target shape \(target.shape.shapeDescription) differs from logits \(logits.shape.shapeDescription)")
        }
        return try (logits.softplus() - logits * target).mean()
    }

    /// Binary cross-entropy on logits against one target value for every element (1 for real, 0 for fake).
    public static func bceWithLogits(_ logits: Tensor, target: Float) throws -> Tensor {
        try (logits.softplus() - logits * target).mean()
    }

    /// Mean squared error over every element (PyTorch's `MSELoss`).
    public static func mse(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw GANError.invalidInput("mse: prediction shape \(prediction.shape.shapeDescription) differs from target \(target.shape.shapeDescription)")
        }
        return try (prediction - target).square().mean()
    }

    /// Σ wᵢ · lossᵢ (the reference's `MultiLoss`).
    public static func weightedSum(_ terms: [(weight: Float, loss: Tensor)]) throws -> Tensor {
        guard let first = terms.first else { throw GANError.invalidInput("a weighted sum needs at least one loss") }
        return try terms.dropFirst().reduce(first.loss * first.weight) { try $0 + $1.loss * $1.weight }
    }

    /// Per sample, the squared norm of ∂(Σ output)/∂input (the reference's `compute_grad2`), shape (N). The
    /// gradient is taken with `createGraph`, so the result differentiates into the model's parameters.
    public static func r1PerSample(output: Tensor, input: Tensor) throws -> Tensor {
        guard input.requiresGrad else { throw GANError.invalidInput("r1: the images must require a gradient before the logits are computed from them (requires_grad(x))") }
        guard output.requiresGrad, input.rank >= 1, input.shape[0] > 0 else {
            throw GANError.invalidInput("r1: the output does not depend on the input")
        }
        let grad = try gradients(of: try output.sum(), withRespectTo: [input], createGraph: true)[0]
        return try grad.square().reshaped([input.shape[0], -1]).sum(axes: [1])
    }

    /// The R1 penalty: mean over the batch of the squared norm of ∂(Σ output)/∂input, without a ½ factor or the
    /// regularisation weight (the testbed multiplies by its `r1:` weight, 10).
    public static func r1Penalty(output: Tensor, input: Tensor) throws -> Tensor {
        try r1PerSample(output: output, input: input).mean()
    }

    /// `r1_penalty(d, x, classes)`: runs `d` on a differentiable copy of `x` and returns the R1 penalty.
    public static func r1Penalty(_ model: any Model, _ x: Tensor, classes: [Int]? = nil) throws -> Tensor {
        let input = x.detached().requiringGrad()
        return try r1Penalty(output: model(input, classes: classes), input: input)
    }
}
