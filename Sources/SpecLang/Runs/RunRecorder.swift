import Foundation
import SpecGAN
import SpecMedia
import SpecSpectrum
import SpecTensor

/// What a testbed run writes into its folder, and reading it back to resume:
///
/// - `config.json` (the resolved configuration), `manifest.json` (sessions, script hash, seed, threads, timings)
/// - `data.npy` (the images), `latents.npy` (generator testbed), `training_data.png`
/// - `losses.jsonl` / `losses.csv` (every iteration), `metrics.jsonl` / `metrics.csv` (every evaluation)
/// - `spectra/real.npy` and `spectra/spectrum_<step>.npy` ((2, L): mean and std), `samples/samples_<step>.png|.npy`
/// - `plots/spectrum_<step>.png`, `plots/spectrum_error.png` (error over training), `plots/losses.png`
/// - `checkpoint.safetensors` (latest) and the last three periodic ones in `checkpoints/`
struct RunRecorder {
    let folder: RunFolder
    static let keptCheckpoints = 3

    static func stepName(_ step: Int) -> String { String(format: "%08d", step) }


    func write(_ configuration: RunConfiguration) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try folder.write(try encoder.encode(configuration), to: "config.json")
    }

    func start(configuration: RunConfiguration, images: Tensor, latents: Tensor?, real: SpectrumStatistics) throws {
        try write(configuration)
        try folder.writeNPY(images, to: "data.npy")
        if let latents { try folder.writeNPY(latents, to: "latents.npy") }
        let shown = Array(0..<min(images.shape[0], Evaluator.sampleLimit))
        // The reference's grid: four per row (torchvision's nrow, at most the image count).
        try folder.savePNG(try imageGrid(try Tensor.stack(try shown.map { try images.select(axis: 0, index: $0) }), cols: min(4, shown.count)),
                           to: "training_data.png")
        try folder.writeNPY(try Tensor.stack([real.mean, real.std]), to: "spectra/real.npy")
    }

    func loss(step: Int, names: [String], values: [Float]) throws {
        try folder.append(line: try JSONLine(["step": .int(step)].merging(zip(names, values.map(JSONLine.Field.float)), uniquingKeysWith: { a, _ in a })).text,
                          to: "losses.jsonl")
    }

    func evaluation(_ e: Evaluation, history: RunHistory) throws {
        let name = Self.stepName(e.step)
        try folder.writeNPY(try Tensor.stack([e.statistics.mean, e.statistics.std]), to: "spectra/spectrum_\(name).npy")
        try folder.writeNPY(e.samples, to: "samples/samples_\(name).npy")
        try folder.savePNG(e.samples, to: "samples/samples_\(name).png")
        func series(_ label: String, _ s: SpectrumStatistics) -> SpectrumSeries {
            SpectrumSeries(label: label, mean: s.mean.scalars.map(Double.init), std: s.std.scalars.map(Double.init))
        }
        try folder.save(try SpectrumPlot(groundTruth: series("real", history.real), predictions: [series("iteration \(e.step)", e.statistics)],
                                         title: "Spectrum at iteration \(e.step)"), to: "plots/spectrum_\(name).png")
        guard case .tensor(let errors) = history.errorValue else { return }
        try folder.save(SpectrumErrorPlot(try ErrorMatrix(steps: history.evaluations.map(\.step), values: errors),
                                          title: "Spectrum error"), to: "plots/spectrum_error.png")
        let halves = e.errorHalves
        let line = JSONLine(["step": .int(e.step), "psnr": .float(Float(e.meanPSNR)), "error_mean_abs": .float(Float(e.meanAbsoluteError)),
                             "error_low": .float(Float(halves.low)), "error_high": .float(Float(halves.high)),
                             "error": .floats(e.error.scalars), "psnr_images": .floats(e.psnr.scalars)])
        try folder.append(line: try line.text, to: "metrics.jsonl")
    }

    /// The CSV tables and the loss plot, from the whole history.
    func tables(_ history: RunHistory) throws {
        if !history.lossSteps.isEmpty {
            // Float columns keep Float's shortest digits (steps are exact in float32 up to 2²⁴).
            let table = try Tensor(shape: [history.lossSteps.count, history.lossNames.count + 1],
                                   scalars: zip(history.lossSteps, history.lossRows).flatMap { [Float($0)] + $1 })
            try folder.writeText(try CSV.text(table, header: ["step"] + history.lossNames), to: "losses.csv")
            let curves = history.lossNames.indices.map {
                CurveSeries(label: history.lossNames[$0], y: history.lossColumn($0).map(Double.init), x: history.lossSteps.map(Double.init))
            }
            try folder.save(try CurvePlot(series: curves, yLabel: "loss", title: "Losses"), to: "plots/losses.png")
        }
        let rows = history.evaluations.flatMap { e in
            [Float(e.step), Float(e.meanPSNR), Float(e.meanAbsoluteError), Float(e.errorHalves.low), Float(e.errorHalves.high)]
        }
        try folder.writeText(try CSV.text(try Tensor(shape: [history.evaluations.count, 5], scalars: rows),
                                          header: ["step", "psnr", "error_mean_abs", "error_low", "error_high"]), to: "metrics.csv")
    }

    /// `checkpoint.safetensors`, and for a periodic one also `checkpoints/step_<step>.safetensors` (the last three kept).
    func checkpoint(_ testbed: any Testbed, periodic: Bool) throws {
        let info = Checkpoint.Info(step: testbed.iteration, metadata: ["run_format": RunConfiguration.currentFormat])
        try folder.saveCheckpoint("checkpoint.safetensors", components: testbed.checkpointComponents, info: info)
        guard periodic else { return }
        let name = "step_\(Self.stepName(testbed.iteration)).safetensors"
        try folder.saveCheckpoint("checkpoints/" + name, components: testbed.checkpointComponents, info: info)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.file("checkpoints").path)) ?? []).sorted()
        folder.prune("checkpoints", keep: Set(names.suffix(Self.keptCheckpoints)))
    }

    // MARK: Reading back

    /// The history recorded up to `step` (a resumed run continues from its checkpoint's step); the logs are cut
    /// back to it, so entries written after the checkpoint do not appear twice, and to the evaluations an
    /// uninterrupted run of `configuration` makes (0, every eval_every, its last step), so a resumed run's logs are
    /// an uninterrupted run's. A torn last line (a write cut off by a kill) is dropped with a warning.
    func history(lossNames: [String], real: SpectrumStatistics, count: Int, upTo step: Int, configuration: RunConfiguration,
                 warn: (String) -> Void) throws -> RunHistory {
        var history = RunHistory(lossNames: lossNames, real: real)
        func entries(_ name: String) throws -> [(step: Int, line: String, json: JSONValue)] {
            let lines = folder.lines(name)
            return try lines.enumerated().compactMap { i, line in
                guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)), case .number(let s)? = json["step"],
                      s.rounded() == s, s >= 0, s < 1e15 else {
                    guard i == lines.count - 1 else { throw RunError.folder("\(folder.file(name).path): line \(i + 1) is not a log entry") }
                    warn("\(folder.file(name).path): its last line is torn (a write cut off by a kill?); dropped")
                    return nil
                }
                return Int(s) <= step ? (Int(s), line, json) : nil
            }
        }
        func float(_ v: JSONValue?, missing: Float) -> Float { if case .number(let n)? = v { Float(n) } else { missing } }
        let losses = try entries("losses.jsonl")
        guard (losses.last?.step ?? 0) == step else {
            throw RunError.folder("\(folder.url.path): the checkpoint is at step \(step) but losses.jsonl ends at step \(losses.last?.step ?? 0)")
        }
        for entry in losses { history.record(step: entry.step, losses: lossNames.map { float(entry.json[$0], missing: .nan) }) }
        var metrics: [(step: Int, line: String, json: JSONValue)] = []
        for entry in try entries("metrics.jsonl") {
            let s = entry.step
            if s == 0 || s % configuration.evalEvery == 0 || s == configuration.steps { metrics.append(entry); continue }
            // The last evaluation of an earlier, shorter target: not one an uninterrupted run makes.
            let name = Self.stepName(s)
            for file in ["spectra/spectrum_\(name).npy", "samples/samples_\(name).npy", "samples/samples_\(name).png", "plots/spectrum_\(name).png"] {
                try? FileManager.default.removeItem(at: folder.file(file))
            }
        }
        for entry in metrics {
            let name = Self.stepName(entry.step)
            let spectrum = try folder.readNPY("spectra/spectrum_\(name).npy")
            guard spectrum.rank == 2, spectrum.shape[0] == 2 else { throw RunError.folder("spectra/spectrum_\(name).npy is not (2, L)") }
            let statistics = try SpectrumStatistics(mean: try spectrum.select(axis: 0, index: 0), std: try spectrum.select(axis: 0, index: 1), count: count)
            guard case .array(let psnr)? = entry.json["psnr_images"] else { throw RunError.folder("metrics.jsonl: step \(entry.step) has no psnr_images") }
            history.record(Evaluation(step: entry.step, statistics: statistics, error: try spectrumError(real: real, generated: statistics),
                                      psnr: Tensor(psnr.map { float($0, missing: .infinity) }),
                                      samples: try folder.readNPY("samples/samples_\(name).npy")))
        }
        try folder.writeText(losses.map { $0.line + "\n" }.joined(), to: "losses.jsonl")
        try folder.writeText(metrics.map { $0.line + "\n" }.joined(), to: "metrics.jsonl")
        return history
    }
}
