import Foundation
import Testing
import SpecTensor

/// The golden data of the paper's reference code (Tests/Fixtures/reference, copied from shared/reference; the
/// StyleGAN cases in its stylegan/ folder), read through their MANIFEST.json files.
public struct ReferenceCase {
    public let name: String
    let json: [String: Any]
    /// The folder the case's paths are relative to (its manifest's).
    let base: URL
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/reference")
    public static let styleGANRoot = root.appendingPathComponent("stylegan")

    nonisolated(unsafe) static let all: [String: (json: [String: Any], base: URL)] = {
        var cases: [String: (json: [String: Any], base: URL)] = [:]
        for base in [root, styleGANRoot] {
            guard let data = try? Data(contentsOf: base.appendingPathComponent("MANIFEST.json")),
                  let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let list = manifest["cases"] as? [[String: Any]] else { continue }
            for c in list { if let name = c["name"] as? String { cases[name] = (c, base) } }
        }
        return cases
    }()

    public init(_ name: String) throws {
        guard let entry = Self.all[name] else { throw TensorError.message("no reference case \(name)") }
        self.name = name
        json = entry.json
        base = entry.base
    }

    private func entry(_ section: String, _ key: String) throws -> [String: Any] {
        guard let entries = json[section] as? [String: Any], let entry = entries[key] as? [String: Any] else {
            throw TensorError.message("\(name): no \(section).\(key)")
        }
        return entry
    }

    public func file(_ section: String, _ key: String) throws -> NPY.Array {
        guard let path = try entry(section, key)["file"] as? String else { throw TensorError.message("\(name): \(section).\(key) is not a file") }
        return try NPY.read(base.appendingPathComponent(path))
    }

    /// A folder entry (parameters, parameter gradients): its path, and its files by parameter name.
    public func folder(_ section: String, _ key: String) throws -> (url: URL, files: [String: NPY.Array]) {
        let e = try entry(section, key)
        guard let dir = e["dir"] as? String, let files = e["files"] as? [String: Any] else { throw TensorError.message("\(name): \(section).\(key) is not a folder") }
        var arrays: [String: NPY.Array] = [:]
        for (param, value) in files {
            guard let file = (value as? [String: Any])?["file"] as? String else { continue }
            arrays[param] = try NPY.read(base.appendingPathComponent(file))
        }
        return (base.appendingPathComponent(dir), arrays)
    }

    /// The case's `settings` (the StyleGAN unit cases) and `constructor` keyword arguments, when it has them.
    public var settings: [String: Any]? { json["settings"] as? [String: Any] }
    public var constructor: [String: Any]? { json["constructor"] as? [String: Any] }

    /// The tolerance of one parameter's gradient in a folder output, when the case gives one per parameter.
    public func parameterTolerance(_ key: String, _ parameter: String) -> (rtol: Double, atol: Double) {
        let all = json["tolerance"] as? [String: Any] ?? [:]
        if let per = all["\(key)_per_param"] as? [String: Any], let t = per[parameter] as? [String: Any] {
            return ((t["rtol"] as? Double) ?? 0, (t["atol"] as? Double) ?? 0)
        }
        return tolerance(key)
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
/// Every value of `actual` within `atol + rtol·|expected|` of `expected`'s.
public func expectClose(_ actual: Tensor, _ expected: Tensor, rtol: Float, atol: Float, _ label: String,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, "\(label): shape", sourceLocation: sourceLocation)
    let worst = zip(actual.scalars, expected.scalars).map { Swift.abs($0 - $1) - rtol * Swift.abs($1) }.max() ?? 0
    #expect(worst <= atol, "\(label): off by \(worst) beyond rtol", sourceLocation: sourceLocation)
}

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
