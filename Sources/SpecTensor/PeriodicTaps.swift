/// The interior of a resampling map along the last axis, where its outputs repeat one pattern: output P·k + p reads
/// inputs S·k + offset over the taps of phase p, with the same weights for every k in `ks` (P output phases, input
/// step S; for ×2 upsampling P = 2, S = 1, for ×2 downsampling P = 1, S = 2, for a same-size blur both are 1).
/// There the sums run eight outputs of a phase at a time in vector lanes, with the taps in the same order as the
/// general loop, so the results are the same to the bit; the outputs near the borders keep the general loop.
struct PeriodicTaps {
    let period: Int, step: Int
    /// Per phase: each tap's input offset from S·k, and its weight.
    let offsets: [[Int]], weights: [[Float]]
    /// The k whose outputs follow the pattern in every phase.
    let ks: Range<Int>

    /// The output indices the pattern covers.
    var outputs: Range<Int> { (period * ks.lowerBound)..<(period * ks.upperBound) }

    /// Finds the pattern of `map` with the widest interior among the phase and step pairs of ×1, ×2 and ×4
    /// resampling, or nil when none covers at least 16 outputs per phase.
    init?(_ map: AxisTaps) {
        var best: PeriodicTaps?
        for (period, step) in [(1, 1), (2, 1), (1, 2), (4, 1), (1, 4)] {
            guard let found = PeriodicTaps(map, period: period, step: step), found.ks.count >= 16 else { continue }
            if best.map({ found.ks.count * found.period > $0.ks.count * $0.period }) ?? true { best = found }
        }
        guard let best else { return nil }
        self = best
    }

    /// The pattern seen from the middle k, grown in both directions while every phase keeps it.
    private init?(_ map: AxisTaps, period: Int, step: Int) {
        let kCount = map.outputCount / period
        guard kCount > 0 else { return nil }
        let middle = kCount / 2
        let offsets = (0..<period).map { p in map.taps[period * middle + p].map { $0.source - step * middle } }
        let weights = (0..<period).map { p in map.taps[period * middle + p].map(\.weight) }
        guard offsets.allSatisfy({ !$0.isEmpty }) else { return nil }
        func follows(_ k: Int) -> Bool {
            (0..<period).allSatisfy { p in
                let taps = map.taps[period * k + p]
                return taps.count == offsets[p].count
                    && zip(taps, zip(offsets[p], weights[p])).allSatisfy { $0.source == step * k + $1.0 && $0.weight == $1.1 }
            }
        }
        var lo = middle, hi = middle + 1
        while lo > 0, follows(lo - 1) { lo -= 1 }
        while hi < kCount, follows(hi) { hi += 1 }
        self.period = period
        self.step = step
        self.offsets = offsets
        self.weights = weights
        self.ks = lo..<hi
    }

    /// Writes the pattern's outputs of one row: `d[P·k + p]` from `row` (`count` values). Eight k at a time, every
    /// phase's sums before the next eight: ×2 downsampling takes every second value of a 16-wide load, and ×2
    /// upsampling stores its two phases interleaved, where a lane-by-lane gather and scatter took most of the time.
    @inline(__always)
    func apply(_ row: UnsafePointer<Float>, count: Int, _ d: UnsafeMutablePointer<Float>) {
        let rowEnd = row + count
        /// The eight inputs at `base`, `step` apart.
        @inline(__always) func inputs(_ base: UnsafePointer<Float>) -> SIMD8<Float> {
            if step == 1 { return UnsafeRawPointer(base).loadUnaligned(as: SIMD8<Float>.self) }
            if step == 2, base + 16 <= rowEnd { return UnsafeRawPointer(base).loadUnaligned(as: SIMD16<Float>.self).evenHalf }
            return SIMD8 { base[$0 &* step] }
        }
        /// Σ over phase p's taps of weight · inputs, in tap order.
        @inline(__always) func sum(phase p: Int, at k: Int) -> SIMD8<Float> {
            var sum = SIMD8<Float>.zero
            offsets[p].withUnsafeBufferPointer { offsets in
                weights[p].withUnsafeBufferPointer { weights in
                    var t = 0
                    while t < offsets.count {
                        sum += weights[t] * inputs(row + (step &* k &+ offsets[t]))
                        t &+= 1
                    }
                }
            }
            return sum
        }
        var k = ks.lowerBound
        while k + 8 <= ks.upperBound {
            switch period {
            case 1:
                UnsafeMutableRawPointer(d + k).storeBytes(of: sum(phase: 0, at: k), as: SIMD8<Float>.self)
            case 2:
                let even = sum(phase: 0, at: k), odd = sum(phase: 1, at: k)
                let pairs = SIMD16(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3],
                                   even[4], odd[4], even[5], odd[5], even[6], odd[6], even[7], odd[7])
                UnsafeMutableRawPointer(d + 2 &* k).storeBytes(of: pairs, as: SIMD16<Float>.self)
            default:
                for p in 0..<period {
                    let lanes = sum(phase: p, at: k)
                    for l in 0..<8 { d[period &* (k &+ l) &+ p] = lanes[l] }
                }
            }
            k += 8
        }
        while k < ks.upperBound {
            for p in 0..<period {
                var sum: Float = 0
                for t in 0..<offsets[p].count { sum += weights[p][t] * row[step &* k &+ offsets[p][t]] }
                d[period &* k &+ p] = sum
            }
            k += 1
        }
    }
}

extension SIMD8<Float> {
    /// Lanes from a function of the lane index.
    @inline(__always)
    init(_ lane: (Int) -> Float) {
        self.init(lane(0), lane(1), lane(2), lane(3), lane(4), lane(5), lane(6), lane(7))
    }
}
