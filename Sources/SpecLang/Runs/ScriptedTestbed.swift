import SpecGAN
import SpecSyntax
import SpecTensor

/// A testbed whose training step is a spec function (`source("discriminator_step")` by default): the run driver
/// (`TestbedRun`) evaluates, logs, checkpoints and resumes it like any testbed. The step gets the testbed record
/// `tb` and the iteration's batch, and returns a record of losses; its random draws come from the run's own stream,
/// so a step may use randomness and still resume bit for bit.
final class ScriptedTestbed: Testbed {
    enum Kind {
        /// Batches are {x: images, c: their indices}; evaluations call `g_ema(indices)`.
        case discriminator
        /// Batches are {z: latents, x: images, i: indices}; evaluations call `g(z)`.
        case generator(latents: Tensor)
    }

    let kind: Kind
    let images: Tensor
    /// The testbed record the step receives.
    let state: RecordRef
    let step: Value
    let schedule: BatchSchedule
    let random: RandomState
    /// The model evaluations run.
    let evaluated: ModelObject
    private(set) var iteration = 0
    private(set) var lossNames: [String]
    private weak var interpreter: Interpreter?
    private let span: SourceSpan?

    init(kind: Kind, images: Tensor, state: RecordRef, step: Value, evaluated: ModelObject, lossNames: [String],
         schedule: BatchSchedule, random: RandomGenerator, interpreter: Interpreter, span: SourceSpan?) throws {
        for (key, value) in state.entries where key.contains("/") || key == "schedule" || key == "step_rng" || key == "rng_state" {
            if case .object(let o) = value, o is ModelObject || o is OptimizerObject {
                throw RunError.setup("'\(key)' cannot name a model or optimiser of a testbed (no '/', not schedule, step_rng or rng_state)")
            }
        }
        self.kind = kind
        self.images = images.detached()
        self.state = state
        self.step = step
        self.evaluated = evaluated
        self.lossNames = lossNames
        self.schedule = schedule
        self.random = RandomState(random)
        self.interpreter = interpreter
        self.span = span
        _ = schedule.next()  // iteration 0 only evaluates; its batch is drawn now, as the reference draws it
    }

    func trainStep() throws -> [Float] {
        guard let interpreter else { throw RunError.setup("the session of this testbed has ended") }
        let indices = schedule.next()
        iteration += 1
        let batch: RecordRef
        switch kind {
        case .discriminator:
            batch = RecordRef([("x", .tensor(try images.rows(indices))), ("c", .tensor(Tensor(indices.map(Float.init))))])
        case .generator(let latents):
            batch = RecordRef([("z", .tensor(try latents.rows(indices))), ("x", .tensor(try images.rows(indices))),
                               ("i", .tensor(Tensor(indices.map(Float.init))))])
        }
        // The step draws from the run's stream; the session's own stream is left as it was.
        let session = interpreter.rng
        interpreter.rng = random.generator
        defer {
            random.generator = interpreter.rng
            interpreter.rng = session
        }
        let result = try interpreter.call(step, arguments: [.record(state), .record(batch)], at: span)
        return try losses(result)
    }

    /// The loss record as numbers in `lossNames` order; the first step fixes the names.
    private func losses(_ result: Value) throws -> [Float] {
        guard case .record(let r) = result else {
            throw SpecError(.type, "the testbed's step must return a record of losses such as {loss: loss}, got \(Printer.describeType(result))", at: span)
        }
        let values = try r.entries.map { name, v -> Float in
            switch v.resolvingParameters {
            case .number(let n): return Float(n)
            case .tensor(let t) where t.count == 1: return t.scalars[0]
            default: throw SpecError(.type, "the step's loss '\(name)' must be a number or a one-element tensor, got \(Printer.describeType(v))", at: span)
            }
        }
        if lossNames.isEmpty { lossNames = r.keys }
        guard r.keys == lossNames else {
            throw SpecError(.value, "the step returned the losses \(r.keys.joined(separator: ", ")); earlier steps returned \(lossNames.joined(separator: ", "))", at: span)
        }
        return values
    }

    func generated(_ indices: [Int]) throws -> Tensor {
        let input: Tensor
        switch kind {
        case .discriminator: input = Tensor(indices.map(Float.init))
        case .generator(let latents): input = try latents.rows(indices)
        }
        // Each evaluation draws its random numbers (StyleGAN2's noise) from a stream of its own, fixed by the step, so
        // evaluations repeat exactly and a resumed run evaluates as an uninterrupted one.
        var random = RandomGenerator(seed: 0x5EED_E7A1 &+ UInt64(iteration))
        return try withoutGrad { try evaluated.module.forward(input, random: &random).detached() }
    }

    /// The models and optimisers of the testbed record, by key, then the data order and the step's random stream.
    var checkpointComponents: [(name: String, component: any Checkpointable)] {
        state.entries.compactMap { key, value -> (name: String, component: any Checkpointable)? in
            switch value {
            case .object(let m as ModelObject): return (key, m.module)
            case .object(let o as OptimizerObject): return (key, o.optimizer)
            default: return nil
            }
        } + [("schedule", schedule), ("step_rng", random)]
    }

    func restore(iteration: Int) throws {
        guard iteration >= 0 else { throw RunError.setup("the iteration must not be negative, got \(iteration)") }
        self.iteration = iteration
    }

    /// Sets the loss names of a resumed run.
    func restore(lossNames: [String]) { self.lossNames = lossNames }

    var monitoredParameters: [(model: String, parameter: NamedParameter)] {
        state.entries.flatMap { key, value -> [(model: String, parameter: NamedParameter)] in
            guard case .object(let m as ModelObject) = value else { return [] }
            return m.module.namedParameters.map { ("model '\(key)'", $0) }
        }
    }
}

/// A random stream that a checkpoint saves and restores.
final class RandomState: Checkpointable {
    var generator: RandomGenerator

    init(_ generator: RandomGenerator) { self.generator = generator }

    func checkpointState() -> [(name: String, tensor: CheckpointTensor)] { [("state", .uint64(shape: [4], values: generator.stateWords))] }

    func validateCheckpointState(_ state: [String: CheckpointTensor]) throws { _ = try restored(state) }

    func restoreCheckpointState(_ state: [String: CheckpointTensor]) throws { generator = try restored(state) }

    private func restored(_ state: [String: CheckpointTensor]) throws -> RandomGenerator {
        guard Set(state.keys) == ["state"], case let .uint64(shape, words)? = state["state"], shape == [4] else {
            throw RunError.setup("a random state is one U64 tensor of 4 words")
        }
        do { return try RandomGenerator(state: words) } catch { throw RunError.setup("random state: \(error)") }
    }
}
