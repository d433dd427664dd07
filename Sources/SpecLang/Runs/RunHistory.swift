import SpecGAN
import SpecSpectrum
import SpecTensor

/// What a testbed run has recorded: the losses of every training iteration and every evaluation, with the
/// data's spectrum statistics they are measured against. Shown to scripts as `run.losses`, `run.spectra`, ….
struct RunHistory {
    /// Empty until a step of a script's own first returns its losses.
    var lossNames: [String]
    let real: SpectrumStatistics
    private(set) var lossSteps: [Int] = []
    /// One row per recorded iteration, in `lossNames` order.
    private(set) var lossRows: [[Float]] = []
    private(set) var evaluations: [Evaluation] = []

    init(lossNames: [String], real: SpectrumStatistics) {
        self.lossNames = lossNames
        self.real = real
    }

    mutating func record(step: Int, losses: [Float]) {
        lossSteps.append(step)
        lossRows.append(losses)
    }

    mutating func record(_ evaluation: Evaluation) { evaluations.append(evaluation) }

    var lastEvaluation: Evaluation? { evaluations.last }

    /// Each loss as a column over the iterations.
    func lossColumn(_ index: Int) -> [Float] { lossRows.map { $0[index] } }

    // MARK: Values for scripts

    /// {step: tensor, <loss name>: tensor, …}, one entry per training iteration.
    var lossesValue: Value {
        .record(RecordRef([("step", .tensor(Tensor(lossSteps.map(Float.init))))]
                          + lossNames.indices.map { (lossNames[$0], .tensor(Tensor(lossColumn($0)))) }))
    }

    var stepsValue: Value { .list(ListRef(evaluations.map { .number(Double($0.step)) })) }

    /// Rows of per-evaluation vectors stacked into (E, length); (0, length) before any evaluation.
    private func stacked(_ rows: [Tensor], length: Int) -> Value {
        .tensor((try? Tensor(shape: [rows.count, length], scalars: rows.flatMap(\.scalars))) ?? .zeros([0, length]))
    }

    var spectraValue: Value { stacked(evaluations.map(\.statistics.mean), length: real.mean.count) }
    var spectraStdValue: Value { stacked(evaluations.map(\.statistics.std), length: real.mean.count) }
    var errorValue: Value { stacked(evaluations.map(\.error), length: real.mean.count - 1) }
    var psnrValue: Value { .tensor(Tensor(evaluations.map { Float($0.meanPSNR) })) }
    var samplesValue: Value { .list(ListRef(evaluations.map { .tensor($0.samples) })) }
    var realValue: Value { SpectrumBuiltins.statsRecord(real) }
}
