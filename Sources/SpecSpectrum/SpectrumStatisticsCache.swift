import Foundation
import SpecTensor

/// Spectrum statistics of data sets kept on disk, one JSON file per (content, settings), so a data set's
/// statistics are computed once across runs and a changed data set never meets a stale entry.
///
/// The key is the XXH64 hash of the images' float32 values, combined with their shape, the FFT normalisation
/// and a format version. A file whose recorded key, shape or settings do not match, or that cannot be read, is
/// recomputed and replaced.
public struct SpectrumStatisticsCache: Sendable {
    /// Where the cache files live; created when the first entry is written.
    public let directory: URL

    /// Bump when the meaning of cached statistics changes, so old files are ignored.
    private static let formatVersion = 1

    public init(directory: URL) {
        self.directory = directory
    }

    /// The statistics of `images` ((N, H, W) or (N, C, H, W)), read from the cache when present, otherwise
    /// computed and stored. `fromCache` tells which happened.
    public func statistics(of images: Tensor, normalized: Bool = false) throws -> (statistics: SpectrumStatistics, fromCache: Bool) {
        let entry = Entry(key: key(of: images, normalized: normalized), shape: images.shape, normalized: normalized,
                          count: 0, mean: [], std: [])
        let file = url(for: entry)
        if let cached = try? JSONDecoder().decode(Entry.self, from: Data(contentsOf: file)), cached.matches(entry),
           let statistics = try? SpectrumStatistics(mean: Tensor(cached.mean), std: Tensor(cached.std), count: cached.count) {
            return (statistics, true)
        }
        let statistics = try SpectrumStatistics(images: images, normalized: normalized)
        let stored = Entry(key: entry.key, shape: entry.shape, normalized: normalized, count: statistics.count,
                           mean: statistics.mean.scalars, std: statistics.std.scalars)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try JSONEncoder().encode(stored).write(to: file, options: .atomic)
        } catch {
            throw TensorError.message("spectrum statistics cache: cannot write \(file.path): \(error.localizedDescription)")
        }
        return (statistics, false)
    }

    /// The cache file that holds (or would hold) the statistics of `images`.
    public func file(for images: Tensor, normalized: Bool = false) -> URL {
        url(for: Entry(key: key(of: images, normalized: normalized), shape: images.shape, normalized: normalized,
                       count: 0, mean: [], std: []))
    }

    private func key(of images: Tensor, normalized: Bool) -> String {
        let content = images.scalars.withUnsafeBytes { ContentHash.xxh64($0) }
        let settings = "v\(Self.formatVersion) shape \(images.shape) normalized \(normalized)"
        return String(ContentHash.xxh64(settings, seed: content), radix: 16)
    }

    private func url(for entry: Entry) -> URL {
        let resolution = entry.shape.last ?? 0, count = entry.shape.first ?? 0
        return directory.appendingPathComponent("spectrum\(resolution)_N\(count)_\(entry.normalized ? "ortho" : "backward")_\(entry.key).json")
    }

    /// One cache file.
    private struct Entry: Codable {
        let key: String
        let shape: [Int]
        let normalized: Bool
        let count: Int
        let mean: [Float]
        let std: [Float]

        func matches(_ other: Entry) -> Bool {
            key == other.key && shape == other.shape && normalized == other.normalized
        }
    }
}
