import SpecLang
import SpecSyntax

/// spec source as HTML with its parts marked for colour: keywords, builtins, strings, numbers and comments
/// (`<span class="kw">` …). One pass over the characters; anything it does not recognise stays plain text.
enum SourceHighlighter {
    static func html(_ source: String, builtins: BuiltinRegistry = .standard) -> String {
        let keywords = Set(Lexer.keywords)
        let chars = Array(source)
        var out = ""
        var i = 0
        func span(_ cls: String, _ text: String) { out += "<span class=\"\(cls)\">\(ReportWriter.escape(text))</span>" }
        while i < chars.count {
            let c = chars[i]
            if c == "#" {
                let end = chars[i...].firstIndex(of: "\n") ?? chars.count
                span("com", String(chars[i..<end]))
                i = end
            } else if c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != "\"", chars[j] != "\n" { j += chars[j] == "\\" ? 2 : 1 }
                let end = min(j + 1, chars.count)
                span("str", String(chars[i..<end]))
                i = end
            } else if c.isNumber {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "_" || chars[j] == "e" || chars[j] == "E"
                    || ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E")) { j += 1 }
                span("num", String(chars[i..<j]))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                let word = String(chars[i..<j])
                // A field (`x.mean`) or a keyword argument's label (`seed: 1`) is not the builtin of that name.
                let afterDot = i > 0 && chars[i - 1] == "."
                let isLabel = chars[j...].first { $0 != " " } == ":"
                if keywords.contains(word) { span("kw", word) }
                else if !afterDot, !isLabel, builtins[word] != nil { span("fn", word) }
                else { out += ReportWriter.escape(word) }
                i = j
            } else {
                out += ReportWriter.escape(String(c))
                i += 1
            }
        }
        return out
    }
}
