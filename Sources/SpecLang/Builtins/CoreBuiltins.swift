import Foundation
import SpecSyntax
import SpecTensor

/// Printing, help, seeding, timing, and the helpers every script needs.
enum CoreBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.add(Builtin("print", topic: .core, [.init("values", .any, variadic: true, "values to print, separated by spaces")],
                      summary: "Print values separated by spaces: tensors NumPy-style, a one-element tensor as its number (print_options sets the limits).", example: "print(\"loss\", 0.25)") { args in
            let items = try args.list("values")
            args.interpreter.output(items.map { Printer.plain($0, args.interpreter.printOptions) }.joined(separator: " "))
            return .nil
        })
        r.add(Builtin("print_options", topic: .core, PrintOptions.fields.map { field in
                          .init(field.name, .integer, default: .nil, field.doc)
                      },
                      summary: "Set how much of a value printing shows (NumPy's set_printoptions); returns the settings as a record.",
                      help: "Tensors print NumPy-style: nested brackets, one number format for all values in aligned columns, rows wrapped at `linewidth`. A tensor, list or record holding more than `threshold` values in all is summarised: every axis, list or record longer than twice `edgeitems` shows that many items at each end with … between. Called with no arguments it changes nothing; the settings last until the session ends or `:reset`. `str`, `print` and string interpolation show a one-element tensor as its number.",
                      example: "print_options(threshold: 50, precision: 2)") { args in
            var options = args.interpreter.printOptions
            for field in PrintOptions.fields where !args.isNil(field.name) {
                let n = try args.int(field.name)
                guard field.range.contains(n) else {
                    throw args.error(field.name, "'\(field.name)' must be between \(field.range.lowerBound) and \(field.range.upperBound), got \(n)")
                }
                options[keyPath: field.key] = n
            }
            args.interpreter.printOptions = options
            return options.record
        })
        r.add(Builtin("show", topic: .core, [.init("value", .any, "the value to describe")],
                      summary: "Print a detailed summary of a value (a tensor's statistics, a model's layer table) and picture it.",
                      help: "Images (C, H, W), batches (N, C, H, W) and data sets are shown inline when the terminal speaks kitty or iTerm2 graphics; otherwise (and in scripts) they are written to the next `figure_N.png` of the output folder and the path is printed. At an interactive terminal, a run, spectrum statistics and curves (a list or 1-D tensor of numbers, a run's losses) are also drawn as a braille plot sized to the terminal.",
                      example: "show(randn([3, 4]))") { args in
            try Display.show(args)
            return .nil
        })
        r.add(Builtin("memory_limit", topic: .core, [.init("gigabytes", .number, default: .nil, "the new limit; nothing keeps it")],
                      summary: "The largest tensor (or list) any operation may make, in GB: sizes beyond it are errors, not crashes. Returns the limit.",
                      help: "The default is half of the machine's memory, or SPEC_MEMORY_LIMIT (bytes, or with K, M or G) when it is set. Every size a script chooses (shapes, counts, padding, model sizes) is checked against it before anything is allocated.",
                      example: "memory_limit()") { args in
            if !args.isNil("gigabytes") {
                let gb = try args.number("gigabytes")
                guard gb.isFinite, gb >= 1.0 / 64, gb < 1e9 else { throw args.error("gigabytes", "the limit must be a positive number of gigabytes, at least 1/64 (16 MB), got \(Printer.number(gb))") }
                AllocationLimit.bytes = Swift.max(1, Int(gb * Double(1 << 30)))
            }
            return .number(Double(AllocationLimit.bytes) / Double(1 << 30))
        })
        r.add(Builtin("help", topic: .core, [.init("name", .any, default: .nil, "a builtin or its name, a value type's name (\"run\", \"model\", …) or a value; nothing lists all builtins by topic")],
                      summary: "Explain a builtin, a kind of value and its fields, or list them all.", example: "help(\"conv2d\")") { args in
            let registry = args.interpreter.registry
            switch args.value("name") {
            case .nil: args.interpreter.output(Help.overview(registry))
            case .builtin(let b): args.interpreter.output(Help.page(b))
            case .string(let name):
                // A name can be a builtin and a kind of value at once (model): show both.
                let pages = [registry[name].map(Help.page), registry.type(named: name).map(Help.page)].compactMap { $0 }
                guard !pages.isEmpty else {
                    let note = SpecError.Note.didYouMean(name, among: registry.names + registry.types.map(\.name))
                    throw SpecError(.name, "no builtin or kind of value named '\(name)'", at: args.spanOf("name"), notes: note.map { [$0] } ?? [])
                }
                args.interpreter.output(pages.joined(separator: "\n\n"))
            case .function(let f): args.interpreter.output("fn \(f.name)(\(f.parameterNames.joined(separator: ", "))): a function defined in spec")
            case .object(let o):
                let type = registry.type(named: o.typeName == "buffer" ? "parameter" : o.typeName)
                args.interpreter.output(Printer.summary(.object(o)) + (type.map { "\n\n" + Help.page($0) } ?? ""))
            case let v: args.interpreter.output(Printer.summary(v, args.interpreter.printOptions))
            }
            return .nil
        })
        r.add(Builtin("seed", topic: .core, [.init("n", .integer, "the seed")],
                      summary: "Restart every random stream (initial weights, data, shuffling) from a seed.",
                      help: "The same script, seed and thread count give the same numbers. A session starts with seed 0 unless `spec run --seed N` says otherwise.",
                      example: "seed(0)") { args in
            let n = try args.int("n")
            guard n >= 0 else { throw args.error("n", "the seed must be non-negative") }
            args.interpreter.reseed(UInt64(n))
            return .nil
        })
        r.add(Builtin("time", topic: .core, [.init("f", .function, "a function of no arguments")],
                      summary: "Call a function, print how long it took, and return its result.",
                      example: "time(fn () { return sum(randn([100, 100])) })") { args in
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try args.call("f", [])
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            args.interpreter.output(ms < 1000 ? String(format: "%.3f ms", ms) : String(format: "%.3f s", ms / 1000))
            return result
        })
        r.add(Builtin("len", topic: .core, [.init("value", .any, "a list, record, string or tensor")],
                      summary: "Number of items (a tensor's size along its first axis).", example: "len([1, 2, 3])") { args in
            switch args.value("value") {
            case .list(let l): return .number(Double(l.items.count))
            case .record(let r): return .number(Double(r.count))
            case .string(let s): return .number(Double(s.count))
            case .tensor(let t) where t.rank > 0: return .number(Double(t.shape[0]))
            case let v: throw args.error("value", "\(Printer.describeType(v)) has no length", kind: .type)
            }
        })
        r.add(Builtin("range", topic: .core, [.init("a", .integer, "the end, or the start when b is given"),
                                              .init("b", .integer, default: .nil, "the end (exclusive)"),
                                              .init("step", .integer, default: .number(1), "the step")],
                      summary: "The list of whole numbers a, a+step, … below b (or 0 … a−1).", example: "for i in range(3) { print(i) }") { args in
            let start = args.isNil("b") ? 0 : try args.int("a"), end = args.isNil("b") ? try args.int("a") : try args.int("b")
            let step = try args.int("step")
            guard step != 0 else { throw args.error("step", "the step cannot be zero") }
            let count = Swift.max(0, (end - start + step + (step > 0 ? -1 : 1)) / step)
            guard count <= 10_000_000 else { throw args.error("a", "range would hold \(count) numbers") }
            return .list(ListRef(stride(from: start, to: end, by: step).map { .number(Double($0)) }))
        })
        r.add(Builtin("keys", topic: .core, [.init("record", .record, "a record")],
                      summary: "The keys of a record, in insertion order.", example: "keys({a: 1, b: 2})") { args in
            .list(ListRef(try args.record("record").keys.map { .string($0) }))
        })
        r.add(Builtin("append", topic: .core, [.init("list", .list, "the list to extend"), .init("value", .any, "the new last item")],
                      summary: "Add a value to the end of a list (changing it) and return the list.", example: "append(losses, 0.5)") { args in
            guard case .list(let l) = args.value("list") else { return .nil }
            l.items.append(args.value("value"))
            return .list(l)
        })
        r.add(Builtin("type", topic: .core, [.init("value", .any, "any value")],
                      summary: "The name of a value's type.", example: "type(1.5)") { args in
            .string(args.value("value").typeName)
        })
        r.add(Builtin("str", topic: .core, [.init("value", .any, "any value")],
                      summary: "A value as text, as print writes it (a one-element tensor as its number).", example: "str(3)") { args in .string(Printer.plain(args.value("value"), args.interpreter.printOptions)) }
        )
        r.add(Builtin("int", topic: .core, [.init("x", .number, "a number")],
                      summary: "The whole number toward zero (for indices: xs[int(n * 3 / 4)]).", example: "int(33.75)") { args in
            let x = try args.number("x")
            guard x.isFinite else { throw args.error("x", "\(Printer.number(x)) has no whole-number part") }
            return .number(x.rounded(.towardZero))
        })
    }
}

