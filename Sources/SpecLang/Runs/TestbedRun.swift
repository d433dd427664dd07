import Foundation
import SpecGAN
import SpecSyntax
import SpecTensor

/// A testbed run: the testbed, its models, its history and its folder. The value `generator_testbed`,
/// `discriminator_testbed` and `resume` return; `run.spectra`, `run.error`, `run.losses`, … read its history.
public final class TestbedRun: SpecObject, @unchecked Sendable {
    private(set) var configuration: RunConfiguration
    let testbed: any Testbed
    /// Role ("generator", "discriminator", "spectral", "ema") → the model as scripts see it.
    let models: [String: ModelObject]
    let data: Dataset
    var history: RunHistory
    let folder: RunFolder
    let evaluator: Evaluator
    /// Earlier sessions of training, from the manifest of a resumed run.
    private var sessions: [JSONValue]
    private(set) var interrupted = false
    private var lastCheckpoint: Int?

    init(configuration: RunConfiguration, testbed: any Testbed, models: [String: ModelObject], data: Dataset,
         history: RunHistory, folder: RunFolder, sessions: [JSONValue] = [], lastCheckpoint: Int? = nil) throws {
        self.configuration = configuration
        self.testbed = testbed
        self.models = models
        self.data = data
        self.history = history
        self.folder = folder
        self.sessions = sessions
        self.lastCheckpoint = lastCheckpoint
        evaluator = try Evaluator(real: history.real, chunk: max(configuration.batch, 1))
    }

    var recorder: RunRecorder { RunRecorder(folder: folder) }
    var kind: String { configuration.testbed.rawValue }

    // MARK: Training

    /// Time spent in one call of `train`, for the manifest.
    private struct Timing {
        let started = Date()
        let fromStep: Int
        var train = 0.0
        var evaluation = 0.0

        static func seconds(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9 }
    }

    /// Trains to iteration `target`, evaluating at the start (if not yet done), every `eval_every` iterations
    /// and at the end, checkpointing every `save_every` iterations and at the end. Ctrl-C stops at the next
    /// iteration boundary with everything saved (the interrupt stays requested, so a script stops after this
    /// call); a NaN or infinite loss or parameter stops the run with an error naming the step and the tensor.
    /// On any error the logs, tables and manifest are still written. `stopRequested` is asked before every
    /// iteration (Ctrl-C's flag; tests stop at a chosen step).
    func train(to target: Int, interpreter: Interpreter, span: SourceSpan?,
               stopRequested: (() -> Bool)? = nil) throws {
        let stopRequested = stopRequested ?? { interpreter.interrupts.isRequested }
        var timing = Timing(fromStep: testbed.iteration)
        let progress = RunProgress(name: kind, from: testbed.iteration, to: target, printEvery: configuration.printEvery, output: interpreter.output)
        interrupted = false
        interpreter.onRun(.started(title: "\(kind) from step \(testbed.iteration) to \(target) in \(folder.url.path)"))
        do {
            // A resumed run evaluates where an uninterrupted one would: at 0 and every eval_every, not at the checkpoint.
            let step = testbed.iteration
            if history.lastEvaluation?.step != step, step == 0 || step % configuration.evalEvery == 0 { try evaluate(&timing) }
            while testbed.iteration < target {
                if stopRequested() {
                    interrupted = true
                    break
                }
                let deferring = interpreter.defersInterrupts
                interpreter.defersInterrupts = true
                defer { interpreter.defersInterrupts = deferring }
                try iterate(&timing, target: target, progress: progress, span: span)
            }
            progress.finish()
            if lastCheckpoint != testbed.iteration {
                try recorder.checkpoint(testbed, periodic: false)
                lastCheckpoint = testbed.iteration
            }
        } catch {
            progress.finish()
            try? finish(timing, target: target, stopped: (error as? SpecError)?.message ?? "\(error)", interpreter: interpreter, span: span)
            interpreter.onRun(.finished(summary: "\(kind): stopped at step \(testbed.iteration) by an error"))
            throw error
        }
        do {
            try finish(timing, target: target, stopped: interrupted ? "interrupted at step \(testbed.iteration)" : nil, interpreter: interpreter, span: span)
        } catch {
            interpreter.onRun(.finished(summary: "\(kind): its records could not be written"))
            throw error
        }
        let summary = summaryLine(seconds: timing.train, steps: testbed.iteration - timing.fromStep)
        interpreter.output(summary)
        if interrupted {
            interpreter.output("interrupted at step \(testbed.iteration) of \(target): the run is saved in \(folder.url.path); resume(\"\(folder.url.path)\") continues it")
        }
        interpreter.onRun(.finished(summary: interrupted ? summary + "; interrupted at step \(testbed.iteration) of \(target)" : summary))
    }

