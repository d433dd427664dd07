import Testing
import SpecTensor
@testable import SpecGAN

@Suite("Testbed benchmark steps")
struct BenchmarkTests {
    @Test("a discriminator-testbed iteration trains D, leaves G's EMA trailing and keeps freezing consistent",
          arguments: GANBenchmarks.discriminatorModes)
    func discriminatorTestbed(mode: DownsamplingMode) throws {
        let bed = try GANBenchmarks.DiscriminatorTestbed(downsampling: mode, resolution: 16, divide: 16, batch: 4, seed: 1)
        let d0 = bed.discriminator.parameters.map(\.value.scalars), g0 = bed.generator.images.value.scalars
        let (loss, r1) = try bed.discriminatorStep()
        #expect(loss.isFinite && r1 > 0)
        #expect(bed.discriminator.parameters.map(\.value.scalars) != d0)
        #expect(bed.generator.images.value.scalars == g0)
        let gLoss = try bed.generatorStep()
        #expect(gLoss.isFinite && bed.generator.images.value.scalars != g0)
        try bed.emaStep()
        for (e, (start, now)) in zip(bed.emaGenerator.images.value.scalars, zip(g0, bed.generator.images.value.scalars)) {
            #expect(Swift.abs(e - (0.999 * start + 0.001 * now)) <= 1e-6 * Swift.max(1, Swift.abs(e)))
        }
    }

    @Test("generator-testbed steps reduce the MSE", arguments: GANBenchmarks.generatorModes)
    func generatorTestbed(mode: UpsamplingMode) throws {
        let bed = try GANBenchmarks.GeneratorTestbed(upsampling: mode, resolution: 16, zDim: 8, divide: 16, batch: 4, seed: 2)
        let first = try bed.step()
        var last = first
        for _ in 0..<5 { last = try bed.step() }
        #expect(last < first)
    }
}
