import Foundation

/// Writes bytes to a file atomically, turning Foundation's error into a `MediaError` that names the path.
func writeFile(_ data: Data, to path: String) throws {
    do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
        throw MediaError.writeFailed(path, error.localizedDescription)
    }
}
