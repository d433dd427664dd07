/// One reduced spectrum to plot: the mean spectral density per frequency bin (bin 0 is DC), an optional
/// standard deviation drawn as a shaded mean ± std band, a legend label, and its line style.
public struct SpectrumSeries: Sendable {
    public var label: String
    public var mean: [Double]
    public var std: [Double]?
    public var dashed: Bool
    /// Nil takes the next colour of matplotlib's cycle.
    public var color: Color?

    public init(label: String, mean: [Double], std: [Double]? = nil, dashed: Bool = false, color: Color? = nil) {
        self.label = label
        self.mean = mean
        self.std = std
        self.dashed = dashed
        self.color = color
    }
}
