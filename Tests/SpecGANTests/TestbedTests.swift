import Foundation
import Testing
import SpecSpectrum
import SpecTensor
@testable import SpecGAN

@Suite("Testbeds: steps, data order, evaluation, resumption")
struct TestbedTests {
    @Test("a discriminator-testbed iteration trains D, then G, and leaves the EMA copy trailing", arguments: GANBenchmarks.discriminatorModes)
    func discriminatorTestbed(mode: DownsamplingMode) throws {
        let bed = try GANBenchmarks.discriminatorTestbed(downsampling: mode, resolution: 16, divide: 16, batch: 4, seed: 1)
        let d0 = bed.discriminator.parameters.map(\.value.scalars), g0 = bed.generator.images.value.scalars
        let (loss, r1) = try bed.discriminatorStep(indices: bed.allIndices)
        #expect(loss.isFinite && r1 > 0)
        #expect(bed.discriminator.parameters.map(\.value.scalars) != d0)
        #expect(bed.generator.images.value.scalars == g0)
        let gLoss = try bed.generatorStep(indices: bed.allIndices)
        #expect(gLoss.isFinite && bed.generator.images.value.scalars != g0)
        try bed.emaStep()
        for (e, (start, now)) in zip(bed.emaGenerator.images.value.scalars, zip(g0, bed.generator.images.value.scalars)) {
            #expect(Swift.abs(e - (0.999 * start + 0.001 * now)) <= 1e-6 * Swift.max(1, Swift.abs(e)))
        }
    }

    @Test("generator-testbed iterations reduce the MSE", arguments: GANBenchmarks.generatorModes)
    func generatorTestbed(mode: UpsamplingMode) throws {
        let bed = try GANBenchmarks.generatorTestbed(upsampling: mode, resolution: 16, zDim: 8, divide: 16, batch: 4, seed: 2)
        let first = try bed.trainStep()[0]
        var last = first
        for _ in 0..<5 { last = try bed.trainStep()[0] }
        #expect(last < first && bed.iteration == 6)
    }

    @Test("the spectrum loss and weighted sums train the generator testbed too")
    func generatorLosses() throws {
        var rng = RandomGenerator(seed: 5)
        let g = try PGGANGenerator(resolution: 8, zDim: 4, divide: 64, rng: &rng)
        let images = Tensor.rand([3, 3, 8, 8], using: &rng, low: -1, high: 1), z = Tensor.randn([3, 4], using: &rng)
        let loss = try GeneratorLoss(terms: [.mse, .spectrum], weights: [1, 0.5])
        let bed = try GeneratorTestbed(generator: g, images: images, latents: z, configuration: .init(batch: 3, loss: loss), scheduleRNG: rng)
        let prediction = try bed.generated([0, 1, 2])
        let expected = try Losses.mse(prediction, images).item! + 0.5 * (try logSpectrumLoss(prediction, images)).item!
        let first = try bed.trainStep()[0]
        #expect(Swift.abs(first - expected) <= 1e-5 * Swift.abs(expected))
        #expect(loss.description == "1.0·mse + 0.5·spectrum")
        #expect(throws: GANError.self) { try GeneratorLoss(terms: [.mse, .mse], weights: [1, 1]) }
    }

