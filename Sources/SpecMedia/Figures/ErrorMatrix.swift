import SpecTensor

/// The spectrum error of a run over training: one row per evaluation step, one column per frequency bin,
/// values mean_gen / mean_real − 1 (the reference clamps them to [−1, 1]; the plot does too).
public struct ErrorMatrix: Sendable {
    /// The training iteration of each row, bottom row first.
    public let steps: [Int]
    /// Shape (steps, bins).
    public let values: Tensor
    /// The spectrum bin of column 0: 1 when DC is dropped, as in the reference; 0 when it is kept.
    public let firstBin: Int
    /// Names of the rows when they are not evaluation steps (e.g. the variants of several runs' final errors).
    public let rowLabels: [String]?

    public init(steps: [Int], values: Tensor, firstBin: Int = 1, rowLabels: [String]? = nil) throws {
        guard values.rank == 2 else {
            throw MediaError.invalidArgument("an error matrix has shape (steps, bins), got \(values.shape.shapeDescription)")
        }
        guard values.shape[0] == steps.count, !steps.isEmpty else {
            throw MediaError.invalidArgument("the error matrix has \(values.shape[0]) rows but \(steps.count) step labels")
        }
        guard values.shape[1] >= 1, firstBin >= 0, firstBin + values.shape[1] >= 2 else {
            throw MediaError.invalidArgument("the error matrix needs bins beyond DC, got \(values.shape[1]) columns from bin \(firstBin)")
        }
        if let rowLabels, rowLabels.count != values.shape[0] {
            throw MediaError.invalidArgument("the error matrix has \(values.shape[0]) rows but \(rowLabels.count) row labels")
        }
        self.steps = steps
        self.values = values
        self.firstBin = firstBin
        self.rowLabels = rowLabels
    }

    var rows: Int { values.shape[0] }
    var columns: Int { values.shape[1] }
    /// Index of the last bin of the full spectrum, the one at f/f_nyq = 1.
    var lastBin: Int { firstBin + columns - 1 }
}
