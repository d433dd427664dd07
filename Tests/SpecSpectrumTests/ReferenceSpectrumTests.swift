import Foundation
import Testing
import SpecTensor
import SpecSpectrum
import SpecTestSupport

@Suite("Reference: reduced spectrum, log spectrum and spectrum length")
struct ReferenceSpectrumTests {
    @Test("get_spectrum matches the reference", arguments: [8, 16, 33, 64, 128], [false, true])
    func reducedSpectrum(h: Int, normalized: Bool) throws {
        let c = try ReferenceCase("get_spectrum_H\(h)_norm\(normalized ? 1 : 0)")
        expectClose(try c.input("data").reducedSpectrum(normalized: normalized), try c.output("spectrum"), c.tolerance(), c.name)
    }

    @Test("get_log_spectrum (channel mean, then log 1+x) matches the reference",
          arguments: ["get_log_spectrum_4x3x16x16", "get_log_spectrum_2x3x64x64"])
    func logSpectrum(name: String) throws {
        let c = try ReferenceCase(name)
        expectClose(try c.input("input").logSpectrum(), try c.output("log_spectrum"), c.tolerance(), c.name)
    }

    @Test("spectrum length equals the reduced spectrum's actual length for every resolution 1…256")
    func lengthTable() throws {
        let table = try ReferenceCase("resolution_to_spectrum_length_table").output("table")
        #expect(table.shape == [256, 3])
        for row in 0..<256 {
            let resolution = Int(table.values[3 * row]), actual = Int(table.values[3 * row + 2])
            #expect(try spectrumLength(resolution: resolution) == actual, "resolution \(resolution)")
        }
        // The computed spectra have that length too (zeros images, as the reference's third column).
        for resolution in [1, 2, 3, 7, 32, 33, 255, 256] {
            let spectrum = try Tensor.zeros([1, resolution, resolution]).reducedSpectrum()
            #expect(spectrum.shape == [1, try spectrumLength(resolution: resolution)], "resolution \(resolution)")
        }
    }
}
