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

    static func map(_ name: String) throws -> AxisTaps { try #require(maps.first { $0.0 == name }?.1) }

    static func identity(_ n: Int) -> AxisTaps { AxisTaps(inputCount: n, taps: (0..<n).map { [AxisTaps.Tap(source: $0, weight: 1)] }) }

    /// The columns run the interior of these maps in vector lanes; the rows combine whole rows. Both sum the taps in
    /// the same order, so a map on the columns equals, to the bit, the same map on the rows of the transposed image.
    @Test(arguments: maps.map(\.0))
    func columnsMatchRows(_ name: String) throws {
        let map = try Self.map(name)
        let periodic = try #require(PeriodicTaps(map), "\(name): no periodic interior found")
        #expect(periodic.ks.count >= 16)
        var rng = RandomGenerator(seed: 3)
        let x = Tensor.randn([2, 3, 5, map.inputCount], using: &rng)
        let columns = try x.linearMap(rows: Self.identity(5), columns: map, op: name)
        let rows = try x.permuted([0, 1, 3, 2]).linearMap(rows: map, columns: Self.identity(5), op: name).permuted([0, 1, 3, 2])
        #expect(columns.shape == rows.shape)
        #expect(columns.scalars == rows.scalars)
    }

    /// Both maps at once against the dense sum out[i][j] = Σ R[i][r] · C[j][c] · x[r][c], in double precision.
    @Test(arguments: [("bilinear ×2", "blur"), ("blurpool", "average 2 adjoint"), ("upfirdn up 4", "upfirdn down 2"),
                      ("upfirdn down 2 adjoint", "bilinear ×2 adjoint")])
    func matchesDenseSum(_ names: (String, String)) throws {
        let (rows, columns) = (try Self.map(names.0), try Self.map(names.1))
        var rng = RandomGenerator(seed: 4)
        let (h, w) = (rows.inputCount, columns.inputCount)
        let x = Tensor.randn([3, h, w], using: &rng)
        let y = try x.linearMap(rows: rows, columns: columns, op: "test")
        #expect(y.shape == [3, rows.outputCount, columns.outputCount])
        var worst = 0.0
        for p in 0..<3 {
            for i in 0..<rows.outputCount {
                for j in 0..<columns.outputCount {
                    var sum = 0.0
                    for r in rows.taps[i] {
                        for c in columns.taps[j] { sum += Double(r.weight) * Double(c.weight) * Double(x.scalars[(p * h + r.source) * w + c.source]) }
                    }
                    worst = max(worst, abs(sum - Double(y.scalars[(p * rows.outputCount + i) * columns.outputCount + j])))
                }
            }
        }
        #expect(worst <= 1e-5, "\(names): largest difference \(worst)")
    }

    @Test("outputs without taps are zeros, even when no output has any")
    func outputsWithoutTaps() throws {
        let x = Tensor.ones([2, 3, 4])
        let none = AxisTaps(inputCount: 4, taps: [[], []])
        #expect(try x.linearMap(rows: Self.identity(3), columns: none, op: "test").scalars == [Float](repeating: 0, count: 12))
        let some = AxisTaps(inputCount: 3, taps: [[], [AxisTaps.Tap(source: 2, weight: 2)]])
        #expect(try x.linearMap(rows: some, columns: Self.identity(4), op: "test").scalars == [0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 2, 2])
    }

    @Test("sizes that do not fit the maps are errors")
    func rejectsMismatchedSizes() {
        #expect(throws: TensorError.self) { try Tensor.zeros([2, 8, 9]).linearMap(rows: .blur(8), columns: .blur(8), op: "blur") }
        #expect(throws: TensorError.self) { try Tensor.zeros([8]).linearMap(rows: .blur(8), columns: .blur(8), op: "blur") }
    }
}
