
/// The generator testbed's criterion: MSE, the spectrum loss, or a weighted sum of both (the reference's
/// `MultiLoss`). The shipped generator step computes it from the weights this records.
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

    /// `mse`, `spectrum`, or `0.5·mse + 1·spectrum`.
    public var description: String {
        if terms.count == 1, weights[0] == 1 { return terms[0].rawValue }
        return zip(terms, weights).map { "\($1)·\($0.rawValue)" }.joined(separator: " + ")
    }
}
