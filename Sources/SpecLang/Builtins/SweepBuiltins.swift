import Foundation
import SpecMedia
import SpecTensor

/// A sweep's results in a notebook: `load_sweep` for the numbers, `plot_sweep` for its figures.
enum SweepBuiltins {
    static let folder = Builtin.Parameter("dir", .string, "a sweep folder (spec sweep's --out)")

    static func register(_ r: BuiltinRegistry) {
        r.add(Builtin("load_sweep", topic: .data, [folder],
                      summary: "A sweep's results per variant, mean ± std over seeds: band errors, gen/real per frequency, error over training, PSNR, and which differences exceed the spread.",
                      help: "Returns a record: variants (names), seeds (per variant), bands (per variant, per frequency quarter: [mean, std] of log10(gen/real) at the end), log_ratio and log_ratio_std (per variant, per bin), error (per variant, the spectrum error over training averaged over seeds, (evaluations, bins)), steps, psnr ([mean, std]), table (text), statements (which band differences exceed the seed-to-seed spread, i.e. mean ± std intervals that do not overlap), missing (tasks without a finished run).",
                      example: "let s = load_sweep(\"sweeps/toy\"); print(s.table); for line in s.statements { print(line) }") { args in
            let results = try load(args)
            func record(_ f: (SweepResults.Variant) throws -> Value) rethrows -> Value {
                .record(RecordRef(try results.variants.map { ($0.name, try f($0)) }))
            }
            func pair(_ s: SweepResults.Spread) -> Value { .list(ListRef([.number(s.mean), .number(s.std)])) }
            return .record(RecordRef([
                ("variants", .list(ListRef(results.variants.map { .string($0.name) }))),
                ("seeds", record { .list(ListRef($0.seeds.map { .number(Double($0)) })) }),
                ("bands", record { v in .record(RecordRef(SweepResults.Band.allCases.map { ($0.name, pair(v.band($0))) })) }),
                ("log_ratio", try record { .tensor(try Tensor(shape: [$0.logRatio.count], scalars: $0.logRatio.map { Float($0.mean) })) }),
                ("log_ratio_std", try record { .tensor(try Tensor(shape: [$0.logRatio.count], scalars: $0.logRatio.map { Float($0.std) })) }),
                ("error", try record { v in
                    guard let m = v.meanError, let width = m.values.first?.count else { return .nil }
                    return .tensor(try Tensor(shape: [m.values.count, width], scalars: m.values.flatMap { $0 }))
                }),
                ("steps", record { .list(ListRef(($0.meanError?.steps ?? []).map { .number(Double($0)) })) }),
                ("psnr", record { pair($0.psnr) }),
                ("table", .string(results.tableText)),
                ("statements", .list(ListRef(results.statements.map { .string($0) }))),
                ("missing", .list(ListRef(results.missing.map { .string($0) }))),
            ]))
        })
        r.add(Builtin("plot_sweep", topic: .media, [
            folder,
            .init("variant", .string, default: .nil, keywordOnly: true, "a variant's spectrum error over training (mean over seeds) as a heatmap; nil plots gen/real per frequency for every variant"),
            PlotBuiltins.path, PlotBuiltins.title,
        ], summary: "A sweep's figure: gen/real power per frequency for every variant, mean ± std over seeds (or one variant's error heatmap).",
           help: PlotBuiltins.returns, example: "plot_sweep(\"sweeps/toy\", path: \"bands.png\")") { args in
            let results = try load(args)
            guard let name = try args.optionalString("variant") else {
                return try FigureOutput.write(try SweepFigures.bands(results, title: try args.optionalString("title")), args)
            }
            guard let variant = results.variants.first(where: { $0.name == name }) else {
                throw args.error("variant", "the sweep has no variant '\(name)'; its variants: \(results.variants.map(\.name).joined(separator: ", "))")
            }
            var figure = try SweepFigures.heatmap(variant)
            if let title = try args.optionalString("title") { figure.title = title }
            return try FigureOutput.write(figure, args)
        })
    }

    private static func load(_ args: Arguments) throws -> SweepResults {
        let url = try args.interpreter.files.readURL(try args.string("dir"), at: args.spanOf("dir"))
        do { return try SweepResults.load(url) } catch let e as SweepError { throw args.error("dir", e.description, kind: .io) }
    }
}
