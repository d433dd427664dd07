import Testing
import SpecLang
import SpecSyntax
import SpecTensor

/// How values print: tensors NumPy-style, lists and records in full up to the threshold, one-element tensors as
/// numbers in text, `print_options`, and reductions of plain lists.
@Suite("Printing")
struct PrintingTests {
    /// The lines a script prints.
    func printed(_ source: String) throws -> String { try run(source).output.joined(separator: "\n") }

    @Test func tensorsPrintNumPyStyle() throws {
        #expect(try printed("print(tensor([[1, 2], [3, 4]]))") == "tensor([[1, 2],\n        [3, 4]])")
        #expect(try printed("print(tensor([0.5, -1.25, 3]))") == "tensor([ 0.50, -1.25,  3.00])")
        #expect(try printed("print(tensor([1e-5, 1, 100]))") == "tensor([1.0e-05, 1.0e+00, 1.0e+02])")
        #expect(try printed("print(tensor([1, 2]) / 3)") == "tensor([0.3333, 0.6667])")
        #expect(try printed("print(tensor([1, -2]) / 0, tensor([1, 0]) / 0, tensor([0.5, 1]) / tensor([1, 0]))")
                == "tensor([ inf, -inf]) tensor([inf, nan]) tensor([0.5, inf])")
        #expect(try printed("print(reshape(arange(8), [2, 2, 2]))") == """
            tensor([[[0, 1],
                     [2, 3]],

                    [[4, 5],
                     [6, 7]]])
            """)
        #expect(try printed("print(tensor([]), zeros([2, 0]))") == "tensor([]) tensor([], shape: (2, 0))")
    }

    @Test func longTensorsElideTheMiddleOfEveryAxis() throws {
        #expect(try printed("print(arange(2000))") == "tensor([   0,    1,    2, …, 1997, 1998, 1999])")
        #expect(try printed("print(reshape(arange(2000), [100, 20]))") == """
            tensor([[   0,    1,    2, …,   17,   18,   19],
                    [  20,   21,   22, …,   37,   38,   39],
                    [  40,   41,   42, …,   57,   58,   59],
                    …,
                    [1940, 1941, 1942, …, 1957, 1958, 1959],
                    [1960, 1961, 1962, …, 1977, 1978, 1979],
                    [1980, 1981, 1982, …, 1997, 1998, 1999]])
            """)
        // Up to the threshold every value prints, rows wrapped at the line width under their first value.
        let wrapped = try printed("print(arange(1000))").split(separator: "\n")
        #expect(wrapped.count > 10 && wrapped.allSatisfy { $0.count <= 80 })
        #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix("        ") } && Set(wrapped.dropLast().map(\.count)).count == 1, "columns")
        #expect(wrapped.last?.hasSuffix("999])") == true)
    }

    @Test func printOptionsSetTheLimits() throws {
        #expect(try printed("print(print_options())") == "{threshold: 1000, edgeitems: 3, precision: 4, linewidth: 80}")
        #expect(try printed("print_options(threshold: 5, edgeitems: 1, precision: 2)\nprint(arange(10), tolist(arange(10)), tensor([1, 2]) / 3)")
                == "tensor([0, …, 9]) [0, …, 9] tensor([0.33, 0.67])")
        #expect(try printed("print_options(linewidth: 20)\nprint(arange(9))") == "tensor([0, 1, 2, 3,\n        4, 5, 6, 7,\n        8])")
        #expect(try printed("print(print_options(precision: 6).precision)") == "6")
        #expect(try #require(failure("print_options(edgeitems: 0)")).message.contains("'edgeitems' must be between 1 and 1000, got 0"))
        #expect(try #require(failure("print_options(threshold: 1.5)")).message.contains("'threshold' must be an integer"))
        // Each session keeps its own settings.
        #expect(try printed("print(arange(10))") == "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])")
    }

    @Test func listsAndRecordsPrintInFullUpToTheThreshold() throws {
        #expect(try printed("print(tolist(arange(20)))") == "[" + (0..<20).map(String.init).joined(separator: ", ") + "]")
        #expect(try printed("print(tolist(arange(1500)))") == "[0, 1, 2, …, 1497, 1498, 1499]")
        #expect(try printed("let r = {}\nfor i in range(1200) { r[\"k\\(i)\"] = i }\nprint(r)") == "{k0: 0, k1: 1, k2: 2, …, k1197: 1197, k1198: 1198, k1199: 1199}")
        #expect(try printed("print([1, \"a\", {b: nil, \"two words\": true}])") == "[1, \"a\", {b: nil, \"two words\": true}]")
        #expect(try printed("let l = [1]\nappend(l, l)\nprint(l)") == "[1, […]]")
        // A tensor inside keeps its columns, and counts towards the threshold.
        #expect(try printed("print({w: tensor([[1, 2], [3, 4]]), b: 0})") == "{w: tensor([[1, 2],\n            [3, 4]]), b: 0}")
        #expect(try printed("print([arange(600), arange(600)])") == "[tensor([  0,   1,   2, …, 597, 598, 599]), tensor([  0,   1,   2, …, 597, 598, 599])]")
    }

    @Test func oneElementTensorsAreNumbersInText() throws {
        #expect(try printed("let x = tensor([1, 2])\nprint(str(mean(x)), \"m=\\(mean(x))\", mean(x), x[0:1])") == "1.5 m=1.5 1.5 1")
        #expect(try printed("print(str(sum(ones([2, 2]), keepdims: true)))") == "4")
        #expect(Convert.number(.tensor(Tensor([2.5]))) == 2.5)
        #expect(Convert.number(.tensor(Tensor([1, 2]))) == nil)
        #expect(Convert.number(.string("1")) == nil)
    }

    @Test func reductionsOfListsAreNumbers() throws {
        #expect(try number("sum([1, 2, 3])") == 6)
        #expect(try number("mean([1, 2])") == 1.5)
        #expect(try number("max([1, 5, 2])") == 5)
        #expect(try number("min([[4, 3], [1, 2]])") == 1)
        #expect(try number("std([1, 3], unbiased: false)") == 1)
        #expect(try number("argmax([1, 5, 2], 0)") == 1)
        #expect(try number("sum(3)") == 3)
        guard case .tensor(let columns)? = try run("sum([[1, 2], [3, 4]], axis: 0)").value else { Issue.record("not a tensor"); return }
        #expect(columns.scalars == [4, 6])
        guard case .tensor(let total)? = try run("sum(tensor([1, 2, 3]))").value else { Issue.record("a tensor's sum must stay a tensor"); return }
        #expect(total.scalars == [6])
    }

    @Test func oneLineAndSummaryForms() throws {
        let big = Value.tensor(try Tensor(shape: [64, 64], scalars: (0..<4096).map(Float.init)))
        #expect(Printer.short(big) == "tensor of shape (64, 64)")
        #expect(Printer.short(.tensor(Tensor((0..<100).map(Float.init)))) == "tensor([ 0,  1,  2, …, 97, 98, 99])")
        #expect(Printer.short(.tensor(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))) == "tensor([[1, 2], [3, 4]])")
        let summary = Printer.summary(big).split(separator: "\n")
        #expect(summary.first == "tensor (64, 64)  min 0  max 4095  mean 2047.5  std 1182.41")
        #expect(summary.dropFirst().first == "tensor([[   0,    1,    2, …,   61,   62,   63],")
        #expect(summary.count == 8)
        #expect(Printer.summary(.tensor(Tensor(3))) == "tensor(3)")
    }
}
