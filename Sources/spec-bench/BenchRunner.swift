import Foundation

/// One benchmark case: a name, the work to time, and optional figures derived from a timing.
struct BenchCase {
    let name: String
    /// Floating-point operations of one run, for GFLOP/s.
    var flops: Double? = nil
    /// Prepares the work once (untimed) and returns the closure to time.
    let prepare: () throws -> () throws -> Void
}

struct BenchResult: Codable {
    let name: String
    let medianMs, minMs, maxMs: Double
    let runs: Int
    let gflops: Double?
    let peakRSSMB: Double
    var note: String?
}

/// Times each case: two warm-up runs, then runs until 1 s has passed (at least 5, at most 50).
enum BenchRunner {
    static func run(_ bench: BenchCase) throws -> BenchResult {
        let work = try bench.prepare()
        for _ in 0..<2 { try work() }
        var times: [Double] = []
        let start = Date()
        while times.count < 5 || (Date().timeIntervalSince(start) < 1 && times.count < 50) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try work()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        times.sort()
        let median = times[times.count / 2]
        return BenchResult(name: bench.name, medianMs: median, minMs: times[0], maxMs: times[times.count - 1], runs: times.count,
                           gflops: bench.flops.map { $0 / (median * 1e6) }, peakRSSMB: peakRSSMegabytes())
    }

    static func line(_ r: BenchResult) -> String {
        var s = String(format: "%@: %.3f ms (%.3f–%.3f, %d runs)", r.name, r.medianMs, r.minMs, r.maxMs, r.runs)
        if let g = r.gflops { s += String(format: ", %.1f GFLOP/s", g) }
        s += String(format: ", peak RSS %.0f MB", r.peakRSSMB)
        if let note = r.note { s += ", " + note }
        return s
    }

    /// Peak resident set size of this process so far.
    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
    }
}
