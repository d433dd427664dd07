import SpecTensor

/// A tensor owned by a module: a trainable parameter or a buffer (such as PGGAN's `lod`). Its name is the path
/// the module tree gives it (`Module.namedParameters`), so one parameter can sit in several containers.
///
/// A reference type, so that a model's layers, its optimiser and its EMA all see one value: optimisers and weight
/// loading overwrite the values in place, which keeps the tensor's graph identity and hence its accumulated
/// gradient.
public final class Parameter {
    /// The current value; a leaf of the autograd graph unless frozen.
    public private(set) var value: Tensor

    public init(_ value: Tensor, trainable: Bool = true) {
        self.value = value.detached().requiringGrad(trainable)
    }

    public var shape: [Int] { value.shape }
    public var count: Int { value.count }
    /// The gradient accumulated by the last backward passes, nil when none reached this parameter.
    public var grad: Tensor? { value.grad }
    public var isFrozen: Bool { !value.requiresGrad }

    /// Stops recording gradients for this parameter (PyTorch's `requires_grad_(False)`).
    public func freeze() { if !isFrozen { value = value.requiringGrad(false) } }

    /// Records gradients again; the parameter becomes a new leaf with no accumulated gradient.
    public func unfreeze() { if isFrozen { value = value.requiringGrad(true) } }

    public func zeroGrad() { value.zeroGrad() }

    /// Overwrites the values (same shape) in place.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == shape else {
            throw GANError.invalidInput("a parameter of shape \(shape.shapeDescription) cannot take a value of shape \(newValue.shape.shapeDescription)")
        }
        value.updateScalars { $0 = newValue.scalars }
    }

    /// Updates the values in place through a buffer of the same length (optimiser steps, EMA).
    func update(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        value.updateScalars { $0.withUnsafeMutableBufferPointer { body($0) } }
    }
}
