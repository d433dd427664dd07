/// The optimal-string-alignment distance between two strings: the number of single-character insertions,
/// deletions, substitutions and swaps of two neighbours needed to turn one into the other.
public func editDistance(_ first: String, _ second: String) -> Int {
    let a = Array(first)
    let b = Array(second)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    // Three rows of the dynamic-programming table: two back (for swaps), previous and current.
    var twoBack = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = a[i - 1] == b[j - 1] ? 0 : 1
            var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                best = min(best, twoBack[j - 2] + 1)
            }
            current[j] = best
        }
        (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[b.count]
}

/// Up to `max` of `candidates` that are close to `name` (ignoring case), closest first, for messages like
/// "unknown name 'toyst'; did you mean 'toyset'?". A candidate is close when its edit distance is at most
/// about a third of the name's length (at least 1), or when one name starts with the other.
public func closestNames(to name: String, among candidates: [String], max: Int = 3) -> [String] {
    let target = name.lowercased()
    guard !target.isEmpty, max > 0 else { return [] }
    let allowed = Swift.max(1, (target.count + 1) / 3)
    var scored: [(distance: Int, name: String)] = []
    for candidate in Set(candidates) where candidate != name {
        let lowered = candidate.lowercased()
        let distance = editDistance(target, lowered)
        if distance <= allowed {
            scored.append((distance, candidate))
        } else if target.count >= 3, lowered.hasPrefix(target) || target.hasPrefix(lowered) {
            scored.append((allowed + 1, candidate))  // a prefix is a weaker match than a typo
        }
    }
    scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
    return scored.prefix(max).map(\.name)
}

extension SpecError.Note {
    /// "did you mean 'toyset'?" (or "'a', 'b' or 'c'?"), or nil when no candidate is close.
    public static func didYouMean(_ name: String, among candidates: [String], at span: SourceSpan? = nil) -> Self? {
        let names = closestNames(to: name, among: candidates).map { "'\($0)'" }
        guard let last = names.last else { return nil }
        let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
        return Self("did you mean \(list)?", at: span)
    }
}
