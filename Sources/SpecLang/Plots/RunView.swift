import SpecMedia
import SpecTensor

/// A testbed run seen only through the fields scripts read (`steps`, `spectra`, `spectra_std`, `real`, `error`,
/// `losses`), so plots work with any object that answers them. Errors name the argument the run came from.
struct RunView {
    let object: SpecObject
    let input: PlotInput

    /// A run is an object whose `spectra` field is a tensor; anything else is not one.
    init?(_ value: Value, input: PlotInput) {
        guard case .object(let o) = value, case .tensor? = try? o.field("spectra") else { return nil }
        object = o
        self.input = input
    }

    private func field(_ name: String) throws -> Value {
        guard let v = try object.field(name) else { throw input.fail("the \(object.typeName) has no field '\(name)'") }
        return v
    }

    private func tensor(_ name: String, rank: Int) throws -> Tensor {
        guard case .tensor(let t) = try field(name), t.rank == rank else {
            throw input.fail("the \(object.typeName)'s '\(name)' is not a tensor of rank \(rank)")
        }
        return t
    }

    /// The training iteration of each evaluation.
    func steps() throws -> [Int] {
        guard case .list(let l) = try field("steps") else { throw input.fail("the \(object.typeName)'s 'steps' is not a list") }
        return try l.items.map { item in
            guard case .number(let n) = item, n.rounded() == n, Swift.abs(n) < 1e15 else {
                throw input.fail("the \(object.typeName)'s 'steps' must hold whole numbers")
            }
            return Int(n)
        }
    }

    /// The data's spectrum statistics, a record {mean, std, count}.
    func real() throws -> Value { try field("real") }

    /// The loss history, a record {step, <loss name>: tensor, …}.
    func losses() throws -> Value { try field("losses") }

    /// The generated spectrum (mean ± std) of evaluation `row`.
    func spectrum(row: Int, label: String) throws -> SpectrumSeries {
        let mean = try tensor("spectra", rank: 2), std = try tensor("spectra_std", rank: 2)
        guard row >= 0, row < mean.shape[0], std.shape == mean.shape else {
            throw input.fail("the \(object.typeName)'s spectra have no evaluation \(row)")
        }
        return SpectrumSeries(label: label, mean: try PlotInput.row(mean, row), std: try PlotInput.row(std, row))
    }

    /// The rows of the evaluations at `wanted` steps (all of them when nil); an unknown step is an error that
    /// lists the evaluated ones.
    func rows(at wanted: [Int]?) throws -> [(row: Int, step: Int)] {
        let steps = try steps()
        guard !steps.isEmpty else { throw input.fail("the \(object.typeName) has no evaluation yet") }
        guard let wanted else { return steps.enumerated().map { ($0.offset, $0.element) } }
        return try wanted.map { step in
            guard let row = steps.lastIndex(of: step) else {
                throw input.args.error("steps", "the \(object.typeName) was not evaluated at step \(step); its evaluations are at steps "
                                       + steps.map(String.init).joined(separator: ", "))
            }
            return (row, step)
        }
    }

    /// The spectrum error per evaluation, (E, bins) with DC excluded, and its steps; `wanted` selects steps.
    func errorMatrix(at wanted: [Int]?) throws -> ErrorMatrix {
        let error = try tensor("error", rank: 2)
        let rows = try rows(at: wanted)
        guard error.shape[0] == (try steps()).count else {
            throw input.fail("the \(object.typeName)'s error has \(error.shape[0]) rows for \((try steps()).count) evaluations")
        }
        let values = try rows.flatMap { try PlotInput.row(error, $0.row) }.map(Float.init)
        return try input.media { try ErrorMatrix(steps: rows.map(\.step), values: try Tensor(shape: [rows.count, error.shape[1]], scalars: values)) }
    }
}
