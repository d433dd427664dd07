import Foundation
import Testing
@testable import SpecLang

/// The fields declared for completion, help and the reference are exactly the fields values answer.
struct ValueTypeTests {
    @Test("every declared field of every kind of value is answered, and values list no undeclared field")
    func declaredFieldsAreAnswered() throws {
        let s = Session()
        try s.run("""
            let t = randn([2, 3])
            let m = mlp(input: 2, output: 1)
            let mine = model({lin: linear(2, 1), forward: fn (self, x) { return self.lin(x) }})
            let p = param(ones([2]))
            let a = adam(m)
            let o = sgd(m, lr: 0.1)
            let data = toyset(res: 8, count: 2)
            let run = generator_testbed(pggan_generator(res: 8, z_dim: 4, divide: 64), data, steps: 1, batch: 2, eval_every: 1)
            """)
        let samples: [(type: String, names: [String], dynamic: Set<String>)] = [
            ("tensor", ["t"], []), ("model", ["m", "mine"], ["lin", "forward"]), ("parameter", ["p"], []),
            ("optimizer", ["a", "o"], []), ("dataset", ["data"], ["peaks", "frequencies"]), ("run", ["run"], ["generator"]),
        ]
        let registry = BuiltinRegistry.standard
        for (typeName, names, dynamic) in samples {
            let type = try #require(registry.type(named: typeName), "\(typeName) is not declared")
            for name in names {
                let value = try #require(try s.run(name))
                // Optimisers answer the fields of their kind only; every other value answers all.
                let answered = type.fieldNames.filter { field in (try? s.run("\(name).\(field)")) != nil }
                if typeName != "optimizer" { #expect(answered == type.fieldNames, "\(name): \(Set(type.fieldNames).subtracting(answered))") }
                #expect(answered.count >= 5, "\(name) answers too few of its declared fields")
                let listed = Set(Indexing.fieldNames(value))
                #expect(listed.subtracting(type.fieldNames).subtracting(dynamic).isEmpty, "\(name) lists \(listed.subtracting(type.fieldNames))")
            }
        }
        #expect(Set(registry.types.map(\.name)) == Set(samples.map(\.type)))
    }

    @Test("assigning into a computed field is an error; a record's fields take assignments")
    func readOnlyFields() throws {
        guard let e = failure("let x = zeros([2, 3])\nx.shape[0] = 5") else { return }
        #expect(e.message.contains("'shape'") && e.message.contains("read-only"), "\(e.message)")
        let s = Session()
        try s.run("let r = {a: [1, 2]}\nr.a[0] = 5")
        #expect(try s.run("r.a[0]").map(Printer.plain) == "5")
    }
}
