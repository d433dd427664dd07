import Foundation
import Testing
import SpecTensor
import SpecSpectrum
import SpecTestSupport

@Suite("Toy data set")
struct ToySetTests {
    static let reference = ReferenceCase.root.appendingPathComponent("toyset")

    @Test("100 images at 64×64 match the reference set's spectrum, pixel spread and clipping")
    func matchesReferenceStatistics() throws {
        let toy = try ToySet(resolution: 64, count: 100, seed: 0)
        #expect(toy.images.shape == [100, 3, 64, 64])
        let ours = try SpectrumStatistics(images: toy.images)
        let refMean = try NPY.read(Self.reference.appendingPathComponent("toyset64_N100_spectrum_mean.npy")).values
        let refStd = try NPY.read(Self.reference.appendingPathComponent("toyset64_N100_spectrum_std.npy")).values
        #expect(ours.mean.shape == [refMean.count])
        var worst = 0.0
        for b in 0..<refMean.count {
            let standardError = ((Double(ours.std.scalars[b]) * Double(ours.std.scalars[b]) + refStd[b] * refStd[b]) / 100).squareRoot()
            let z = Swift.abs(Double(ours.mean.scalars[b]) - refMean[b]) / standardError
            worst = Swift.max(worst, z)
            #expect(z < 4, "bin \(b): mean \(ours.mean.scalars[b]) vs reference \(refMean[b]) (\(z) standard errors)")
        }
        print("toy set: largest gap to the reference mean spectrum \(worst) standard errors")
        let pixels = toy.images.scalars.map(Double.init)
        let mean = pixels.reduce(0, +) / Double(pixels.count)
        let std = (pixels.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pixels.count)).squareRoot()
        let clipped = Double(pixels.filter { $0 <= -1 || $0 >= 1 }.count) / Double(pixels.count)
        print("toy set: pixel std \(std), clipped fraction \(clipped)")
        #expect(Swift.abs(std - 0.4506) < 0.02)
        #expect(Swift.abs(clipped - 0.0333) < 0.01)
    }
}

extension ToySetTests {
    @Test("each image's spectrum peaks at the frequencies drawn for it")
    func peaksLandWhereDrawn() throws {
        let resolution = 64
        let toy = try ToySet(resolution: resolution, count: 50, seed: 5)
        let spectra = try toy.images.reducedSpectrum()
        for (image, drawn) in toy.frequencies.enumerated() {
            let spectrum = Array(spectra.scalars[(image * 46)..<((image + 1) * 46)])
            let floor = spectrum.sorted()[spectrum.count / 2]
            for f in drawn {
                let expected = ToySet.bin(ofFrequency: f, resolution: resolution)
                // The largest value within three bins of the drawn radius is in a bin (radii [b, b + 1)) whose
                // centre lies within one bin of that radius, and it stands far above the spectrum's median.
                let window = Swift.max(1, Int(expected) - 3)...Swift.min(45, Int(expected) + 3)
                let peak = try #require(window.max { spectrum[$0] < spectrum[$1] })
                #expect(Swift.abs(Double(peak) + 0.5 - expected) <= 1, "image \(image): peak in bin \(peak), drawn at radius \(expected)")
                #expect(spectrum[peak] > 20 * floor, "image \(image): peak \(spectrum[peak]) vs median \(floor)")
            }
        }
    }

    @Test("a single fixed peak is the spectrum's maximum, away from DC", arguments: [(32, 0.4), (48, 0.3), (64, 0.6)])
    func singlePeak(resolution: Int, frequency: Double) throws {
        let toy = try ToySet(resolution: resolution, count: 4, seed: 1, peaks: [(frequency, frequency)])
        let mean = try toy.images.reducedSpectrum().mean(axes: [0])
        let peak = try #require((1..<mean.count).max { mean.scalars[$0] < mean.scalars[$1] })
        #expect(Swift.abs(Double(peak) + 0.5 - ToySet.bin(ofFrequency: frequency, resolution: resolution)) <= 1, "peak in bin \(peak)")
    }

    @Test("the same seed gives the same set; another seed another one")
    func seeded() throws {
        let a = try ToySet(resolution: 16, count: 3, seed: 9), b = try ToySet(resolution: 16, count: 3, seed: 9)
        let c = try ToySet(resolution: 16, count: 3, seed: 10)
        #expect(a.images.scalars == b.images.scalars && a.frequencies == b.frequencies)
        #expect(a.images.scalars != c.images.scalars)
        #expect(a.frequencies.allSatisfy { $0.count == 2 && (0.05...0.15).contains($0[0]) && (0.75...0.85).contains($0[1]) })
    }

    @Test("bad settings are errors")
    func badSettings() {
        #expect(throws: TensorError.self) { try ToySet(resolution: 33, count: 1, seed: 0) }
        #expect(throws: TensorError.self) { try ToySet(resolution: 0, count: 1, seed: 0) }
        #expect(throws: TensorError.self) { try ToySet(resolution: 16, count: 0, seed: 0) }
        #expect(throws: TensorError.self) { try ToySet(resolution: 16, count: 1, seed: 0, peaks: []) }
        #expect(throws: TensorError.self) { try ToySet(resolution: 16, count: 1, seed: 0, peaks: [(0.5, 0.2)]) }
        #expect(throws: TensorError.self) { try ToySet(resolution: 16, count: 1, seed: 0, peaks: [(0.5, 1.5)]) }
        #expect(throws: TensorError.self) { try ToySet(resolution: 16, count: 1, seed: 0, peaks: [(-.nan, 0.5)]) }
    }
}
