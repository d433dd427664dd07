import SpecTensor

/// Text: formatting numbers, and the string methods of Python ("a,b".split(",") calls split("a,b", ",")).
enum StringBuiltins {
    static func register(_ r: BuiltinRegistry) {
        let s = Builtin.Parameter("s", .string, "a string")
        r.add(Builtin("format", topic: .collections, [
            .init("value", .any, "a number (a one-element tensor counts as one) or a string"),
            .init("spec", .string, default: .string(""), "Python's format specification: [[fill]align][sign][0][width][,][.precision][type], type f, e, g, d, % or s"),
            .init("digits", .integer, default: .nil, keywordOnly: true, "digits after the point (the same as spec \".{digits}f\")"),
        ], summary: "A value as text, formatted as Python's format() does.",
           help: "format(0.5, \">8.3f\") is \"   0.500\"; format(1234567, \",d\") is \"1,234,567\"; format(0.25, \".1%\") is \"25.0%\"; format(\"avg\", \"^7\") is \"  avg  \"; format(x, digits: 2) is format(x, \".2f\"). Without a spec, numbers print as print shows them.",
           example: "format(3.14159, \"8.2f\")") { args in
            var specText = try args.string("spec")
            if let digits = try args.optionalInt("digits") {
                guard specText.isEmpty else { throw args.error("digits", "give either a spec or digits, not both") }
                guard (0...20).contains(digits) else { throw args.error("digits", "digits must be between 0 and 20") }
                specText = ".\(digits)f"
            }
            do {
                let spec = try FormatSpec(specText)
                if case .string(let text) = args.value("value") { return .string(try spec.format(text)) }
                return .string(try spec.format(try args.number("value")))
            } catch let e as FormatSpecError {
                throw args.error("spec", "format spec \"\(specText)\": \(e.message)")
            }
        })
        r.add(Builtin("split", topic: .collections, [s, .init("separator", .string, default: .nil, "where to cut; default any run of whitespace")],
                      summary: "The pieces of a string between separators.", example: "\"a,b,c\".split(\",\")") { args in
            let text = try args.string("s")
            guard let separator = try args.optionalString("separator") else {
                return ListBuiltins.list(text.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
            }
            guard !separator.isEmpty else { throw args.error("separator", "the separator cannot be empty") }
            return ListBuiltins.list(text.components(separatedBy: separator).map { .string($0) })
        })
        r.add(Builtin("join", topic: .collections, [.init("separator", .string, "put between the items"), .init("items", .list, "the items (non-strings are written as str writes them)")],
                      summary: "The items as one string, separator between them (Python's separator.join(items)).",
                      example: "\", \".join([\"avg\", \"stride\"])") { args in
            .string(try args.list("items").map(Printer.plain).joined(separator: try args.string("separator")))
        })
        r.add(Builtin("replace", topic: .collections, [s, .init("old", .string, "the text to replace"), .init("new", .string, "its replacement")],
                      summary: "The string with every occurrence of old replaced by new.", example: "\"a-b-c\".replace(\"-\", \"_\")") { args in
            let old = try args.string("old")
            guard !old.isEmpty else { throw args.error("old", "the text to replace cannot be empty") }
            return .string(try args.string("s").replacingOccurrences(of: old, with: try args.string("new")))
        })
        r.add(Builtin("strip", topic: .collections, [s, .init("characters", .string, default: .nil, "the characters to remove; default whitespace")],
                      summary: "The string without leading and trailing whitespace (or the given characters).", example: "\"  run 1 \".strip()") { args in
            let text = try args.string("s")
            guard let characters = try args.optionalString("characters") else {
                return .string(String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()))
            }
            let set = Set(characters)
            return .string(String(text.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed()))
        })
        r.add(Builtin("starts_with", topic: .collections, [s, .init("prefix", .string, "the beginning to test")],
                      summary: "Whether the string begins with prefix.", example: "\"gan_dtestbed\".starts_with(\"gan\")") { args in
            .bool(try args.string("s").hasPrefix(try args.string("prefix")))
        })
        r.add(Builtin("ends_with", topic: .collections, [s, .init("suffix", .string, "the end to test")],
                      summary: "Whether the string ends with suffix.", example: "\"baboon.png\".ends_with(\".png\")") { args in
            .bool(try args.string("s").hasSuffix(try args.string("suffix")))
        })
        r.add(Builtin("find", topic: .collections, [s, .init("text", .string, "the text to look for")],
                      summary: "The position of the first occurrence of text, or -1.", example: "\"a=b\".find(\"=\")") { args in
            let whole = try args.string("s"), text = try args.string("text")
            guard let range = whole.range(of: text) else { return .number(-1) }
            return .number(Double(whole.distance(from: whole.startIndex, to: range.lowerBound)))
        })
        r.add(Builtin("upper", topic: .collections, [s], summary: "The string in capitals.", example: "\"avg\".upper()") { args in
            .string(try args.string("s").uppercased())
        })
        r.add(Builtin("lower", topic: .collections, [s], summary: "The string in small letters.", example: "\"AVG\".lower()") { args in
            .string(try args.string("s").lowercased())
        })
    }
}
