import SpecSpectrum
import SpecTensor

/// The generator testbed's criterion: MSE, the spectrum loss, or a weighted sum of both (the reference's
/// `MultiLoss`).
public struct GeneratorLoss: Equatable, Sendable, Codable {
    public enum Term: String, Sendable, Codable, CaseIterable {
        /// Mean squared error of the pixels (`torch.nn.MSELoss`).
        case mse
        /// MSE of the log reduced spectra (`loss.MSESpectrumLoss`).
        case spectrum
    }

    public let terms: [Term]
    public let weights: [Float]

    /// One criterion with weight 1.
    public init(_ term: Term) {
        terms = [term]
        weights = [1]
    }

    /// Σ wᵢ · termᵢ.
    public init(terms: [Term], weights: [Float]) throws {
        guard !terms.isEmpty, terms.count == weights.count, Set(terms).count == terms.count, weights.allSatisfy(\.isFinite) else {
            throw GANError.invalidConfiguration("a generator loss needs distinct terms, each with one finite weight")
        }
        self.terms = terms
        self.weights = weights
    }

    /// The loss of a prediction against its targets.
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        func value(_ term: Term) throws -> Tensor {
            switch term {
            case .mse: return try Losses.mse(prediction, target)
            case .spectrum:
                do { return try logSpectrumLoss(prediction, target) } catch let e as TensorError { throw GANError.invalidInput(e.description) }
            }
        }
        if terms.count == 1, weights[0] == 1 { return try value(terms[0]) }
        return try Losses.weightedSum(try zip(terms, weights).map { (weight: $1, loss: try value($0)) })
    }

    /// `mse`, `spectrum`, or `0.5·mse + 1·spectrum`.
    public var description: String {
        if terms.count == 1, weights[0] == 1 { return terms[0].rawValue }
        return zip(terms, weights).map { "\($1)·\($0.rawValue)" }.joined(separator: " + ")
    }
}
