import Foundation
import SpecTensor

/// A finished (or partly finished) sweep read back from its folder: for every variant, the runs of its seeds and
/// their statistics over seeds — the spectrum error over training, the final log10(gen / real) per frequency bin,
/// its mean over four frequency bands, and PSNR — with a plain statement of which differences between variants
/// exceed the seed-to-seed spread.
public struct SweepResults {
    /// One testbed run of one task: what its evaluations recorded.
    public struct Run {
        public let seed: UInt64
        public let steps: [Int]
        /// Per evaluation, mean_gen / mean_real − 1 per bin (DC excluded, clamped to [−1, 1] as the reference does).
        public let error: [[Float]]
        /// log10(mean_gen / mean_real) per bin (DC excluded) at the last evaluation: unclamped.
        public let logRatio: [Double]
        public let psnr: Double
    }

    /// Mean and standard deviation over seeds (the sample std, n − 1; 0 for one seed).
    public struct Spread: Equatable {
        public let mean: Double, std: Double, n: Int

        public init(_ values: [Double]) {
            n = values.count
            mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
            let m = mean
            std = values.count < 2 ? 0 : (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        }

        public var text: String { n == 0 ? "–" : String(format: "%+.2f ± %.2f", mean, std) }
    }

    public struct Variant {
        public let name: String
        public let runs: [Run]

        public var seeds: [UInt64] { runs.map(\.seed) }

        /// The error over training, averaged over the seeds whose evaluations are at the same steps as the first's.
        public var meanError: (steps: [Int], values: [[Float]])? {
            guard let first = runs.first else { return nil }
            let same = runs.filter { $0.steps == first.steps && $0.error.map(\.count) == first.error.map(\.count) }
            let values = first.error.indices.map { row in
                first.error[row].indices.map { col in same.map { $0.error[row][col] }.reduce(0, +) / Float(same.count) }
            }
            return (first.steps, values)
        }

        /// log10(gen / real) per bin at the end, mean and std over seeds.
        public var logRatio: [Spread] {
            guard let bins = runs.map(\.logRatio.count).min() else { return [] }
            return (0..<bins).map { i in Spread(runs.map { $0.logRatio[i] }) }
        }

        /// The band's mean log10(gen / real), mean and std over seeds.
        public func band(_ band: Band) -> Spread {
            Spread(runs.map { run in
                let range = band.range(bins: run.logRatio.count)
                return range.isEmpty ? .nan : run.logRatio[range].reduce(0, +) / Double(range.count)
            })
        }

        public var psnr: Spread { Spread(runs.map(\.psnr)) }
    }

    /// Quarters of the frequency bins (DC excluded), lowest first.
    public enum Band: Int, CaseIterable {
        case bottom, lowerMiddle, upperMiddle, top

        public var name: String { ["bottom quarter", "2nd quarter", "3rd quarter", "top quarter"][rawValue] }

        func range(bins: Int) -> Range<Int> { (bins * rawValue / 4)..<(bins * (rawValue + 1) / 4) }
    }

    public let folder: URL
    public let plan: SweepPlan
    public let variants: [Variant]
    /// Tasks without a finished run to read, and why.
    public let missing: [String]

    /// Reads every finished task of the sweep in `folder`. A task whose notebook made several testbed runs
    /// contributes each, as variant "<variant> · <run folder>".
    public static func load(_ folder: URL) throws -> SweepResults {
        guard let plan = try SweepPlan.load(from: folder) else { throw SweepError("\(folder.path) holds no sweep (no \(SweepPlan.fileName))") }
        var byVariant: [String: [Run]] = [:]
        var order: [String] = []
        var missing: [String] = []
        for task in plan.tasks {
            let name = "\(task.variant) seed \(task.seed)"
            guard TaskStatus.load(task.index, in: folder)?.state == .completed else { missing.append("\(name): not finished"); continue }
            let taskFolder = folder.appendingPathComponent(task.folder)
            let runFolders = ((try? FileManager.default.contentsOfDirectory(atPath: taskFolder.path)) ?? []).sorted()
                .filter { FileManager.default.fileExists(atPath: taskFolder.appendingPathComponent("\($0)/config.json").path) }
            if runFolders.isEmpty { missing.append("\(name): no testbed run in \(taskFolder.path)") }
            for runFolder in runFolders {
                let key = runFolders.count == 1 ? task.variant : "\(task.variant) · \(runFolder)"
                do {
                    let run = try readRun(taskFolder.appendingPathComponent(runFolder), seed: task.seed)
                    if byVariant[key] == nil { order.append(key) }
                    byVariant[key, default: []].append(run)
                } catch {
                    missing.append("\(name): \(error)")
                }
            }
        }
        return SweepResults(folder: folder, plan: plan, variants: order.map { Variant(name: $0, runs: byVariant[$0] ?? []) }, missing: missing)
    }

