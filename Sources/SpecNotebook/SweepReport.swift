import Foundation
import SpecLang
import SpecMedia

/// A sweep's results as one self-contained HTML page: the table, the statements, the band curves and each
/// variant's error heatmap (figures embedded).
public enum SweepReport {
    public static func write(_ results: SweepResults, to url: URL) throws {
        guard url.pathExtension.lowercased().hasPrefix("htm") else { throw SweepError("a sweep report is .html, not '\(url.lastPathComponent)'") }
        var body = ["<h1>Sweep of \(ReportWriter.escape(URL(fileURLWithPath: results.plan.script).lastPathComponent))</h1>",
                    "<p>\(ReportWriter.escape(results.folder.path)): " + ReportWriter.escape(describe(results.plan)) + "</p>",
                    "<p>log10(gen / real power) at the last evaluation, averaged over each quarter of the frequencies (DC excluded); mean ± std over seeds.</p>",
                    "<table>"]
        for (i, row) in results.table.enumerated() {
            let cell = i == 0 ? "th" : "td"
            body.append("<tr>" + row.map { "<\(cell)>\(ReportWriter.escape($0))</\(cell)>" }.joined() + "</tr>")
        }
        body.append("</table>")
        body.append("<ul class=\"statements\">" + results.statements.map { "<li>\(ReportWriter.escape($0))</li>" }.joined() + "</ul>")
        if !results.missing.isEmpty { body.append("<p class=\"missing\">Not included: \(ReportWriter.escape(results.missing.joined(separator: "; ")))</p>") }
        var figures: [(String, any Figure)] = [("gen / real per frequency, mean ± std over seeds", try SweepFigures.bands(results))]
        for variant in results.variants where variant.meanError != nil { figures.append(("\(variant.name): spectrum error over training", try SweepFigures.heatmap(variant))) }
        for (caption, figure) in figures {
            let png = try figure.render(.png)
            body.append("<figure><img src=\"data:image/png;base64,\(png.base64EncodedString())\" alt=\"\(ReportWriter.escape(caption))\"><figcaption>\(ReportWriter.escape(caption))</figcaption></figure>")
        }
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>spec sweep: \(ReportWriter.escape(results.folder.lastPathComponent))</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
            table { border-collapse: collapse; font-size: .9rem; } th, td { text-align: left; padding: .2rem .8rem .2rem 0; border-bottom: 1px solid #eee; }
            ul.statements { font-size: .9rem; } figure img { max-width: 100%; border: 1px solid #eee; } figcaption { color: #555; }
            </style></head><body>
            \(body.joined(separator: "\n"))
            </body></html>

            """
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(page.utf8).write(to: url, options: .atomic)
        } catch {
            throw SweepError("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    static func describe(_ plan: SweepPlan) -> String {
        let grid = plan.grid.map { "\($0.name) ∈ {\($0.values.joined(separator: ", "))}" }.joined(separator: " × ")
        return (plan.fixed.isEmpty ? "" : "--set " + plan.fixed.joined(separator: " ") + "; ") + (grid.isEmpty ? "" : grid + "; ")
            + "seeds \(plan.seeds.map(String.init).joined(separator: ", "))"
    }
}
