import Foundation
import SpecLang

/// A notebook record as a page that reads like the notebook: its introduction, the manifest and every run of the
/// notebook so far, a table of contents when it is long, then each cell's highlighted code and its output in order
/// — printed text, figures captioned by their titles, and each testbed run as one summary line that unfolds to
/// its progress, files and intermediate figures. HTML is one self-contained file (inline CSS, images embedded);
/// Markdown links images copied into a folder beside it.
public enum ReportWriter {
    /// Cells from which on a table of contents heads the report.
    static let contentsFrom = 4

    /// Writes the report in the format the file extension names (.html or .md).
    public static func write(_ record: NotebookRecord, to url: URL) throws {
        let text: String
        switch url.pathExtension.lowercased() {
        case "html", "htm": text = html(record)
        case "md", "markdown": text = try markdown(record, assets: url.deletingPathExtension().appendingPathExtension("files"))
        default: throw ReportError("a report is .html or .md, not '\(url.lastPathComponent)'")
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ReportError("cannot write the report \(url.path): \(error.localizedDescription)")
        }
    }

    static func manifestRows(_ r: NotebookRecord) -> [(String, String)] {
        [("script", r.scriptName), ("script SHA-256", r.scriptHash), ("--set", r.overrides.isEmpty ? "none" : r.overrides.joined(separator: " ")),
         ("seed", String(r.seed)), ("spec version", r.specVersion),
         ("started", ISO8601DateFormatter().string(from: r.started)), ("threads", String(r.threads)),
         ("wall time", String(format: "%.2f s", r.seconds)), ("cells run", String(r.cells.count)),
         ("status", r.failed ? "stopped by an error" : "completed")]
    }

    /// Earlier runs of the notebook (from its manifest), one row each, newest last.
    static let historyColumns = ["started", "--set", "seed", "spec", "wall time", "status"]

    static func historyRows(_ r: NotebookRecord) -> [[String]] {
        r.history.map { [$0.started, $0.overrides.isEmpty ? "none" : $0.overrides.joined(separator: " "), String($0.seed), $0.specVersion,
                         String(format: "%.1f s", $0.seconds), $0.status] }
    }

    static func isImage(_ url: URL) -> String? {
        switch url.pathExtension.lowercased() {
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "jpg", "jpeg": return "image/jpeg"
        default: return nil
        }
    }

    static func anchor(_ cell: CellRecord) -> String { "cell-\(cell.index + 1)" }

    // MARK: HTML

