import Foundation
import SpecTensor

/// How the half spectrum of a square image of one size is averaged into the reduced spectrum, computed once per
/// size and cached.
///
/// The reference builds a grid of odd size S (for even H it duplicates the Nyquist row and column, S = H + 1),
/// centres DC, and averages the power over rings of integer radius: bin ⌊r⌋. On that grid the distance of a
/// frequency from the centre along an axis is the frequency itself (the Nyquist frequency appearing at both ±H/2),
/// so frequency (u, v) falls in bin ⌊√(fu² + fv²)⌋ and counts twice along an axis where it is the duplicated
/// Nyquist frequency. A real image's power is symmetric, P(u, v) = P(−u, −v), so the half spectrum (the stored
/// columns of the real transform) suffices: a column with a mirror image counts twice.
final class SpectrumBins: Sendable {
    let size: Int
    let halfWidth: Int
    /// Number of bins, ⌊√2·(S−1)/2⌋ + 1.
    let length: Int
    /// Bin of each half-spectrum element (row-major, H × (H/2+1)).
    let bin: [Int32]
    /// How many grid cells each half-spectrum element stands for (mirror image × duplicated Nyquist).
    let multiplicity: [Double]
    /// Grid cells per bin.
    let cellCount: [Double]
    /// Half-spectrum indices sorted by bin, and where each bin's run ends in that order: the fused kernel sums
    /// each bin in a register instead of scattering into memory.
    let indicesByBin: [Int32]
    let binEnds: [Int]
    /// `multiplicity` in the order of `indicesByBin` (1, 2 or 4: exact in float32).
    let multiplicityByBin: [Float]

    private init(size n: Int) {
        size = n
        halfWidth = n / 2 + 1
        let even = n % 2 == 0
        func frequency(_ index: Int) -> Int { index <= n / 2 ? index : index - n }
        func axisMultiplicity(_ index: Int) -> Double { even && index == n / 2 ? 2 : 1 }
        var bin = [Int32](), multiplicity = [Double]()
        for u in 0..<n {
            for v in 0..<halfWidth {
                let fu = frequency(u), fv = frequency(v)
                bin.append(Int32(integerSquareRoot(fu * fu + fv * fv)))
                let mirrored: Double = v == 0 || (even && v == n / 2) ? 1 : 2
                multiplicity.append(mirrored * axisMultiplicity(u) * axisMultiplicity(v))
            }
        }
        let c = n / 2  // the largest |frequency| along an axis, the centre of the odd grid
        length = integerSquareRoot(2 * c * c) + 1
        var cells = [Double](repeating: 0, count: length)
        for (b, m) in zip(bin, multiplicity) { cells[Int(b)] += m }
        self.bin = bin
        self.multiplicity = multiplicity
        cellCount = cells
        let order = (0..<bin.count).sorted { (bin[$0], $0) < (bin[$1], $1) }
        indicesByBin = order.map { Int32($0) }
        multiplicityByBin = order.map { Float(multiplicity[$0]) }
        var ends = [Int](repeating: 0, count: length)
        for b in bin { ends[Int(b)] += 1 }
        for b in 1..<length { ends[b] += ends[b - 1] }
        binEnds = ends
    }

    /// The bin average as a sparse map from a flattened half-spectrum power (H·(H/2+1)) to the `length` bins.
    var averaging: SparseLinearMap {
        SparseLinearMap(inputSize: bin.count, outputSize: length, outputIndices: bin,
                        inputIndices: (0..<bin.count).map { Int32($0) },
                        weights: zip(bin, multiplicity).map { b, m in m / cellCount[Int(b)] })
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [Int: SpectrumBins] = [:]

    /// The bins for square images of side `size` (≥ 1).
    static func forSize(_ size: Int) -> SpectrumBins {
        lock.lock()
        defer { lock.unlock() }
        if let bins = cache[size] { return bins }
        let bins = SpectrumBins(size: size)
        cache[size] = bins
        return bins
    }
}

/// ⌊√n⌋ for n ≥ 0, exact.
func integerSquareRoot(_ n: Int) -> Int {
    var r = Int(Double(n).squareRoot())
    while r * r > n { r -= 1 }
    while (r + 1) * (r + 1) <= n { r += 1 }
    return r
}

/// The length of the reduced spectrum of square images of side `resolution`: ⌊√2·(S−1)/2⌋ + 1 with S the odd
/// grid size (H, or H + 1 for even H). This is the length the reference's `get_spectrum` returns; its helper
/// `resolution_to_spectrum_length`, ⌈√2·⌊(H+1)/2⌋⌉, agrees only for even H.
public func spectrumLength(resolution: Int) throws -> Int {
    guard resolution >= 1, resolution <= 1 << 24 else {
        throw TensorError.message("spectrum length: the resolution must be between 1 and 2^24, got \(resolution)")
    }
    let c = resolution / 2
    return integerSquareRoot(2 * c * c) + 1
}
