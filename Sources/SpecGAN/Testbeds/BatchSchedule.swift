import SpecTensor

/// The data order of a testbed, as PyTorch's DataLoader with `shuffle=True, drop_last=False`: each epoch is a
/// fresh permutation of the data set, drawn from the schedule's own generator and cut into batches of `batch`
/// (the last one smaller when `batch` does not divide the data set). Its whole state is checkpointed, so a
/// resumed run sees the same batches.
public final class BatchSchedule: Checkpointable {
    public let count: Int
    public let batch: Int
    public private(set) var rng: RandomGenerator
    /// The current epoch's permutation (empty before the first batch).
    public private(set) var order: [Int] = []
    /// Index into `order` of the next batch's first entry.
    public private(set) var position = 0
    /// Epochs begun so far.
    public private(set) var epochs = 0

    public init(count: Int, batch: Int, rng: RandomGenerator) throws {
        guard count > 0, batch > 0 else { throw GANError.invalidConfiguration("a testbed needs at least one image and a positive batch size, got \(count) and \(batch)") }
        self.count = count
        self.batch = batch
        self.rng = rng
    }

    /// The data-set indices of the next batch.
    public func next() -> [Int] {
        if position >= order.count {
            order = rng.permutation(count)
            position = 0
            epochs += 1
        }
        let end = Swift.min(position + batch, order.count)
        defer { position = end }
        return Array(order[position..<end])
    }

    public func checkpointState() -> [(name: String, tensor: CheckpointTensor)] {
        [("rng_state", .uint64(shape: [4], values: rng.stateWords)),
         ("order", .uint64(shape: [order.count], values: order.map { UInt64($0) })),
         ("position", .uint64(shape: [], values: [UInt64(position)])),
         ("epochs", .uint64(shape: [], values: [UInt64(epochs)]))]
    }

    public func validateCheckpointState(_ state: [String: CheckpointTensor]) throws { _ = try restored(state) }

    public func restoreCheckpointState(_ state: [String: CheckpointTensor]) throws {
        (rng, order, position, epochs) = try restored(state)
    }

    private func restored(_ state: [String: CheckpointTensor]) throws -> (RandomGenerator, [Int], Int, Int) {
        func words(_ name: String) throws -> (shape: [Int], values: [UInt64]) {
            guard case let .uint64(shape, values)? = state[name] else { throw GANError.invalidInput("'\(name)' is missing or not U64") }
            return (shape, values)
        }
        guard Set(state.keys) == ["rng_state", "order", "position", "epochs"] else {
            throw GANError.invalidInput("the batch schedule holds \(state.keys.sorted().joined(separator: ", ")), expected rng_state, order, position, epochs")
        }
        let rngWords = try words("rng_state"), orderWords = try words("order")
        let position = try words("position"), epochs = try words("epochs")
        guard rngWords.shape == [4], position.shape == [], epochs.shape == [] else { throw GANError.invalidInput("batch schedule entries have the wrong shapes") }
        let order = orderWords.values.map { Int(clamping: $0) }
        guard order.isEmpty || order.sorted() == Array(0..<count) else {
            throw GANError.invalidInput("the stored data order is not a permutation of \(count) images")
        }
        let p = Int(clamping: position.values[0])
        guard p <= order.count else { throw GANError.invalidInput("the stored batch position \(p) is past the epoch's \(order.count) images") }
        let generator: RandomGenerator
        do { generator = try RandomGenerator(state: rngWords.values) } catch { throw GANError.invalidInput("rng_state: \(error)") }
        return (generator, order, p, Int(clamping: epochs.values[0]))
    }
}
