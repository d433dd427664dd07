import Foundation

/// A notebook record as a self-contained HTML page (figures embedded) or as Markdown with the figures beside it.
public enum ReportWriter {
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
        [("script", r.scriptName), ("script SHA-256", r.scriptHash), ("seed", String(r.seed)),
         ("started", ISO8601DateFormatter().string(from: r.started)), ("threads", String(r.threads)),
         ("wall time", String(format: "%.2f s", r.seconds)), ("cells run", String(r.cells.count)),
         ("status", r.failed ? "stopped by an error" : "completed")]
    }

    static func isImage(_ url: URL) -> String? {
        switch url.pathExtension.lowercased() {
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "jpg", "jpeg": return "image/jpeg"
        default: return nil
        }
    }

    // MARK: HTML

    public static func html(_ r: NotebookRecord) -> String {
        var body = ["<header>", "<h1>\(escape(r.scriptName))</h1>", "<table class=\"manifest\">"]
        body += manifestRows(r).map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }
        body += ["</table>", "</header>"]
        for cell in r.cells {
            body.append("<section class=\"cell\">")
            body.append("<h2>\(escape(cell.title))"
                        + "<span class=\"time\">\(String(format: "%.2f s", cell.seconds))</span></h2>")
            if !cell.source.isEmpty { body.append("<pre class=\"source\">\(escape(cell.source))</pre>") }
            if !cell.output.isEmpty { body.append("<pre class=\"output\">\(escape(cell.output.joined(separator: "\n")))</pre>") }
            for file in cell.files {
                if let mime = isImage(file), let data = try? Data(contentsOf: file) {
                    body.append("<figure><img src=\"data:\(mime);base64,\(data.base64EncodedString())\" alt=\"\(escape(file.lastPathComponent))\">"
                                + "<figcaption>\(escape(file.lastPathComponent))</figcaption></figure>")
                } else {
                    body.append("<p class=\"file\">wrote <code>\(escape(file.path))</code></p>")
                }
            }
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
        .time { float: right; font-weight: normal; color: #888; font-size: .9rem; }
        table.manifest { border-collapse: collapse; font-size: .9rem; }
        table.manifest th { text-align: left; padding-right: 1rem; color: #555; font-weight: 600; }
        pre { padding: .6rem .8rem; border-radius: 4px; overflow-x: auto; font-size: .85rem; }
        pre.source { background: #f4f6f8; }
        pre.output { background: #fff; border: 1px solid #e2e2e2; }
        pre.error { background: #fdecea; color: #8a1c1c; }
        figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; }
        figcaption { color: #777; font-size: .85rem; }
        </style></head>
        <body>
        \(body.joined(separator: "\n"))
        </body></html>

        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    // MARK: Markdown

    /// Markdown with the images copied into `assets` (a folder beside the report) and linked relatively.
    public static func markdown(_ r: NotebookRecord, assets: URL) throws -> String {
        var lines = ["# \(r.scriptName)", "", "| | |", "| --- | --- |"]
        lines += manifestRows(r).map { "| \($0.0) | \($0.1.replacingOccurrences(of: "|", with: "\\|")) |" }
        var copied = Set<String>()
        for cell in r.cells {
            lines += ["", "## \(cell.title)", ""]
            if !cell.source.isEmpty { lines += ["```spec", cell.source, "```", ""] }
            if !cell.output.isEmpty { lines += ["```text", cell.output.joined(separator: "\n"), "```", ""] }
            for file in cell.files {
                guard isImage(file) != nil else { lines.append("Wrote `\(file.path)`."); continue }
                var name = file.lastPathComponent
                var n = 2
                while copied.contains(name) { name = "\(n)_" + file.lastPathComponent; n += 1 }
                copied.insert(name)
                do {
                    try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
                    let target = assets.appendingPathComponent(name)
                    try? FileManager.default.removeItem(at: target)
                    try FileManager.default.copyItem(at: file, to: target)
                } catch {
                    throw ReportError("cannot copy \(file.path) beside the report: \(error.localizedDescription)")
                }
                lines += ["![\(file.lastPathComponent)](\(assets.lastPathComponent)/\(name))", ""]
            }
            if let error = cell.error { lines += ["```text", error, "```"] }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