    /// One training iteration with its records, evaluation and periodic checkpoint.
    private func iterate(_ timing: inout Timing, target: Int, progress: RunProgress, span: SourceSpan?) throws {
        let t = DispatchTime.now().uptimeNanoseconds
        let losses = try testbed.trainStep()
        timing.train += Timing.seconds(since: t)
        let step = testbed.iteration
        if history.lossNames.isEmpty {
            history.lossNames = testbed.lossNames
            configuration.lossNames = testbed.lossNames
            try recorder.write(configuration)
        }
        let named = Array(zip(testbed.lossNames, losses))
        if let bad = named.first(where: { !$0.1.isFinite }).map({ "the loss '\($0.0)' is \($0.1.isNaN ? "NaN" : "infinite")" })
            ?? testbed.nonFiniteParameter() {
            let saved = lastCheckpoint.map { "its last checkpoint is from step \($0)" } ?? "no checkpoint was saved"
            throw SpecError(.runtime, "\(kind) stopped at step \(step): \(bad); the run folder \(folder.url.path) keeps the history, \(saved)", at: span)
        }
        history.record(step: step, losses: losses)
        try recorder.loss(step: step, names: testbed.lossNames, values: losses)
        progress.update(step: step, losses: named)
        if step % configuration.evalEvery == 0 || step == target {
            progress.finish()
            try evaluate(&timing)
        }
        if step % configuration.saveEvery == 0 {
            try recorder.checkpoint(testbed, periodic: true)
            lastCheckpoint = step
        }
    }

    private func evaluate(_ timing: inout Timing) throws {
        let t = DispatchTime.now().uptimeNanoseconds
        let e = try evaluator.evaluate(testbed)
        history.record(e)
        try recorder.evaluation(e, history: history)
        timing.evaluation += Timing.seconds(since: t)
    }

    /// Tables, plots and the manifest; reports every file written.
    private func finish(_ timing: Timing, target: Int, stopped: String?, interpreter: Interpreter, span: SourceSpan?) throws {
        defer {
            folder.close()
            for url in folder.written { interpreter.onFileWritten(WrittenFile(url)) }
        }
        try recorder.tables(history)
        sessions.append(session(timing, target: target, stopped: stopped, interpreter: interpreter, span: span))
        try writeManifest()
    }

    /// One line: steps, speed and the last spectrum error.
    func summaryLine(seconds: Double, steps: Int) -> String {
        var line = "\(kind): step \(testbed.iteration)"
        if steps > 0 { line += String(format: ", %d steps in %.1f s (%.1f ms/step)", steps, seconds, 1000 * seconds / Double(steps)) }
        if let e = history.lastEvaluation {
            let h = e.errorHalves
            line += String(format: "; spectrum error at step %d: mean |e| %.3f, low half %+.3f, high half %+.3f; PSNR %.2f dB",
                           e.step, e.meanAbsoluteError, h.low, h.high, e.meanPSNR)
        }
        return line + "; folder \(folder.url.path)"
    }

    // MARK: Manifest

