import Foundation
import Testing

/// Reproducers of the robustness issue, one per class, run by the real `spec`: each ends with exit code 1 and a
/// file:line:col message, never a signal, and writes nothing outside the fence.
struct CrashReproducerTests {
    @Test("overflow, allocation, memory use, cyclic and deep data, and a symlinked write end in errors with places", arguments: [
        ("zeros([999999999, 999999999, 999999999])", "x.spec:1:"),
        ("let y = zeros([300000, 1]) + zeros([1, 300000])", "x.spec:1:"),
        ("let l = [1]\nappend(l, l)\nlet m = [1]\nappend(m, m)\nprint(l == m)\ntensor(l)", "x.spec:6:"),
        ("let l = []\nfor i in range(100000) { l = [l] }\ntensor(l)", "x.spec:3:"),
        ("save_npy(ones([2]), \"cache/escaped.npy\")", "x.spec:1:"),
        // Many tensors, each under the limit, together past it: refused before the machine runs out.
        ("memory_limit(1)\nlet l = []\nfor i in range(10) { append(l, zeros([100000000])) }", "x.spec:3:"),
    ])
    func reproducer(source: String, place: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("x.spec", source)
        let outside = folder.url.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.url.appendingPathComponent("out/cache").path, withDestinationPath: outside.path)
        let run = try SpecExecutable.run(["run", "x.spec", "--out", "out"], in: folder.url, timeout: 120)
        #expect(!run.timedOut)
        #expect(run.status == 1, "exit \(run.status) for \(source): \(run.stderr)")
        #expect(run.stderr.contains(place), "\(source): \(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "something was written outside the fence")
    }
}
