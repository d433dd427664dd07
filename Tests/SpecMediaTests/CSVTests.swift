import Foundation
import Testing
import SpecTensor
@testable import SpecMedia

@Suite("CSV export")
struct CSVTests {
    @Test func columnsWithHeader() throws {
        let text = try CSV.text(columns: [("step", [0, 100, 200]), ("loss, D", [0.5, .nan, 1e-20])])
        #expect(text == "step,\"loss, D\"\n0,0.5\n100,nan\n200,1e-20\n")
        #expect(throws: MediaError.self) { try CSV.text(columns: [("a", [1]), ("b", [1, 2])]) }
        #expect(throws: MediaError.self) { try CSV.text(columns: []) }
    }

    @Test func tensorsOfRankOneAndTwo() throws {
        #expect(try CSV.text(Tensor([0.1, 2, -.infinity])) == "value\n0.1\n2\n-inf\n")
        let matrix = try Tensor(shape: [2, 3], scalars: [1, 2.5, 3, 4, 5, 6.25])
        #expect(try CSV.text(matrix) == "c0,c1,c2\n1,2.5,3\n4,5,6.25\n")
        #expect(try CSV.text(matrix, header: ["a", "b", "c"]).hasPrefix("a,b,c\n"))
        #expect(throws: MediaError.self) { try CSV.text(matrix, header: ["a"]) }
        #expect(throws: MediaError.self) { try CSV.text(Tensor.zeros([1, 1, 1])) }
    }

    @Test func writesFiles() throws {
        let path = try outputDirectory("csv").appendingPathComponent("spectrum.csv").path
        let spectrum = SampleData.realSpectrum()
        let x = spectrum.mean.indices.map { Double($0) / Double(spectrum.mean.count - 1) }
        try CSV.write(columns: [("f/f_nyq", x), ("mean", spectrum.mean), ("std", spectrum.std ?? [])], to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 47 && lines[0] == "f/f_nyq,mean,std")
        #expect(lines[46].hasPrefix("1,") && Double(lines[1].split(separator: ",")[1]) == spectrum.mean[0])
        #expect(throws: MediaError.self) { try CSV.write(Tensor([1]), to: "/nonexistent/dir/x.csv") }
    }
}
