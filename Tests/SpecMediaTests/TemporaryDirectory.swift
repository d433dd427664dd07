import Foundation

/// A fresh directory for a test's files. Figures go to `$SPEC_MEDIA_FIGURES` instead when it is set, so a
/// person can open and judge them after the run.
func outputDirectory(_ name: String) throws -> URL {
    let base = ProcessInfo.processInfo.environment["SPEC_MEDIA_FIGURES"].map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("spec-media-tests-\(UUID().uuidString)")
    let dir = base.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