    private func session(_ timing: Timing, target: Int, stopped: String?, interpreter: Interpreter, span: SourceSpan?) -> JSONValue {
        let started = timing.started, from = timing.fromStep, train = timing.train, evaluation = timing.evaluation
        let steps = testbed.iteration - from, total = Date().timeIntervalSince(started)
        let iso = ISO8601DateFormatter()
        var entry: [String: JSONValue] = [
            "started": .string(iso.string(from: started)), "finished": .string(iso.string(from: Date())),
            "from_step": .number(Double(from)), "to_step": .number(Double(testbed.iteration)), "target": .number(Double(target)),
            "stopped": stopped.map { .string($0) } ?? .null, "seed": .number(Double(interpreter.seed)),
            "threads": .number(Double(Parallel.threads)),
            "seconds": .object(["total": .number(total), "train": .number(train), "evaluation": .number(evaluation)]),
            "ms_per_step": steps > 0 ? .number(1000 * train / Double(steps)) : .null,
        ]
        if let file = span?.file {
            entry["script"] = .string(file.name)
            entry["script_sha256"] = .string(ScriptHash.hex(file.utf8))
        }
        return .object(entry)
    }

    private func writeManifest() throws {
        let process = ProcessInfo.processInfo
        var environment: [String: JSONValue] = [:]
        for key in ["SPEC_THREADS", "SPEC_WINOGRAD", "SPEC_AVX2", "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS"] {
            if let v = process.environment[key] { environment[key] = .string(v) }
        }
        let manifest = JSONValue.object([
            "format": .string(RunConfiguration.currentFormat),
            "testbed": .string(kind),
            "sessions": .array(sessions),
            "versions": .object(["run_format": .string(RunConfiguration.currentFormat), "checkpoint_format": .string("spec-checkpoint-1"),
                                 "os": .string(process.operatingSystemVersionString)]),
            "machine": .object(["cores": .number(Double(process.activeProcessorCount)), "environment": .object(environment),
                                // Products round a little differently on spec's AVX2 kernels than on OpenBLAS's.
                                "vector_kernels": .string(VectorKernels.useAVX2 ? "avx2" : "portable")]),
        ])
        try folder.writeText(try manifest.text(pretty: true) + "\n", to: "manifest.json")
    }

    /// The sessions recorded in a folder's manifest (none when it is missing or unreadable).
    static func sessions(in folder: RunFolder) -> [JSONValue] {
        guard let data = try? Data(contentsOf: folder.file("manifest.json")),
              let manifest = try? JSONDecoder().decode(JSONValue.self, from: data), case .array(let s)? = manifest["sessions"] else { return [] }
        return s
    }

    // MARK: SpecObject

    public var typeName: String { "run" }
    public var fieldNames: [String] { ValueTypes.names("run") + models.keys.sorted() }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "dir": return .string(folder.url.path)
        case "kind": return .string(kind)
        case "step": return .number(Double(testbed.iteration))
        case "steps": return history.stepsValue
        case "spectra": return history.spectraValue
        case "spectra_std": return history.spectraStdValue
        case "real": return history.realValue
        case "error": return history.errorValue
        case "psnr": return history.psnrValue
        case "losses": return history.lossesValue
        case "samples": return history.samplesValue
        case "interrupted": return .bool(interrupted)
        case "config": return try JSONValue(encoding: configuration).value
        case "data": return .object(data)
        default: return models[name].map { .object($0) }
        }
    }

    public var summary: String {
        var lines = ["\(kind) run in \(folder.url.path): step \(testbed.iteration) of \(configuration.steps)"
                     + (interrupted ? " (interrupted)" : ""),
                     "  data: \(data.summary)",
                     "  models: " + models.keys.sorted().map { "\($0) (\(models[$0]?.kind ?? ""))" }.joined(separator: ", "),
                     "  evaluations at steps: " + history.evaluations.map { String($0.step) }.joined(separator: ", ")]
        if let e = history.lastEvaluation {
            let h = e.errorHalves
            lines.append(String(format: "  spectrum error at step %d: mean |e| %.3f, low half %+.3f, high half %+.3f; PSNR %.2f dB",
                                e.step, e.meanAbsoluteError, h.low, h.high, e.meanPSNR))
        }
        return lines.joined(separator: "\n")
    }
}
