import SpecMedia

/// Reads `plot_curves`' argument into labelled curves: a run (its losses), a record of curves with an optional
/// `step` (or `steps`) entry as x, a record or list of runs or records (one group of curves each), or one curve
/// (a list of numbers or a 1-D tensor).
struct CurveInputs {
    /// Curve names to keep (loss or metric names); nil keeps all.
    let keys: [String]?

    func curves(_ input: PlotInput) throws -> [CurveSeries] {
        let v = input.value
        var curves: [Named]
        switch v {
        case .record(let r) where r.entries.contains(where: { Self.isGroup($0.1, input) }):
            curves = try r.entries.flatMap { key, item in try group(item, label: key, input) }
        case .list(let l) where l.items.contains(where: { Self.isGroup($0, input) }):
            curves = try l.items.enumerated().flatMap { i, item in try group(item, label: "run \(i + 1)", input) }
        default:
            curves = try group(v, label: nil, input)
        }
        guard !curves.isEmpty else { throw input.fail("there is no curve to plot") }
        if let keys {
            let found = Set(curves.compactMap(\.name))
            if let missing = keys.first(where: { !found.contains($0) }) {
                throw input.args.error("keys", "no curve named '\(missing)'; the curves are " + found.sorted().joined(separator: ", "))
            }
            curves = curves.filter { $0.name.map(keys.contains) ?? true }
        }
        return curves.map(\.series)
    }

    /// A run or a record (of curves) inside a record or list of several.
    private static func isGroup(_ v: Value, _ input: PlotInput) -> Bool {
        if case .record = v { return true }
        return RunView(v, input: input) != nil
    }

    /// A curve with the name `keys` selects it by.
    private struct Named {
        let name: String?
        let series: CurveSeries
    }

    /// The curves of one run, record or sequence; `label` (a key or "run i") prefixes each curve's name, or
    /// replaces it when a single key is chosen.
    private func group(_ v: Value, label: String?, _ input: PlotInput) throws -> [Named] {
        if let run = RunView(v, input: input) { return try group(try run.losses(), label: label, input) }
        if let y = PlotInput.numbers(v) { return [Named(name: nil, series: CurveSeries(label: label ?? "", y: y))] }
        guard case .record(let r) = v else {
            throw input.fail("expected a run, a record of curves or a list of numbers, got \(Printer.describeType(v))")
        }
        let xKey = ["step", "steps"].first { r[$0] != nil }
        var x: [Double]?
        if let xKey, let value = r[xKey] {
            guard let numbers = PlotInput.numbers(value) else { throw input.fail("'\(xKey)' must be a list of numbers or a 1-D tensor") }
            x = numbers
        }
        return try r.entries.filter { $0.0 != xKey }.map { key, value in
            guard let y = PlotInput.numbers(value) else {
                throw input.fail("the curve '\(key)' must be a list of numbers or a 1-D tensor, got \(Printer.describeType(value))")
            }
            if let x, x.count != y.count {
                throw input.fail("the curve '\(key)' has \(y.count) values but '\(xKey ?? "step")' has \(x.count)")
            }
            let name = label.map { keys?.count == 1 ? $0 : "\($0): \(key)" } ?? key
            return Named(name: key, series: CurveSeries(label: name, y: y, x: x))
        }
    }
}
