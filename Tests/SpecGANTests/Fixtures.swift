import Foundation
import SpecTensor
import SpecTestSupport
@testable import SpecGAN

/// Reference models loaded with the golden weights, and the per-parameter golden files the manifest lists as
/// `{dir, files}` sets (their paths follow the parameter names).
enum Fixtures {
    static func golden(_ path: String) throws -> NPY.Array {
        try NPY.read(ReferenceCase.root.appendingPathComponent(path))
    }

    static func discriminator(_ down: DownsamplingMode) throws -> PGGANDiscriminator {
        var rng = RandomGenerator(seed: 1)
        let d = try PGGANDiscriminator(resolution: 16, divide: 8, downsampling: down, labelSize: 3, rng: &rng)
        try d.loadWeights(from: ReferenceCase.root.appendingPathComponent("pggan_disc_r16/params"))
        return d
    }

    static func generator(_ up: UpsamplingMode, _ padding: PaddingMode) throws -> PGGANGenerator {
        var rng = RandomGenerator(seed: 1)
        let g = try PGGANGenerator(resolution: 16, zDim: 8, divide: 8, upsampling: up, padding: padding, rng: &rng)
        try g.loadWeights(from: ReferenceCase.root.appendingPathComponent("pggan_gen_r16/params"))
        return g
    }

    /// The `.npy` names in a reference parameter folder, without the extension.
    static func parameterFiles(_ folder: String) throws -> Set<String> {
        let names = try FileManager.default.contentsOfDirectory(atPath: ReferenceCase.root.appendingPathComponent(folder).path)
        return Set(names.filter { $0.hasSuffix(".npy") }.map { String($0.dropLast(4)) })
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spec-gan-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Largest |actual − golden| − (atol + rtol·|golden|) over all elements (≤ 0 when within tolerance), and the
/// largest absolute error, for reporting.
func worstExcess(_ actual: Tensor, _ golden: NPY.Array, _ tol: (rtol: Double, atol: Double)) -> (excess: Double, maxError: Double) {
    var excess = -Double.infinity, maxError = 0.0
    for (a, g) in zip(actual.scalars, golden.values) {
        let e = Swift.abs(Double(a) - g)
        maxError = Swift.max(maxError, e)
        excess = Swift.max(excess, e - (tol.atol + tol.rtol * Swift.abs(g)))
    }
    return (excess, maxError)
}