    private static func readRun(_ url: URL, seed: UInt64) throws -> Run {
        guard let text = try? String(contentsOf: url.appendingPathComponent("metrics.jsonl"), encoding: .utf8) else {
            throw SweepError("no metrics.jsonl in \(url.path)")
        }
        var steps: [Int] = [], error: [[Float]] = [], psnr = Double.nan
        for line in text.split(separator: "\n") {
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)),
                  case .number(let step)? = value["step"], case .array(let e)? = value["error"] else { continue }
            steps.append(Int(step))
            error.append(e.map { if case .number(let x) = $0 { Float(x) } else { .nan } })
            if case .number(let p)? = value["psnr"] { psnr = p }
        }
        guard let last = steps.last else { throw SweepError("\(url.path) recorded no evaluation") }
        let name = String(format: "%08d", last)
        func spectrumMean(_ file: String) throws -> [Float] {
            let t = try NPY.read(url.appendingPathComponent(file)).tensor
            guard t.rank == 2, t.shape[0] == 2 else { throw SweepError("\(file) in \(url.path) is not (2, L)") }
            return Array(t.scalars[0..<t.shape[1]])
        }
        let gen = try spectrumMean("spectra/spectrum_\(name).npy"), real = try spectrumMean("spectra/real.npy")
        guard gen.count == real.count, gen.count >= 2 else { throw SweepError("the spectra in \(url.path) differ in length") }
        let logRatio = (1..<gen.count).map { log10(Double(gen[$0]) / Double(real[$0])) }
        return Run(seed: seed, steps: steps, error: error, logRatio: logRatio, psnr: psnr)
    }

    // MARK: What the numbers say

    /// Band by band, each pair of variants whose means differ by more than the seed-to-seed spread (the sum of
    /// their standard deviations: the mean ± std intervals do not overlap), and the pairs that do not.
    public var statements: [String] {
        var lines: [String] = []
        let comparable = variants.filter { $0.runs.count >= 2 }
        guard comparable.count >= 2 else {
            return ["too few seeds to compare: every variant needs at least two finished runs (\(variants.map { "\($0.name): \($0.runs.count)" }.joined(separator: ", ")))"]
        }
        for band in Band.allCases {
            var exceeding: [String] = [], within: [String] = []
            for (i, a) in comparable.enumerated() {
                for b in comparable[(i + 1)...] {
                    let sa = a.band(band), sb = b.band(band)
                    let difference = abs(sa.mean - sb.mean), spread = sa.std + sb.std
                    let text = "\(a.name) \(String(format: "%+.2f", sa.mean)) vs \(b.name) \(String(format: "%+.2f", sb.mean)): difference \(String(format: "%.2f", difference)), spread \(String(format: "%.2f", spread))"
                    if difference > spread { exceeding.append(text) } else { within.append(text) }
                }
            }
            lines.append("\(band.name), log10(gen/real): " + (exceeding.isEmpty ? "no difference exceeds the seed-to-seed spread" : "exceeds the spread: " + exceeding.joined(separator: "; "))
                         + (within.isEmpty ? "" : "; within it: " + within.joined(separator: "; ")))
        }
        return lines
    }

    /// A table of every variant: seeds, band means of log10(gen / real) and PSNR, each mean ± std over seeds.
    public var table: [[String]] {
        let header = ["variant", "seeds"] + Band.allCases.map(\.name) + ["PSNR (dB)"]
        return [header] + variants.map { v in
            [v.name, String(v.runs.count)] + Band.allCases.map { v.band($0).text } + [v.psnr.n == 0 ? "–" : String(format: "%.2f ± %.2f", v.psnr.mean, v.psnr.std)]
        }
    }

    /// The table as aligned text.
    public var tableText: String {
        let rows = table
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ") }
            .joined(separator: "\n")
    }
}
