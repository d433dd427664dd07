import Foundation
import SpecTensor

/// A network called on an input and, when class-conditional, one class index per sample.
///
/// Parameter and buffer names are the reference's `state_dict` names, so weights load by name from the reference's
/// `.npy` exports and from checkpoints.
public protocol Model: Module {
    /// Runs the network. With `classes`, a class-conditional model returns the logit of each sample's class, shape
    /// (N, 1); models that take no classes throw when given some.
    func forward(_ input: Tensor, classes: [Int]?) throws -> Tensor
    /// The number of classes a class-conditional model tells apart; nil for the others.
    var classCount: Int? { get }
}

extension Model {
    public var classCount: Int? { nil }

    public func callAsFunction(_ input: Tensor, classes: [Int]?) throws -> Tensor {
        try forward(input, classes: classes)
    }
}

/// Picks, for every row of (N, K) logits, the column of that sample's class: (N, 1), as the reference's
/// `x[range(len(c)), c].unsqueeze(1)`.
public func selectLogits(_ logits: Tensor, classes: [Int]) throws -> Tensor {
    guard logits.rank == 2 else { throw GANError.invalidInput("class selection needs (N, K) logits, got \(logits.shape.shapeDescription)") }
    let (n, k) = (logits.shape[0], logits.shape[1])
    guard classes.count == n else { throw GANError.invalidInput("\(classes.count) class indices for a batch of \(n)") }
    if let bad = classes.first(where: { $0 < 0 || $0 >= k }) {
        throw GANError.invalidInput("class index \(bad) is out of range for \(k) logits")
    }
    let rows = try classes.enumerated().map { i, c in
        try logits.slice(axis: 0, start: i, end: i + 1).slice(axis: 1, start: c, end: c + 1)
    }
    return try Tensor.cat(rows, axis: 0)
}

/// Converts a tensor of integral values (class or image indices, as scripts hold them) to integers.
public func indices(from tensor: Tensor, name: String = "index") throws -> [Int] {
    guard tensor.rank <= 1 else { throw GANError.invalidInput("\(name)es must be a 0-d or 1-d tensor, got \(tensor.shape.shapeDescription)") }
    return try tensor.scalars.map { v in
        guard v.isFinite, v == v.rounded(), Swift.abs(v) < 16_777_216 else { throw GANError.invalidInput("\(name) \(v) is not an integer") }
        return Int(v)
    }
}