    @Test("batches follow a fresh permutation every epoch, the last batch smaller; the order checkpoints")
    func batchSchedule() throws {
        let schedule = try BatchSchedule(count: 5, batch: 2, rng: RandomGenerator(seed: 7))
        let epoch = [schedule.next(), schedule.next(), schedule.next()]
        #expect(epoch.map(\.count) == [2, 2, 1] && epoch.flatMap { $0 }.sorted() == [0, 1, 2, 3, 4])
        let twin = try BatchSchedule(count: 5, batch: 2, rng: RandomGenerator(seed: 0))
        _ = schedule.next()
        let state = Dictionary(uniqueKeysWithValues: schedule.checkpointState().map { ($0.name, $0.tensor) })
        try twin.restoreCheckpointState(state)
        for _ in 0..<7 { #expect(schedule.next() == twin.next()) }
        #expect(schedule.epochs == twin.epochs && schedule.epochs >= 3)
        var broken = state
        broken["order"] = .uint64(shape: [5], values: [0, 0, 1, 2, 3])
        #expect(throws: GANError.self) { try twin.validateCheckpointState(broken) }
    }

    @Test("a spectral discriminator joins the logits: its parameters train, and R1 passes through the spectrum")
    func spectralDiscriminatorJoins() throws {
        var rng = RandomGenerator(seed: 6)
        let d = try PGGANDiscriminator(resolution: 8, divide: 64, labelSize: 2, rng: &rng)
        let s = try SpectralDiscriminator(.init(resolution: 8, classes: 3), rng: &rng)
        let g = try DirectGenerator(count: 3, resolution: 8, rng: &rng)
        let images = Tensor.rand([3, 3, 8, 8], using: &rng, low: -1, high: 1)
        let bed = try DiscriminatorTestbed(discriminator: d, spectralDiscriminator: s, generator: g, images: images,
                                           configuration: .init(batch: 3), scheduleRNG: rng)
        #expect(try bed.logits(images, classes: [0, 1, 2]).shape == [6, 1])
        let s0 = s.parameters.map(\.value.scalars)
        let losses = try bed.trainStep()
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(s.parameters.map(\.value.scalars) != s0)
        #expect(bed.checkpointComponents.map(\.name) == ["discriminator", "spectral", "generator", "generator_test", "d_optimizer",
                                                          "spectral_optimizer", "g_optimizer", "schedule"])
    }

    @Test("a discriminator without a logit per image, or a generator of the wrong size, is refused up front")
    func validation() throws {
        var rng = RandomGenerator(seed: 8)
        let images = Tensor.rand([4, 3, 8, 8], using: &rng, low: -1, high: 1)
        let d = try PGGANDiscriminator(resolution: 8, divide: 64, rng: &rng)
        let g = try DirectGenerator(count: 4, resolution: 8, rng: &rng)
        #expect(throws: GANError.invalidInput("discriminator_testbed: the discriminator gives 1 logit per image, but each of the 4 images is its own class: make it with classes: 4")) {
            try DiscriminatorTestbed(discriminator: d, generator: g, images: images, scheduleRNG: rng)
        }
        let gen = try PGGANGenerator(resolution: 16, zDim: 4, divide: 64, rng: &rng)
        #expect(throws: GANError.self) {
            try GeneratorTestbed(generator: gen, images: images, latents: Tensor.randn([4, 4], using: &rng), scheduleRNG: rng)
        }
    }

    @Test("evaluation: generated spectra, error, PSNR and samples; a perfect generator has zero error and infinite PSNR")
    func evaluation() throws {
        let bed = try GANBenchmarks.discriminatorTestbed(downsampling: .avg, resolution: 8, divide: 64, batch: 3, seed: 9)
        let evaluator = try Evaluator(real: try SpectrumStatistics(images: bed.images), chunk: 2)
        let start = try evaluator.evaluate(bed)
        #expect(start.step == 0 && start.samples.shape == [3, 3, 8, 8] && start.error.count == 5)
        // Kaiming-initialised images are nearly black: their spectrum is far below the data's.
        #expect(start.error.scalars.allSatisfy { $0 < -0.9 })
        try bed.emaGenerator.images.assign(bed.images)
        let perfect = try evaluator.evaluate(bed)
        #expect(perfect.error.scalars.allSatisfy { $0 == 0 } && perfect.meanPSNR == .infinity)
    }

    @Test("N iterations equal N/2, a checkpoint, a fresh testbed loading it, and N/2 more: bit for bit")
    func resumeIsExact() throws {
        func state(_ bed: DiscriminatorTestbed) -> [[CheckpointTensor]] { bed.checkpointComponents.map { $0.component.checkpointState().map(\.tensor) } }
        // Batch 3 of 5 images: epochs end mid-batch, so the data order must resume mid-epoch.
        func make() throws -> DiscriminatorTestbed {
            var rng = RandomGenerator(seed: 11)
            let d = try PGGANDiscriminator(resolution: 8, divide: 64, labelSize: 4, rng: &rng)
            let s = try SpectralDiscriminator(.init(resolution: 8, classes: 5), rng: &rng)
            let g = try DirectGenerator(count: 5, resolution: 8, rng: &rng)
            return try DiscriminatorTestbed(discriminator: d, spectralDiscriminator: s, generator: g,
                                            images: .rand([5, 3, 8, 8], using: &rng, low: -1, high: 1),
                                            configuration: .init(batch: 3), scheduleRNG: rng)
        }
        let straight = try make()
        for _ in 0..<6 { try straight.trainStep() }
        let first = try make()
        for _ in 0..<3 { try first.trainStep() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spec-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("c.safetensors")
        try Checkpoint.save(to: url, components: first.checkpointComponents, info: .init(step: first.iteration))
        var other = RandomGenerator(seed: 99)
        let resumed = try DiscriminatorTestbed(
            discriminator: try PGGANDiscriminator(resolution: 8, divide: 64, labelSize: 4, rng: &other),
            spectralDiscriminator: try SpectralDiscriminator(.init(resolution: 8, classes: 5), rng: &other),
            generator: try DirectGenerator(count: 5, resolution: 8, rng: &other), images: first.images,
            configuration: .init(batch: 3), scheduleRNG: other)
        try resumed.restore(iteration: try Checkpoint.load(from: url, into: resumed.checkpointComponents).step)
        for _ in 0..<3 { try resumed.trainStep() }
        #expect(resumed.iteration == 6)
        #expect(state(resumed) == state(straight))
    }
}

