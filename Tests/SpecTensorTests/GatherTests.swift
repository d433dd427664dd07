import Testing
@testable import SpecTensor

/// The gather primitive copies its last axis run by run; these check it, and its adjoint, against a walk that reads
/// one index per value.
@Suite("Gather and scatter by runs")
struct GatherTests {
    /// Last-axis maps of every kind the ops build: identity, strides, reversal, edges (padding), repeats (nearest),
    /// zeros (zero insertion, constant padding), and an irregular one.
    static let lastMaps: [[Int]] = [
        Array(0..<9), Array(stride(from: 0, to: 9, by: 2)), Array((0..<9).reversed()), [1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 7],
        [0, 0, 1, 1, 2, 2, 8, 8], [0, -1, 1, -1, 2, -1], [-1, -1, 0, 1, 2, 3, -1], [4, 2, 7, 7, 8, 0, 3, 5, 6, 1, -1, 3], [],
    ]

    static func naiveGather(_ x: Tensor, _ maps: [[Int]]) -> [Float] {
        let s = x.shape
        var out: [Float] = []
        for a in maps[0] { for b in maps[1] { for c in maps[2] {
            out.append(a < 0 || b < 0 || c < 0 ? 0 : x.scalars[(a * s[1] + b) * s[2] + c])
        } } }
        return out
    }

    static func naiveScatter(_ g: Tensor, _ maps: [[Int]], shape s: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: s.reduce(1, *)), i = 0
        for a in maps[0] { for b in maps[1] { for c in maps[2] {
            if a >= 0, b >= 0, c >= 0 { out[(a * s[1] + b) * s[2] + c] += g.scalars[i] }
            i += 1
        } } }
        return out
    }

    @Test(arguments: lastMaps.indices)
    func matchesOneIndexPerValue(_ k: Int) throws {
        var rng = RandomGenerator(seed: UInt64(k))
        let x = Tensor.randn([3, 4, 9], using: &rng)
        let maps = [[2, -1, 0], [3, 1, 1, 0], Self.lastMaps[k]]
        let y = x.gatherAxes(maps, op: "test")
        #expect(y.shape == maps.map(\.count))
        #expect(y.scalars == Self.naiveGather(x, maps))
        let g = Tensor.randn(y.shape, using: &rng)
        #expect(g.scatterAxes(maps, shape: x.shape, op: "test").scalars == Self.naiveScatter(g, maps, shape: x.shape))
    }

    @Test("runs cover every read offset once, in order, with even steps")
    func runsDescribeTheMap() {
        for map in Self.lastMaps {
            var covered = [Int](repeating: -1, count: map.count)
            for run in GatherRun.runs(map) {
                for k in 0..<run.count { covered[run.output + k * run.outputStep] = run.input + k * run.step }
            }
            #expect(covered == map)
        }
        #expect(GatherRun.runs(Array(stride(from: 0, to: 64, by: 2))).count == 1)
        #expect(GatherRun.runs([1, 0, 1, 2, 3, 4, 3]).count == 3)
        #expect(GatherRun.runs([0, -1, 1, -1, 2, -1, 3]) == [GatherRun(output: 0, outputStep: 2, input: 0, step: 1, count: 4)])
    }

    /// Walks large enough to be split over the workers, by rows (gather) or by the leading axes whose indices write
    /// different input rows (scatter): the first axis repeats an index here, so the scatter may split by nothing
    /// (`repeatsFirst`), or by the first axis only (reflect padding of the second and third).
    @Test("large walks split over the workers", arguments: [false, true])
    func largeWalksSplit(repeatsFirst: Bool) throws {
        var rng = RandomGenerator(seed: 9)
        let x = Tensor.randn([3, 130, 700], using: &rng)
        let first = repeatsFirst ? [0, 2, 2, 1] : [2, 0, -1, 1]
        let reflect = [2, 1] + Array(0..<130) + [128, 127], last = [1] + Array(0..<700) + [698, -1]
        let maps = [first, reflect, last]
        let y = x.gatherAxes(maps, op: "test")
        #expect(y.count >= Parallel.minimumElements)
        #expect(y.scalars == Self.naiveGather(x, maps))
        let g = Tensor.randn(y.shape, using: &rng)
        #expect(g.scatterAxes(maps, shape: x.shape, op: "test").scalars == Self.naiveScatter(g, maps, shape: x.shape))
    }
}

