import Testing
@testable import SpecTensor

@Suite("Axis maps")
struct LinearMapTests {
    /// Resampling maps of every shape the models use, and their adjoints (the gradients' maps).
    static let maps: [(String, AxisTaps)] = {
        let filter: [Float] = (0..<12).map { 0.05 + Float($0 % 5) * 0.03 }
        let named: [(String, AxisTaps)] = [
            ("bilinear ×2", .bilinearUpsample(37)),
            ("average 2", .average(41, window: 2)),
            ("blur", .blur(33)),
            ("blurpool", AxisTaps.average(64, window: 2).after(.blur(64))),
            ("upfirdn up 2", try! AxisTaps.upfirdn(30, filter: filter, up: 2, pad0: 6, pad1: 5, gain: 2)),
            ("upfirdn up 4", try! AxisTaps.upfirdn(20, filter: filter, up: 4, pad0: 6, pad1: 5, gain: 4)),
            ("upfirdn down 2", try! AxisTaps.upfirdn(70, filter: filter, down: 2)),
        ]
        return named + named.map { ($0.0 + " adjoint", $0.1.transposed) }
    }()

    /// The last axis runs the interior of these maps in vector lanes; the other axes use the general loop. Both
    /// sum the taps in the same order, so a map along the last axis equals, to the bit, the same map along a middle
    /// axis of the transposed tensor.
    @Test(arguments: maps.map(\.0))
    func lastAxisMatchesMiddleAxis(_ name: String) throws {
        let map = try #require(Self.maps.first { $0.0 == name }?.1)
        let periodic = try #require(PeriodicTaps(map), "\(name): no periodic interior found")
        #expect(periodic.ks.count >= 16)
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.randn([2, 3, map.inputCount], using: &rng)
        let last = try x.linearMap(axis: 2, map, op: name)
        let middle = try x.permuted([0, 2, 1]).linearMap(axis: 1, map, op: name).permuted([0, 2, 1])
        #expect(last.shape == middle.shape)
        #expect(last.scalars == middle.scalars)
    }
}
