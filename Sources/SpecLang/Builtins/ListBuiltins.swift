import SpecSyntax

/// Python's helpers for sequences: zip, enumerate, map, filter, sorted, and a record's items and values. Every
/// sequence argument takes what a `for` loop visits (a list, a record's keys, a string's characters, a tensor's rows).
enum ListBuiltins {
    static func register(_ r: BuiltinRegistry) {
        r.add(Builtin("zip", topic: .collections, [.init("sequences", .any, variadic: true, "two or more sequences")],
                      summary: "Pairs (triples, …) of the items at the same position, as long as the shortest sequence.",
                      example: "for name, value in zip([\"a\", \"b\"], [1, 2]) { print(name, value) }") { args in
            let sequences = try args.list("sequences").map { try items($0, args, "sequences") }
            let n = sequences.map(\.count).min() ?? 0
            return list((0..<n).map { i in list(sequences.map { $0[i] }) })
        })
        r.add(Builtin("enumerate", topic: .collections, [.init("sequence", .any, "a sequence"),
                                                         .init("start", .integer, default: .number(0), keywordOnly: true, "the first position")],
                      summary: "[position, item] pairs.", example: "for i, mode in enumerate([\"avg\", \"stride\"]) { print(i, mode) }") { args in
            let start = try args.int("start")
            return list(try items(args.value("sequence"), args, "sequence").enumerated().map { list([.number(Double(start + $0.offset)), $0.element]) })
        })
        r.add(Builtin("map", topic: .collections, [.init("f", .function, "a function of one item"), .init("sequence", .any, "a sequence")],
                      summary: "f applied to every item, as a list (a list comprehension [f(x) for x in xs] says the same).",
                      example: "map(fn (x) { return x * 2 }, [1, 2, 3])") { args in
            list(try items(args.value("sequence"), args, "sequence").map { try args.call("f", [$0]) })
        })
        r.add(Builtin("filter", topic: .collections, [.init("f", .function, "a function of one item giving true or false"), .init("sequence", .any, "a sequence")],
                      summary: "The items for which f is true, as a list.", example: "filter(fn (x) { return x > 1 }, [1, 2, 3])") { args in
            list(try items(args.value("sequence"), args, "sequence").filter { try args.call("f", [$0]).truthValue(at: args.spanOf("f")) })
        })
        r.add(Builtin("sorted", topic: .collections, [
            .init("sequence", .any, "numbers, strings, or lists of them (compared item by item)"),
            .init("key", .function, default: .nil, keywordOnly: true, "a function giving the value to sort an item by"),
            .init("reverse", .bool, default: .bool(false), keywordOnly: true, "largest first"),
        ], summary: "A sorted copy, in increasing order (stable: equal items keep their order).",
           example: "sorted(items({b: 2, a: 3}), key: fn (kv) { return kv[1] }, reverse: true)") { args in
            let values = try items(args.value("sequence"), args, "sequence")
            let keys = args.isNil("key") ? values : try values.map { try args.call("key", [$0]) }
            let reverse = try args.bool("reverse")
            let order = try keys.indices.sorted { i, j in
                let (a, b) = reverse ? (keys[j], keys[i]) : (keys[i], keys[j])
                if try Ordering.less(a, b, args) { return true }
                return try !Ordering.less(b, a, args) && i < j  // equal keys keep their order, also when reversed
            }
            return list(order.map { values[$0] })
        })
        r.add(Builtin("items", topic: .collections, [.init("record", .record, "a record")],
                      summary: "The [key, value] pairs of a record, in insertion order.", example: "for k, v in items({a: 1, b: 2}) { print(k, v) }") { args in
            list(try args.record("record").entries.map { list([.string($0.0), $0.1]) })
        })
        r.add(Builtin("values", topic: .collections, [.init("record", .record, "a record")],
                      summary: "The values of a record, in insertion order.", example: "values({a: 1, b: 2})") { args in
            list(try args.record("record").entries.map(\.1))
        })
    }

    static func list(_ items: [Value]) -> Value { .list(ListRef(items)) }

    /// The items of a sequence argument, as `for` visits them.
    static func items(_ v: Value, _ args: Arguments, _ name: String) throws -> [Value] {
        try args.interpreter.iterate(v, at: args.spanOf(name))
    }
}

/// The order `sorted`, `min` and `max` use: numbers by value, strings alphabetically, lists item by item.
enum Ordering {
    static func less(_ a: Value, _ b: Value, _ args: Arguments) throws -> Bool {
        switch (a.resolvingParameters, b.resolvingParameters) {
        case let (.number(x), .number(y)): return x < y
        case let (.string(x), .string(y)): return x < y
        case let (.bool(x), .bool(y)): return !x && y
        case let (.list(x), .list(y)):
            for (p, q) in zip(x.items, y.items) {
                if try less(p, q, args) { return true }
                if try less(q, p, args) { return false }
            }
            return x.items.count < y.items.count
        case let (.tensor(t), _) where t.count == 1: return try less(.number(Double(t.scalars[0])), b, args)
        case let (_, .tensor(t)) where t.count == 1: return try less(a, .number(Double(t.scalars[0])), args)
        default:
            throw args.error("", "cannot order \(Printer.describeType(a)) and \(Printer.describeType(b))", kind: .type)
        }
    }
}
