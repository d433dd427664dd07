import Foundation

/// How data values along an axis map to [0, 1] of the axis length.
struct Scale: Equatable {
    enum Kind { case linear, log }
    let kind: Kind
    let lower: Double
    let upper: Double

    /// A scale over [lower, upper]; equal limits are widened so the axis has a length.
    init(_ kind: Kind, lower: Double, upper: Double) {
        self.kind = kind
        switch kind {
        case .linear where lower == upper:
            let half = lower == 0 ? 1 : Swift.abs(lower) * 0.1
            (self.lower, self.upper) = (lower - half, upper + half)
        case .log where lower == upper:
            (self.lower, self.upper) = (lower / 2, upper * 2)
        default:
            (self.lower, self.upper) = (lower, upper)
        }
    }

    /// A scale fitting the finite values (positive ones for log), padded by `margin` of the span on each side
    /// (in decades for log). Nil when no value qualifies or the span overflows.
    init?(fitting values: [Double], kind: Kind, margin: Double) {
        let usable = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        guard let lo = usable.min(), let hi = usable.max(), (hi - lo).isFinite else { return nil }
        switch kind {
        case .linear:
            let pad = (hi - lo) * margin
            self.init(.linear, lower: lo - pad, upper: hi + pad)
        case .log:
            let pad = (log10(hi) - log10(lo)) * margin
            self.init(.log, lower: lo / pow(10, pad), upper: hi * pow(10, pad))
        }
    }

    /// Position of a value as a fraction of the axis. Non-positive values on a log axis land far below it
    /// (drawing is clipped to the axes), so a band reaching zero runs off the bottom as in matplotlib.
    func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear: return (value - lower) / (upper - lower)
        case .log: return value > 0 ? (log10(value) - log10(lower)) / (log10(upper) - log10(lower)) : -10
        }
    }

    func contains(_ value: Double) -> Bool {
        let f = fraction(value)
        return f >= -1e-9 && f <= 1 + 1e-9
    }
}
