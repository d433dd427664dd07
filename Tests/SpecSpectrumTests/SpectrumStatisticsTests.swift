import Foundation
import Testing
import SpecTensor
import SpecSpectrum

@Suite("Spectrum statistics, cache and error")
struct SpectrumStatisticsTests {
    func random(_ shape: [Int], seed: UInt64 = 21) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, using: &rng)
    }

    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("spec-spectrum-cache-\(UUID().uuidString)")
    }

    @Test("mean and sample std per bin over images of channel-averaged spectra")
    func statistics() throws {
        let images = random([5, 3, 8, 8])
        let stats = try SpectrumStatistics(images: images)
        let spectra = try images.reducedSpectrum()
        expectValues(stats.mean, try spectra.mean(axes: [0]).scalars.map(Double.init), tolerance: 1e-3, "mean")
        expectValues(stats.std, try spectra.std(axes: [0]).scalars.map(Double.init), tolerance: 1e-3, "std")
        #expect(stats.count == 5)
        #expect(try SpectrumStatistics(images: random([1, 8, 8])).std.scalars.allSatisfy { $0 == 0 })
        #expect(throws: TensorError.self) { try SpectrumStatistics(images: random([8, 8])) }
        #expect(throws: TensorError.self) { try SpectrumStatistics(images: random([2, 8, 6])) }
        #expect(throws: TensorError.self) { try SpectrumStatistics(mean: Tensor([1, 2]), std: Tensor([1]), count: 1) }
    }

    @Test("the cache returns stored statistics, and changed data or settings never meet a stale entry")
    func cacheInvalidation() throws {
        let cache = SpectrumStatisticsCache(directory: temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        var images = random([4, 3, 8, 8])
        let first = try cache.statistics(of: images)
        #expect(!first.fromCache)
        #expect(FileManager.default.fileExists(atPath: cache.file(for: images).path))
        let second = try cache.statistics(of: images)
        #expect(second.fromCache && second.statistics == first.statistics)

        // One changed pixel: a different key, fresh statistics.
        images.updateScalars { $0[17] += 0.5 }
        let changed = try cache.statistics(of: images)
        #expect(!changed.fromCache)
        #expect(changed.statistics == (try SpectrumStatistics(images: images)))
        #expect(changed.statistics != first.statistics)

        // Other settings: another entry.
        let orthonormal = try cache.statistics(of: images, normalized: true)
        #expect(!orthonormal.fromCache)
        #expect(orthonormal.statistics == (try SpectrumStatistics(images: images, normalized: true)))

        // Same values in another shape: another entry.
        #expect(!(try cache.statistics(of: images.reshaped([12, 8, 8]))).fromCache)
    }

    @Test("a damaged cache file is recomputed and replaced")
    func damagedFile() throws {
        let cache = SpectrumStatisticsCache(directory: temporaryDirectory())
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        let images = random([3, 8, 8])
        let stored = try cache.statistics(of: images).statistics
        try Data("not json".utf8).write(to: cache.file(for: images))
        let recomputed = try cache.statistics(of: images)
        #expect(!recomputed.fromCache && recomputed.statistics == stored)
        #expect(try cache.statistics(of: images).fromCache)
    }

    @Test("an unwritable cache directory is an error, not a trap")
    func unwritable() throws {
        let file = temporaryDirectory()
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: TensorError.self) { try SpectrumStatisticsCache(directory: file).statistics(of: random([2, 4, 4])) }
    }

    @Test("spectrum error: generated / real − 1 without DC, clamped to ±1")
    func error() throws {
        let real = Tensor([100, 2, 4, 10, 0, 0])
        let generated = Tensor([1, 3, 1, 40, 0, 5])
        let e = try spectrumError(real: real, generated: generated)
        #expect(e.scalars == [0.5, -0.75, 1, 0, 1])
        #expect(throws: TensorError.self) { try spectrumError(real: Tensor([1, 2]), generated: Tensor([1, 2, 3])) }
        #expect(throws: TensorError.self) { try spectrumError(real: Tensor([1]), generated: Tensor([1])) }
    }

    @Test("error evolution: rows ordered by step, a repeated step replaces its row")
    func evolution() throws {
        var evolution = try SpectrumErrorEvolution(realMean: Tensor([9, 2, 4]))
        try evolution.record(step: 100, generatedMean: Tensor([0, 2, 2]))
        try evolution.record(step: 0, generatedMean: Tensor([0, 0, 0]))
        try evolution.record(step: 50, generatedMean: Tensor([0, 1, 8]))
        try evolution.record(step: 100, generatedMean: Tensor([0, 3, 4]))
        #expect(evolution.steps == [0, 50, 100])
        let matrix = try evolution.matrix()
        #expect(matrix.shape == [3, 2])
        #expect(matrix.scalars == [-1, -1, -0.5, 1, 0.5, 0])
        #expect(throws: TensorError.self) { try evolution.record(step: 1, generatedMean: Tensor([1, 2])) }
    }
}
