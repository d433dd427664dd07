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

    /// Writes the pattern's outputs of one row: `d[P·k + p]` from `row`.
    @inline(__always)
    func apply(_ row: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>) {
        for p in 0..<period {
            let offsets = self.offsets[p], weights = self.weights[p]
            var k = ks.lowerBound
            while k + 8 <= ks.upperBound {
                var sum = SIMD8<Float>.zero
                for t in 0..<offsets.count {
                    let base = row + (step &* k &+ offsets[t])
                    sum += weights[t] * (step == 1 ? UnsafeRawPointer(base).loadUnaligned(as: SIMD8<Float>.self)
                                                   : SIMD8 { base[$0 &* step] })
                }
                if period == 1 {
                    UnsafeMutableRawPointer(d + k).storeBytes(of: sum, as: SIMD8<Float>.self)
                } else {
                    for l in 0..<8 { d[period &* (k &+ l) &+ p] = sum[l] }
                }
                k += 8
            }
            while k < ks.upperBound {
                var sum: Float = 0
                for t in 0..<offsets.count { sum += weights[t] * row[step &* k &+ offsets[t]] }
                d[period &* k &+ p] = sum
                k += 1
            }
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
