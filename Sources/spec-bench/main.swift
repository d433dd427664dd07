import Foundation
import SpecTensor

// spec-bench [CASE_OR_PREFIX …] [--json FILE] [--list]: times the named cases (all when none is named).
let registry: [BenchCase] = ConvCases.all() + OpCases.all() + SpectrumCases.all() + GANCases.all()

Allocator.keepFreedBlocksForReuse()
var arguments = Array(CommandLine.arguments.dropFirst())
var jsonPath: String?
if let i = arguments.firstIndex(of: "--json") {
    guard i + 1 < arguments.count else { FileHandle.standardError.write(Data("--json needs a file name\n".utf8)); exit(2) }
    jsonPath = arguments[i + 1]
    arguments.removeSubrange(i...(i + 1))
}
if arguments.contains("--list") {
    registry.forEach { print($0.name) }
    exit(0)
}
let selected = arguments.isEmpty ? registry : registry.filter { c in arguments.contains { c.name == $0 || c.name.hasPrefix($0) } }
if selected.isEmpty {
    FileHandle.standardError.write(Data("no benchmark case matches \(arguments.joined(separator: " ")); --list shows them\n".utf8))
    exit(2)
}
var results: [BenchResult] = []
for bench in selected {
    do {
        var result = try BenchRunner.run(bench)
        // A convolution's rate next to the bare GEMMs of the same shape, when both ran.
        if let rate = result.gflops, let shape = ["conv_fwd_", "conv_fwdbwd_", "convdirect_fwd_", "convdirect_fwdbwd_"].first(where: { bench.name.hasPrefix($0) }),
           let gemm = results.first(where: { $0.name == "sgemm_" + bench.name.dropFirst(shape.count) })?.gflops {
            result.note = String(format: "%.0f%% of sgemm", 100 * rate / gemm)
        }
        print(BenchRunner.line(result))
        results.append(result)
    } catch {
        print("\(bench.name): failed: \(error)")
    }
}
if let jsonPath {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(results).write(to: URL(fileURLWithPath: jsonPath))
}
