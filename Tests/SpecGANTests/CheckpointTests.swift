import Foundation
import Testing
import SpecTensor
@testable import SpecGAN

@Suite("Checkpoints (safetensors)")
struct CheckpointTests {
    /// What a discriminator-testbed run holds: a class-conditional discriminator, trainable images, their EMA copy
    /// and two Adams; `step()` is one GAN iteration with R1.
    final class TrainingState {
        let discriminator: PGGANDiscriminator, generator: DirectGenerator, emaGenerator: DirectGenerator
        let discriminatorOptimizer: Adam, generatorOptimizer: Adam
        let images: Tensor

        init(seed: UInt64) throws {
            var rng = RandomGenerator(seed: seed)
            discriminator = try PGGANDiscriminator(resolution: 8, divide: 64, labelSize: 1, rng: &rng)
            generator = try DirectGenerator(count: 2, resolution: 8, rng: &rng)
            emaGenerator = try generator.copy()
            images = Tensor.rand([2, 3, 8, 8], using: &rng, low: -1, high: 1)
            discriminatorOptimizer = try Adam(discriminator, betas: (0, 0.99))
            generatorOptimizer = try Adam(generator, learningRate: 0.01, betas: (0, 0.99))
        }

        func step() throws {
            let x = images.requiringGrad(), classes = [0, 1]
            let real = try discriminator(x, classes: classes)
            let fake = try discriminator(try generator.images(at: classes).detached(), classes: classes)
            try discriminatorOptimizer.step(try Losses.bceWithLogits(real, target: 1) + Losses.r1Penalty(output: real, input: x) * 10
                                            + Losses.bceWithLogits(fake, target: 0))
            try generatorOptimizer.step(try Losses.bceWithLogits(try discriminator(try generator.images(at: classes), classes: classes), target: 1))
            try updateAverage(target: emaGenerator, source: generator, beta: 0.999)
        }
    }

    /// A small training state after one iteration, Adam moments included.
    static func trainedState() throws -> TrainingState {
        let state = try TrainingState(seed: 3)
        try state.step()
        return state
    }

    static func components(_ bed: TrainingState) -> [(name: String, component: any Checkpointable)] {
        [("discriminator", bed.discriminator), ("generator", bed.generator), ("generator_test", bed.emaGenerator),
         ("d_optimizer", bed.discriminatorOptimizer), ("g_optimizer", bed.generatorOptimizer)]
    }

    @Test("save then load round-trips every tensor, optimiser moment, RNG state and step bit for bit")
    func roundTrip() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("run.safetensors")
        let saved = try Self.trainedState()
        // Special values must survive too; the EMA copy takes no part in training steps, so they stay there.
        let specials: [Float] = [.nan, -0.0, .infinity, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, Float(bitPattern: 0x7FC0_1234)]
        var ema = saved.emaGenerator.images.value.scalars
        for (i, v) in specials.enumerated() { ema[i] = v }
        try saved.emaGenerator.images.assign(Tensor(shape: saved.emaGenerator.images.shape, scalars: ema))
        var rng = RandomGenerator(seed: 77)
        _ = rng.normal(count: 3)
        try Checkpoint.save(to: url, components: Self.components(saved), info: .init(step: 1234, rng: rng, metadata: ["note": "a \"quoted\"\nline"]))

        // Same seed, so the same real images; the weights still differ (the saved state trained one iteration).
        let loaded = try TrainingState(seed: 3)
        let differed = loaded.discriminator.parameters.map(\.value.scalars) != saved.discriminator.parameters.map(\.value.scalars)
        #expect(differed)
        let info = try Checkpoint.load(from: url, into: Self.components(loaded))
        #expect(info == Checkpoint.Info(step: 1234, rng: rng, metadata: ["note": "a \"quoted\"\nline"]))
        for (a, b) in zip(Self.components(saved), Self.components(loaded)) {
            let sa = a.component.checkpointState(), sb = b.component.checkpointState()
            #expect(sa.map(\.name) == sb.map(\.name))
            for (x, y) in zip(sa, sb) { #expect(bitPatterns(x.tensor) == bitPatterns(y.tensor), "\(a.name)/\(x.name)") }
        }
        // The restored optimiser continues exactly as the original.
        try saved.step()
        try loaded.step()
        let same = saved.discriminator.parameters.map(\.value.scalars) == loaded.discriminator.parameters.map(\.value.scalars)
        #expect(same)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["run.safetensors"])
    }

