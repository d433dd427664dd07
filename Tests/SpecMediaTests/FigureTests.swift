import Foundation
import Testing
import SpecTensor
@testable import SpecMedia

@Suite("Figures")
struct FigureTests {
    static func figures() throws -> [(String, any Figure)] {
        [
            ("spectrum", try SpectrumPlot(groundTruth: SampleData.realSpectrum(),
                                          predictions: [SampleData.generatedSpectrum(label: "PGGAN, stride", falloff: 18),
                                                        SampleData.generatedSpectrum(label: "PGGAN, blurpool", falloff: 30)])),
            ("spectrum_error", SpectrumErrorPlot(try SampleData.errorMatrix(), title: "Spectrum error, toy set")),
            ("losses", try CurvePlot(series: SampleData.losses(), yLabel: "loss")),
            ("samples", try ImageFigure(try SampleData.images(8), title: "samples at step 10000")),
        ]
    }

    /// Fraction of pixels that are not (nearly) white.
    private func inkFraction(_ image: PixelImage) -> Double {
        var ink = 0
        for p in stride(from: 0, to: image.samples.count, by: 3) where image.samples[p..<p + 3].contains(where: { $0 < 240 }) { ink += 1 }
        return Double(ink) / Double(image.width * image.height)
    }

    @Test func everyFigureRendersInAllThreeFormats() throws {
        let dir = try outputDirectory("figures")
        for (name, figure) in try Self.figures() {
            for format in FigureFormat.allCases {
                let path = dir.appendingPathComponent("\(name).\(format.rawValue)").path
                try figure.save(to: path)
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                switch format {
                case .png:
                    let image = try PNGCodec.decode(data)
                    #expect(image.width == Int((figure.size.width * 150 / 72).rounded(.up)), "\(name)")
                    #expect(image.height == Int((figure.size.height * 150 / 72).rounded(.up)), "\(name)")
                    let ink = inkFraction(image)
                    #expect(ink > 0.02 && ink < 0.9, "\(name): \(ink) of the pixels are inked")
                case .svg:
                    let svg = String(decoding: data, as: UTF8.self)
                    #expect(svg.hasPrefix("<?xml") && svg.contains("<svg"), "\(name)")
                    // Cairo writes text as glyph outlines used by reference.
                    #expect(svg.contains("<path") && (name == "samples" || svg.contains("glyph")), "\(name)")
                case .pdf:
                    #expect(data.starts(with: Data("%PDF".utf8)) && data.count > 1000, "\(name)")
                }
            }
        }
    }

    @Test func spectrumPlotDrawsTheSeriesColours() throws {
        let plot = try SpectrumPlot(groundTruth: SampleData.realSpectrum(),
                                    predictions: [SampleData.generatedSpectrum(label: "prediction", falloff: 20)])
        let image = try plot.rasterize(dpi: 72)
        func count(near color: Color) -> Int {
            let (r, g, b) = color.bytes
            var n = 0
            for p in stride(from: 0, to: image.samples.count, by: 3)
            where abs(Int(image.samples[p]) - Int(r)) < 12 && abs(Int(image.samples[p + 1]) - Int(g)) < 12 && abs(Int(image.samples[p + 2]) - Int(b)) < 12 {
                n += 1
            }
            return n
        }
        // The ground truth in C0 blue and the prediction in C1 orange both appear as solid line pixels.
        #expect(count(near: Color.cycle(0)) > 50)
        #expect(count(near: Color.cycle(1)) > 50)
    }

    @Test func errorPlotUsesTheDivergingColours() throws {
        let steps = [0, 500, 1000]
        let values = try Tensor(shape: [3, 4], scalars: [-1, -1, 1, 1, 0, 0, 0, 0, 1, 1, -1, -1])
        let image = try SpectrumErrorPlot(try ErrorMatrix(steps: steps, values: values)).rasterize(dpi: 72)
        var blue = 0, red = 0
        for p in stride(from: 0, to: image.samples.count, by: 3) {
            let (r, g, b) = (image.samples[p], image.samples[p + 1], image.samples[p + 2])
            if b > 240, r < 15, g < 15 { blue += 1 }
            if r > 240, b < 15, g < 15 { red += 1 }
        }
        #expect(blue > 500 && red > 500)
    }

    @Test func badFigureInputsThrow() throws {
        #expect(throws: MediaError.self) { try SpectrumPlot(series: []) }
        #expect(throws: MediaError.self) { try SpectrumPlot(series: [SpectrumSeries(label: "a", mean: [1])]) }
        #expect(throws: MediaError.self) { try SpectrumPlot(series: [SpectrumSeries(label: "a", mean: [1, 2, 3], std: [1])]) }
        #expect(throws: MediaError.self) { try SpectrumPlot(series: [SpectrumSeries(label: "a", mean: [5, 0, -1, .nan])]) }
        #expect(throws: MediaError.self) { try CurvePlot(series: [CurveSeries(label: "a", y: [1, 2], x: [1])]) }
        #expect(throws: MediaError.self) { try CurvePlot(series: [CurveSeries(label: "a", y: [.nan])]) }
        #expect(throws: MediaError.self) { try CurvePlot(series: [CurveSeries(label: "a", y: [0, -1])], logY: true) }
        #expect(throws: MediaError.self) { try ErrorMatrix(steps: [0, 1], values: Tensor.zeros([3, 4])) }
        #expect(throws: MediaError.self) { try ErrorMatrix(steps: [0], values: Tensor.zeros([4])) }
        let plot = try CurvePlot(series: SampleData.losses())
        #expect(throws: MediaError.unsupportedFormat("out.jpg")) { try plot.save(to: "out.jpg") }
        #expect(throws: MediaError.self) { try plot.save(to: "/nonexistent/dir/out.svg") }
        #expect(throws: MediaError.self) { try plot.rasterize(dpi: 0) }
    }

    @Test func brokenCurvesAndSingleRowsStillDraw() throws {
        // NaN gaps, a lone point, a log axis and one evaluation row must render, not trap.
        let curve = try CurvePlot(series: [CurveSeries(label: "psnr", y: [1, .nan, 3, 4, .infinity, 2]),
                                           CurveSeries(label: "", y: [0, 5, .nan, 7])], logY: true)
        #expect(inkFraction(try curve.rasterize(dpi: 72)) > 0.01)
        let single = try ErrorMatrix(steps: [0], values: Tensor([0.5, -0.5]).reshaped([1, 2]))
        #expect(inkFraction(try SpectrumErrorPlot(single).rasterize(dpi: 72)) > 0.05)
        let flat = try SpectrumPlot(series: [SpectrumSeries(label: "flat", mean: [3, 3, 3], std: [5, 5, 5])])
        #expect(inkFraction(try flat.rasterize(dpi: 72)) > 0.01)
    }
}