@Suite("Image preparation as the reference's loader (PIL, torchvision)")
struct ImagePreparationTests {
    /// An 11×7 RGB test pattern; PIL's outputs below were computed from it with Pillow's Image.resize(LANCZOS).
    static func pattern() throws -> RGBImage8 {
        var levels: [UInt8] = []
        for y in 0..<7 { for x in 0..<11 { for c in 0..<3 { levels.append(UInt8((x * 37 + y * 91 + c * 53 + x * y * 7) % 256)) } } }
        return try RGBImage8(width: 11, height: 7, levels: levels)
    }

    static func bytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { i in
            UInt8(hex[hex.index(hex.startIndex, offsetBy: i)..<hex.index(hex.startIndex, offsetBy: i + 2)], radix: 16) ?? 0
        }
    }

    @Test("centre crop with torchvision's offsets, then Lanczos resizing with PIL's exact 8-bit results")
    func matchesPIL() throws {
        let square = try Self.pattern().centerCroppedToSquare()
        #expect(square.width == 7 && square.height == 7)
        #expect(Array(square.levels[0..<3]) == [UInt8(74), 127, 180])  // column 2 of row 0
        let expected: [Int: String] = [
            4: "857f876e959f8d707a4e8890748d8588878885818285837c997f88988a78928a787b7982729c5d77796fab8b81639d5f",
            5: "8896867986c18da8687c4f8a468b7a73815a6a639e749972856da76fb1897ba0a9b19e809784818685679f5c65976774887f728b847b9d8e814a8b9974c5526667769a9466aa849363a835",
            10: "3c6ec14a90cb73bfffa0d4ffb5ff64ebad01e4003e260d530046812350a38cd25db3896aa44791496fa74b9a84808b758d66a0627ebf68a58687b23e92e013c76833a1036a0f4b8520798a6682937887c17aa2fc95d9a3b2f92c1d51793662905c88d976b1f197f761dda912e118584330811d79a75891b83f94fa67da98cad549f65886876f7b568c989080ae82bd32956f2cb40b72cb8cc6a5ba7aa3ae44cd5081796f785b8b959383b383c056b08a4ae43c78fb1c54863e6c2076bb6a9fde97ed57dbaa14ec236259468b3995c374ade56e51c375a363afb01ed936637152774187ad8f9cc8bee24e589b5b003cad7ccd8e65c0517c7e37b4457875766b699084ac83b6acc57d6caa3a476c31e0ff135f8d43002bb34896db92fd4af1af00ff1e635f45ce5bb56bb6e600",
        ]
        for (size, hex) in expected {
            #expect(try square.resizedLanczos(to: size).levels == Self.bytes(hex), "\(size)×\(size)")
        }
        let tall = try RGBImage8(width: 4, height: 9, levels: (0..<108).map { UInt8($0) })
        #expect(try tall.centerCroppedToSquare().levels[0] == UInt8(2 * 4 * 3))  // top offset round(2.5) = 2
        let t = try square.tensor()
        #expect(t.shape == [3, 7, 7] && t.scalars[0] == (Float(74) / 255 - 0.5) / 0.5)
    }
}