/// Text of `help()` and `help(name)` (and of `spec help`).
public enum Help {
    public static func overview(_ registry: BuiltinRegistry) -> String {
        var lines = ["Builtins by topic (help(\"name\") explains one; help(\"run\"), help(\"model\"), … list a value's fields):"]
        for topic in Builtin.Topic.allCases {
            let items = registry.all.filter { $0.topic == topic }
            guard !items.isEmpty else { continue }
            lines.append("")
            lines.append(topic.rawValue)
            let width = items.map(\.name.count).max() ?? 0
            for b in items { lines.append("  " + b.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + b.summary) }
        }
        return lines.joined(separator: "\n")
    }

    public static func page(_ b: Builtin) -> String {
        var lines = [b.signature, "  " + b.summary]
        if !b.parameters.isEmpty {
            lines.append("")
            for p in b.parameters {
                let def = p.defaultText.map { " = \($0)" } ?? ""
                lines.append("  \(p.name)\(def)  (\(p.type.description)): \(p.doc)")
            }
        }
        if !b.help.isEmpty { lines += ["", b.help] }
        lines += ["", "Example:", "  " + b.example]
        return lines.joined(separator: "\n")
    }

    /// A kind of value and its fields.
    public static func page(_ type: ValueType) -> String {
        let width = type.fields.map(\.name.count).max() ?? 0
        var lines = ["\(type.name): \(type.summary)", "", "Fields:"]
        lines += type.fields.map { "  ." + $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "(\($0.type)) \($0.doc)" }
        if let more = type.more { lines += ["", more.prefix(1).uppercased() + more.dropFirst() + "."] }
        return lines.joined(separator: "\n")
    }
}