    public static func html(_ r: NotebookRecord) -> String {
        var body = ["<header>", "<h1>\(escape(r.scriptName))</h1>"]
        if let intro = r.introduction {
            body += intro.components(separatedBy: "\n\n").map { "<p class=\"intro\">\(escape($0))</p>" }
        }
        body.append("<table class=\"manifest\">")
        body += manifestRows(r).map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }
        body.append("</table>")
        if r.history.count > 1 {
            body.append("<details class=\"history\"><summary>\(r.history.count) runs of this notebook</summary><table>")
            body.append("<tr>" + historyColumns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>")
            body += historyRows(r).map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }
            body.append("</table></details>")
        }
        if r.cells.count >= contentsFrom {
            body.append("<nav class=\"contents\"><ol>" + r.cells.map { "<li><a href=\"#\(anchor($0))\">\(escape($0.title))</a></li>" }.joined() + "</ol></nav>")
        }
        body.append("</header>")
        for cell in r.cells {
            body.append("<section class=\"cell\" id=\"\(anchor(cell))\">")
            body.append("<h2>\(escape(cell.title))<span class=\"time\">\(String(format: "%.2f s", cell.seconds))</span></h2>")
            if !cell.source.isEmpty { body.append("<pre class=\"source\">\(SourceHighlighter.html(cell.source))</pre>") }
            for item in cell.items { body += html(item) }
            if let error = cell.error { body.append("<pre class=\"error\">\(escape(error))</pre>") }
            body.append("</section>")
        }
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>spec report: \(escape(r.scriptName))</title>
        <style>
        body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.6rem; margin-bottom: .5rem; }
        h2 { font-size: 1.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
        p.intro { font-size: 1.05rem; color: #333; }
        .time { float: right; font-weight: normal; color: #888; font-size: .9rem; }
        table { border-collapse: collapse; font-size: .9rem; }
        th { text-align: left; padding-right: 1rem; color: #555; font-weight: 600; }
        td { padding-right: 1rem; }
        nav.contents { margin: 1rem 0; font-size: .95rem; }
        pre { padding: .6rem .8rem; border-radius: 4px; overflow-x: auto; font-size: .85rem; }
        pre.source { background: #f4f6f8; }
        pre.output { background: #fff; border: 1px solid #e2e2e2; }
        pre.error { background: #fdecea; color: #8a1c1c; }
        .kw { color: #a626a4; font-weight: 600; } .fn { color: #4078f2; } .str { color: #50a14f; }
        .num { color: #986801; } .com { color: #8a8f98; font-style: italic; }
        details.run { border: 1px solid #d8dee4; border-radius: 4px; margin: .6rem 0; padding: .3rem .6rem; background: #fafbfc; }
        details.run summary { cursor: pointer; font-family: ui-monospace, monospace; font-size: .85rem; }
        details.run ul { font-size: .8rem; color: #555; }
        details.history { margin: .6rem 0; font-size: .9rem; }
        figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; }
        figcaption { color: #555; font-size: .9rem; }
        </style></head>
        <body>
        \(body.joined(separator: "\n"))
        </body></html>

        """
    }

    private static func html(_ item: CellItem) -> [String] {
        switch item {
        case .text(let lines): return ["<pre class=\"output\">\(escape(lines.joined(separator: "\n")))</pre>"]
        case .file(let file): return [html(file)]
        case .run(let run):
            var parts = ["<details class=\"run\"><summary>\(escape(run.summary))</summary>", "<p>\(escape(run.title))</p>"]
            if !run.lines.isEmpty { parts.append("<pre class=\"output\">\(escape(run.lines.joined(separator: "\n")))</pre>") }
            let others = run.files.filter { isImage($0.url) == nil }
            if !others.isEmpty { parts.append("<ul>" + others.map { "<li><code>\(escape($0.url.path))</code></li>" }.joined() + "</ul>") }
            parts += run.files.filter { isImage($0.url) != nil }.map(html)
            return parts + ["</details>"]
        }
    }

    private static func html(_ file: WrittenFile) -> String {
        guard let mime = isImage(file.url), let data = try? Data(contentsOf: file.url) else {
            return "<p class=\"file\">wrote <code>\(escape(file.url.path))</code></p>"
        }
        let caption = file.caption ?? file.url.lastPathComponent
        return "<figure><img src=\"data:\(mime);base64,\(data.base64EncodedString())\" alt=\"\(escape(caption))\">"
            + "<figcaption>\(escape(caption))</figcaption></figure>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    // MARK: Markdown

    /// Markdown with the images copied into `assets` (a folder beside the report) and linked relatively; runs fold
    /// into `<details>` blocks, which GitHub and most viewers render.
    public static func markdown(_ r: NotebookRecord, assets: URL) throws -> String {
        var lines = ["# \(r.scriptName)", ""]
        if let intro = r.introduction { lines += [intro, ""] }
        lines += ["| | |", "| --- | --- |"]
        lines += manifestRows(r).map { "| \($0.0) | \(cell($0.1)) |" }
        if r.history.count > 1 {
            lines += ["", "Runs of this notebook:", "", "| " + historyColumns.joined(separator: " | ") + " |",
                      "|" + String(repeating: " --- |", count: historyColumns.count)]
            lines += historyRows(r).map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
        }
        if r.cells.count >= contentsFrom {
            lines += [""] + r.cells.enumerated().map { "\($0.offset + 1). [\($0.element.title)](#\(anchor($0.element)))" }
        }
        var copier = AssetCopier(folder: assets)
        for c in r.cells {
            lines += ["", "<a id=\"\(anchor(c))\"></a>", "", "## \(c.title)", ""]
            if !c.source.isEmpty { lines += ["```spec", c.source, "```", ""] }
            for item in c.items {
                switch item {
                case .text(let text): lines += ["```text", text.joined(separator: "\n"), "```", ""]
                case .file(let file): lines += [try copier.markdown(file), ""]
                case .run(let run):
                    lines += ["<details><summary>\(escape(run.summary))</summary>", "", run.title, ""]
                    if !run.lines.isEmpty { lines += ["```text", run.lines.joined(separator: "\n"), "```", ""] }
                    for file in run.files { lines += [try copier.markdown(file), ""] }
                    lines += ["</details>", ""]
                }
            }
            if let error = c.error { lines += ["```text", error, "```"] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    /// Copies images beside a Markdown report under unique names.
    private struct AssetCopier {
        let folder: URL
        var copied = Set<String>()

        mutating func markdown(_ file: WrittenFile) throws -> String {
            guard ReportWriter.isImage(file.url) != nil else { return "Wrote `\(file.url.path)`." }
            var name = file.url.lastPathComponent
            var n = 2
            while copied.contains(name) { name = "\(n)_" + file.url.lastPathComponent; n += 1 }
            copied.insert(name)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let target = folder.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file.url, to: target)
            } catch {
                throw ReportError("cannot copy \(file.url.path) beside the report: \(error.localizedDescription)")
            }
            let caption = file.caption ?? file.url.lastPathComponent
            return "![\(caption.replacingOccurrences(of: "]", with: "\\]"))](\(folder.lastPathComponent)/\(name))\n\n*\(caption)*"
        }
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
