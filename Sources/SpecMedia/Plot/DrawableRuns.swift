/// Splits a sampled curve into the runs of consecutive indices where it is drawable (finite, and positive on a
/// log axis), so a NaN or a zero breaks the line instead of dragging it across the plot.
func drawableRuns(count: Int, isDrawable: (Int) -> Bool) -> [[Int]] {
    var runs: [[Int]] = [], current: [Int] = []
    for i in 0..<count {
        if isDrawable(i) { current.append(i) } else if !current.isEmpty { runs.append(current); current = [] }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
}
