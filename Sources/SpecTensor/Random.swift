import Foundation

/// The one random number generator behind every random draw in spec: xoshiro256** seeded through SplitMix64.
///
/// Draws are made sequentially on the calling thread, so the stream depends only on the seed and the order of
/// calls, never on the number of threads. Uniform floats take the top 24 bits of a draw; normal values come from
/// the Box–Muller transform, two per pair of uniforms, computed in float64.
public struct RandomGenerator: Sendable, Equatable {
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Restores a generator from a saved state (checkpoints store the four words).
    public init(state: [UInt64]) throws {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else {
            throw TensorError.message("a random generator state is four words, not all zero")
        }
        self.state = (state[0], state[1], state[2], state[3])
    }

    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public static func == (a: Self, b: Self) -> Bool { a.stateWords == b.stateWords }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// Uniform in [0, 1) with 53 bits.
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in 0..<n (n > 0), without modulo bias.
    public mutating func nextInt(below n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let r = next()
            if r < limit { return Int(r % bound) }
        }
    }

    public mutating func uniform(count: Int, low: Float = 0, high: Float = 1) -> [Float] {
        (0..<count).map { _ in low + (high - low) * Float(next() >> 40) * 0x1.0p-24 }
    }

    public mutating func normal(count: Int, mean: Float = 0, std: Float = 1) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            let u1 = 1 - nextDouble()  // in (0, 1], so the log is finite
            let u2 = nextDouble()
            let r = (-2 * Foundation.log(u1)).squareRoot()
            out[i] = mean + std * Float(r * Foundation.cos(2 * .pi * u2))
            if i + 1 < count { out[i + 1] = mean + std * Float(r * Foundation.sin(2 * .pi * u2)) }
            i += 2
        }
        return out
    }

    /// A uniformly random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n > 1 { for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, nextInt(below: i + 1)) } }
        return p
    }
}

extension Tensor {
    public static func randn(_ shape: [Int], using rng: inout RandomGenerator, mean: Float = 0, std: Float = 1) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: rng.normal(count: shape.elementCount, mean: mean, std: std))
    }

    public static func rand(_ shape: [Int], using rng: inout RandomGenerator, low: Float = 0, high: Float = 1) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: rng.uniform(count: shape.elementCount, low: low, high: high))
    }
}