    @Test("the file is standard safetensors: header length, JSON header, aligned little-endian data")
    func fileLayout() throws {
        let contents = SafeTensors.Contents(tensors: [("a", .float32(shape: [2], values: [1, -2])), ("b", .uint64(shape: [], values: [7]))],
                                            metadata: ["k": "v"])
        let data = try SafeTensors.encode(contents)
        let bytes = [UInt8](data)
        let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + n) % 8 == 0)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
        let a = try #require(header["a"] as? [String: Any])
        #expect(a["dtype"] as? String == "F32" && a["shape"] as? [Int] == [2] && a["data_offsets"] as? [Int] == [0, 8])
        #expect((header["__metadata__"] as? [String: String]) == ["k": "v"])
        #expect(Array(bytes[(8 + n)...]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 7, 0, 0, 0, 0, 0, 0, 0])
        #expect(try SafeTensors.decode(data) == contents)
    }

    @Test("truncated, corrupt and mismatched files are clear errors and change nothing")
    func rejectsBadFiles() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("ok.safetensors")
        let bed = try Self.trainedState()
        try Checkpoint.save(to: url, components: Self.components(bed), info: .init(step: 5))
        let good = try Data(contentsOf: url)

        func reason(_ data: Data, into components: [(name: String, component: any Checkpointable)]) -> String? {
            let bad = folder.appendingPathComponent("bad.safetensors")
            do {
                try data.write(to: bad)
                _ = try Checkpoint.load(from: bad, into: components)
                return nil
            } catch let error as GANError {
                return error.description
            } catch {
                return "unexpected \(error)"
            }
        }
        let target = try TrainingState(seed: 4)
        let before = target.discriminator.parameters.map(\.value.scalars)
        let comps = Self.components(target)
        #expect(reason(good.prefix(5), into: comps)?.contains("too short") == true)
        #expect(reason(good.prefix(good.count - 3), into: comps)?.contains("truncated") == true)
        #expect(reason(good.prefix(40), into: comps)?.contains("truncated") == true)
        var corrupt = good
        corrupt[12] = 0xFF
        #expect(reason(corrupt, into: comps)?.contains("JSON") == true)
        var huge = good
        huge[7] = 0x7F
        #expect(reason(huge, into: comps) != nil)
        #expect(reason(good + Data([0, 0, 0, 0]), into: comps)?.contains("after the last tensor") == true)

        var rng = RandomGenerator(seed: 0)
        let wider = try PGGANDiscriminator(resolution: 8, divide: 32, labelSize: 1, rng: &rng)
        let mismatch = reason(good, into: [("discriminator", wider)])
        #expect(mismatch?.contains("discriminator") == true && mismatch?.contains("shape") == true)
        #expect(reason(good, into: [("nothing", wider)])?.contains("no component 'nothing'") == true)
        let bare = try SafeTensors.encode(.init(tensors: [("x", .float32(shape: [1], values: [1]))]))
        #expect(reason(bare, into: comps)?.contains("not a spec checkpoint") == true)
        #expect(target.discriminator.parameters.map(\.value.scalars) == before)
        #expect(throws: GANError.self) { try Checkpoint.load(from: folder.appendingPathComponent("missing.safetensors"), into: comps) }
    }

    @Test("a model alone loads from a full training checkpoint; saving replaces the old file")
    func partialLoadAndReplace() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("c.safetensors")
        let bed = try Self.trainedState()
        try Checkpoint.save(to: url, components: [("discriminator", bed.discriminator)], info: .init(step: 1))
        try Checkpoint.save(to: url, components: Self.components(bed), info: .init(step: 2))
        var rng = RandomGenerator(seed: 0)
        let d = try PGGANDiscriminator(resolution: 8, divide: 64, labelSize: 1, rng: &rng)
        #expect(try Checkpoint.load(from: url, into: [("discriminator", d)]).step == 2)
        #expect(d.parameters.map(\.value.scalars) == bed.discriminator.parameters.map(\.value.scalars))
        #expect(throws: GANError.self) { try Checkpoint.save(to: url, components: [("a/b", d)], info: .init(step: 0)) }
        #expect(throws: GANError.self) { try Checkpoint.save(to: folder.appendingPathComponent("no/such/dir.safetensors"), components: [("d", d)], info: .init(step: 0)) }
    }
}

private func bitPatterns(_ t: CheckpointTensor) -> [UInt64] {
    switch t {
    case .float32(_, let v): return v.map { UInt64($0.bitPattern) }
    case .uint64(_, let v): return v
    }
}
