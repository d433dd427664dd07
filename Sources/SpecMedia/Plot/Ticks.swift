import Foundation

/// A tick mark at a data value; major ticks are longer and usually labelled.
struct Tick: Equatable {
    var value: Double
    var label: RichText?
    var major: Bool = true
}

/// Tick placement and labels, in the manner of matplotlib's default locators and formatters.
enum TickLocator {
    /// "Nice" linear ticks as matplotlib's MaxNLocator places them: the smallest step of 1, 2, 2.5 or 5 × 10^k
    /// that splits the scale into at most `maxIntervals` intervals.
    static func linear(_ scale: Scale, maxIntervals: Int) -> [Tick] {
        let span = scale.upper - scale.lower
        guard span > 0, span.isFinite else { return [] }
        let raw = span / Double(max(maxIntervals, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * magnitude
        let first = ceil(scale.lower / step - 1e-9), last = floor(scale.upper / step + 1e-9)
        guard last >= first else { return [] }
        let maxAbs = max(Swift.abs(scale.lower), Swift.abs(scale.upper))
        return stride(from: first, through: last, by: 1).map { k in
            let value = k * step
            return Tick(value: value, label: label(value == 0 ? 0 : value, step: step, maxAbs: maxAbs))
        }
    }

    /// matplotlib's tick budget for an axis of `length` points: one interval per 30 points across (tick labels
    /// side by side), per 20 points upwards, at most 9.
    static func maxIntervals(length: Double, vertical: Bool) -> Int {
        min(9, max(2, Int(length / (vertical ? 20 : 30))))
    }

    /// Fixed decimals when they read well, else mantissa × 10^k.
    static func label(_ value: Double, step: Double, maxAbs: Double) -> RichText {
        if step >= 1e-4, maxAbs < 1e7 {
            return RichText(runs: [.init(text: RichText.minusSigns(fixed(value, decimals: decimals(for: step))), position: .normal)])
        }
        if value == 0 { return RichText("0") }
        let exponent = Int(floor(log10(Swift.abs(value)) + 1e-9))
        let mantissa = value / pow(10, Double(exponent))
        return .power(mantissa: RichText.minusSigns(compact(mantissa)), exponent: exponent)
    }

    /// The fewest decimals that show every multiple of `step` exactly (0.25 → 2, 5 → 0).
    static func decimals(for step: Double) -> Int {
        (0...12).first { d in
            let scaled = step * pow(10, Double(d))
            return Swift.abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled)
        } ?? 12
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// Up to three significant digits without trailing zeros.
    static func compact(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.contains("."), text.hasSuffix("0") || text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Log-axis ticks: labelled decades 10^k (every n-th when there are more than `maxLabels`), unlabelled
    /// minor ticks at 2…9 × 10^k. A range under two decades labels 2× and 5× multiples as well.
    static func log(_ scale: Scale, maxLabels: Int) -> [Tick] {
        let lo = log10(scale.lower), hi = log10(scale.upper)
        guard lo.isFinite, hi.isFinite, hi > lo else { return [] }
        let firstDecade = Int(floor(lo)), lastDecade = Int(ceil(hi))
        let decadesInside = (firstDecade...lastDecade).filter { scale.contains(pow(10, Double($0))) }
        let every = max(1, Int(ceil(Double(decadesInside.count) / Double(max(maxLabels, 1)))))
        let showMinor = lastDecade - firstDecade <= 8
        let labelMultiples: Set<Int> = decadesInside.count >= 2 ? [1] : (hi - lo > 0.5 ? [1, 2, 5] : Set(1...9))
        var ticks: [Tick] = []
        for decade in firstDecade...lastDecade {
            for m in 1...9 where m == 1 || showMinor {
                let value = Double(m) * pow(10, Double(decade))
                guard scale.contains(value) else { continue }
                let labelled = labelMultiples.contains(m) && (m != 1 || decade % every == 0)
                let text: RichText? = !labelled ? nil : (m == 1 ? .power(exponent: decade) : .power(mantissa: String(m), exponent: decade))
                ticks.append(Tick(value: value, label: text, major: m == 1 || labelled))
            }
        }
        return ticks
    }
}
