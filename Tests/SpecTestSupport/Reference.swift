import Foundation
import Testing
import SpecTensor

/// The golden data of the paper's reference code (Tests/Fixtures/reference, copied from shared/reference), read
/// through its MANIFEST.json.
public struct ReferenceCase {
    public let name: String
    let json: [String: Any]
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/reference")

    nonisolated(unsafe) static let all: [String: [String: Any]] = {
        guard let data = try? Data(contentsOf: root.appendingPathComponent("MANIFEST.json")),
              let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = manifest["cases"] as? [[String: Any]] else { return [:] }
        return Dictionary(uniqueKeysWithValues: cases.compactMap { c in (c["name"] as? String).map { ($0, c) } })
    }()

    public init(_ name: String) throws {
        guard let json = Self.all[name] else { throw TensorError.message("no reference case \(name)") }
        self.name = name
        self.json = json
    }

    public func file(_ section: String, _ key: String) throws -> NPY.Array {
        guard let entries = json[section] as? [String: Any], let entry = entries[key] as? [String: Any],
              let path = entry["file"] as? String else { throw TensorError.message("\(name): no \(section).\(key)") }
        return try NPY.read(Self.root.appendingPathComponent(path))
    }

    public func input(_ key: String) throws -> Tensor { try file("inputs", key).tensor }
    public func output(_ key: String) throws -> NPY.Array { try file("outputs", key) }

    /// The case's tolerance, or the named part of a split tolerance.
    public func tolerance(_ part: String? = nil) -> (rtol: Double, atol: Double) {
        var t = json["tolerance"] as? [String: Any] ?? [:]
        if let part, let sub = t[part] as? [String: Any] { t = sub }
        return ((t["rtol"] as? Double) ?? 0, (t["atol"] as? Double) ?? 0)
    }
}

/// Checks |actual − golden| ≤ atol + rtol·|golden| on every element, recording the worst offender.
public func expectClose(_ actual: Tensor, _ golden: NPY.Array, _ tol: (rtol: Double, atol: Double), _ label: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == golden.shape, "\(label): shape \(actual.shape) vs golden \(golden.shape)", sourceLocation: sourceLocation)
    guard actual.shape == golden.shape else { return }
    var worst = 0.0, worstIndex = 0
    for (i, g) in golden.values.enumerated() {
        let excess = Swift.abs(Double(actual.scalars[i]) - g) - (tol.atol + tol.rtol * Swift.abs(g))
        if excess > worst || !Double(actual.scalars[i]).isFinite { worst = Swift.max(worst, excess.isNaN ? .infinity : excess); worstIndex = i }
    }
    #expect(worst <= 0, "\(label): element \(worstIndex) is \(actual.scalars[worstIndex]), golden \(golden.values[worstIndex]) (excess \(worst))",
            sourceLocation: sourceLocation)
}
