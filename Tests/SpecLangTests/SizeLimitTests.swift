import Foundation
import Testing
import SpecLang
import SpecSyntax
import SpecTensor

/// Sizes from user input never overflow an integer or abort an allocation: each of these used to crash spec
/// (issue: "No input can crash spec"); now each is an error at its place. A crash here ends the test process, so
/// a regression cannot pass silently.
struct SizeLimitTests {
    @Test("integer overflows and allocations beyond the memory limit are errors with a place", arguments: [
        "zeros([999999999, 999999999, 999999999])",
        "reshape(randn([6]), [4294967296, 4294967296, 0])",
        "conv2d(randn([1, 3, 8, 8]), randn([4, 3, 3, 3]), padding: 1000000000000)",
        "image_grid(randn([2, 3, 4, 4]), padding: 1000000000)",
        "direct_generator(1e9, 1e9)",
        "zeros([100000, 100000, 100])",
        "ones([100000, 100000])",
        "linspace(0, 1, 1e13)",
        "pggan_discriminator(res: 8, divide: 64, classes: 1e12)",
        "mlp(input: 100000, output: 100000, width: 100000, hidden: 1)",
        "mlp(input: 2, output: 1, hidden: 1e9)",
        "zeros([500000, 1]) @ zeros([1, 500000])",
        "zeros([300000, 1]) + zeros([1, 300000])",
        "repeat(zeros([100000]), [100000, 1])",
        "let l = [1, 2]\nfor i in range(10) { l = l * 1000 }",
        "let l = [1, 2] * 1000000\nfor i in range(64) { l = l + l }",
        "let s = \"ab\"\nfor i in range(64) { s = \"\\(s)\\(s)\" }",
        "pad(zeros([1, 1]), [999999999999, 999999999999])",
        "arange(0, 1e14)",
    ])
    func refused(source: String) throws {
        guard let e = failure(source) else { return }
        #expect(e.span != nil, "\(source): \(e.message)")
        #expect(e.message.contains("memory limit") || e.message.contains("2^") || e.message.contains("at most")
                || e.message.contains("cannot reshape") || e.message.contains("elements") || e.message.contains("whole numbers"), "\(source): \(e.message)")
    }

    @Test(".npy headers with impossible shapes are refused; an empty tensor of huge shape cannot be summed into memory")
    func npyHeaders() throws {
        let s = Session()
        func write(_ name: String, shape: String) throws {
            var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
            while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
            header += "\n"
            var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
            bytes += Array(header.utf8)
            try Data(bytes).write(to: s.folder.appendingPathComponent(name))
        }
        try write("huge.npy", shape: "(4294967296, 4294967296)")
        try write("long.npy", shape: "(4611686018427387904,)")
        try write("empty.npy", shape: "(0, 4294967296, 4294967296)")
        for name in ["huge", "long"] {
            do {
                try s.run("load_npy(\"\(s.folder.path)/\(name).npy\")")
                Issue.record("\(name).npy loaded")
            } catch let e as SpecError {
                #expect(e.message.contains("data bytes"), "\(e.message)")
            }
        }
        try s.run("let x = load_npy(\"\(s.folder.path)/empty.npy\")")
        do {
            try s.run("sum(x, axis: 0)")
            Issue.record("summing into a (4294967296, 4294967296) tensor worked")
        } catch let e as SpecError {
            #expect(e.message.contains("memory limit"), "\(e.message)")
        }
    }

    @Test("memory_limit() reads and sets the limit; SPEC_MEMORY_LIMIT's forms parse")
    func limitSetting() throws {
        #expect(AllocationLimit.parse("8G") == 8 << 30 && AllocationLimit.parse("512M") == 512 << 20 && AllocationLimit.parse("4096") == 4096)
        #expect(AllocationLimit.parse("lots") == nil && AllocationLimit.parse("-1G") == nil)
        let s = Session()
        #expect(try s.number("memory_limit()") > 0)
        guard let e = failure("memory_limit(-1)") else { return }
        #expect(e.message.contains("positive"))
    }
}
