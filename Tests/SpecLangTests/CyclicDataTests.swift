import Foundation
import Testing
import SpecLang
import SpecSyntax

/// Lists and records that contain themselves, and nesting 100000 deep: compared, converted, printed and freed
/// without recursion on the native stack (each of these used to crash spec).
struct CyclicDataTests {
    @Test("self-containing lists and records compare, print and refuse to become tensors or CSV")
    func cycles() throws {
        let s = Session()
        try s.run("""
            let l = [1]
            append(l, l)
            let m = [1]
            append(m, m)
            let r = {a: 1}
            r.self = r
            let q = {a: 1}
            q.self = q
            """)
        #expect(try s.run("l == m").map(Printer.plain) == "true")
        #expect(try s.run("r == q").map(Printer.plain) == "true")
        #expect(try s.run("l == [1, [1]]").map(Printer.plain) == "false")
        #expect(try s.run("str(l)").map(Printer.plain)?.contains("…") == true)
        for source in ["tensor(l)", "save_csv({x: l}, \"c.csv\")"] {
            do {
                try s.run(source)
                Issue.record("\(source) worked")
            } catch let e as SpecError {
                #expect(e.message.contains("contain itself") || e.message.contains("list of numbers"), "\(source): \(e.message)")
            }
        }
    }

    @Test("nesting 100000 deep: equality, conversion, show and the teardown when the session ends")
    func deepNesting() throws {
        do {
            let s = Session()
            try s.run("""
                let a = []
                for i in range(100000) { a = [a] }
                let b = []
                for i in range(100000) { b = [b] }
                let rec = {}
                for i in range(100000) { rec = {inner: rec} }
                """)
            #expect(try s.run("a == b").map(Printer.plain) == "true")
            #expect(try s.run("str(rec)").map(Printer.plain)?.hasPrefix("{inner: {inner:") == true)
            do {
                try s.run("tensor(a)")
                Issue.record("a 100000-deep list became a tensor")
            } catch let e as SpecError {
                #expect(e.message.contains("nests deeper"))
            }
        }  // the session and its 100000-deep values are freed here
    }
}
