import SpecTensor

/// One row of a model's layer table.
public struct LayerSummary: Equatable, Sendable {
    public var name: String
    public var summary: String
    public var parameterShapes: [[Int]]
    public var parameterCount: Int
}

extension Module {
    /// One row per module that owns parameters or has no children (the layers), in declaration order, named by
    /// path; a root that owns parameters itself is named after them.
    public var layerTable: [LayerSummary] {
        var rows: [LayerSummary] = []
        walk { path, module in
            let own = module.ownParameters
            guard !own.isEmpty || module.children.isEmpty else { return }
            let name = path.isEmpty ? (own.map(\.name).joined(separator: ", ").nonEmpty ?? "(model)") : path
            rows.append(LayerSummary(name: name, summary: module.summary, parameterShapes: own.map(\.parameter.shape),
                                     parameterCount: own.reduce(0) { $0 + $1.parameter.count }))
        }
        return rows
    }

    /// The layer table as aligned text, with the total parameter count.
    public func layerTableText() -> String {
        let rows = layerTable.map { row in
            [row.name, row.summary, row.parameterShapes.map(\.shapeDescription).joined(separator: " "), String(row.parameterCount)]
        }
        let header = ["layer", "computes", "parameter shapes", "parameters"]
        let widths = (0..<4).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, s in
                c == 3 ? String(repeating: " ", count: widths[c] - s.count) + s : s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line) + ["total \(parameterCount) parameters"]).joined(separator: "\n")
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
