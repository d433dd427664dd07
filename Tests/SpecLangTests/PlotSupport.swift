import Foundation
import Testing
import SpecLang
import SpecSyntax
import SpecTensor

/// A stand-in for a testbed run: answers the fields plots read (`steps`, `spectra`, `spectra_std`, `real`,
/// `error`, `losses`) with small synthetic histories: three evaluations at steps 0, 10 and 20 of spectra of
/// `bins` bins falling as 1/f², the generated ones drifting towards the real one, and 20 iterations of two losses.
final class FakeRun: SpecObject, @unchecked Sendable {
    let bins: Int
    let steps = [0, 10, 20]

    init(bins: Int = 23) { self.bins = bins }

    var typeName: String { "run" }
    var fieldNames: [String] { ["steps", "spectra", "spectra_std", "real", "error", "losses", "kind"] }
    var summary: String { "fake run: evaluations at steps 0, 10, 20" }

    private func real(_ b: Int) -> Float { 1000 / Float((b + 1) * (b + 1)) }
    private func generated(_ row: Int, _ b: Int) -> Float { real(b) * (1 + Float(2 - row) * Float(b) / Float(bins)) }

    func field(_ name: String) throws -> Value? {
        let rows = steps.count
        switch name {
        case "steps": return .list(ListRef(steps.map { .number(Double($0)) }))
        case "spectra":
            return .tensor(try Tensor(shape: [rows, bins], scalars: (0..<rows).flatMap { r in (0..<bins).map { generated(r, $0) } }))
        case "spectra_std":
            return .tensor(try Tensor(shape: [rows, bins], scalars: (0..<rows).flatMap { r in (0..<bins).map { generated(r, $0) * 0.2 } }))
        case "real":
            let mean = Tensor((0..<bins).map(real)), std = Tensor((0..<bins).map { real($0) * 0.3 })
            return .record(RecordRef([("mean", .tensor(mean)), ("std", .tensor(std)), ("count", .number(10))]))
        case "error":
            return .tensor(try Tensor(shape: [rows, bins - 1], scalars: (0..<rows).flatMap { r in
                (1..<bins).map { min(generated(r, $0) / real($0) - 1, 1) }
            }))
        case "losses":
            let iterations = (1...20).map(Float.init)
            return .record(RecordRef([("step", .tensor(Tensor(iterations))),
                                      ("g_loss", .tensor(Tensor(iterations.map { 2 / $0 }))),
                                      ("d_loss", .tensor(Tensor(iterations.map { 0.7 + 0.01 * $0 })))]))
        case "kind": return .string("discriminator")
        default: return nil
        }
    }
}

/// An interpreter writing into a fresh output folder (as `spec run` would), with `run` and `run2` bound to fake
/// runs, recording what it prints and the files it reports.
final class PlotSession {
    let folder: URL
    let interpreter: Interpreter
    private(set) var output: [String] = []
    private(set) var written: [URL] = []

    init(terminal: InteractiveTerminal? = nil, fenced: Bool = true) {
        folder = URL(fileURLWithPath: FileManagerHelper.temporaryFolder())
        var unfenced = FileAccess.unrestricted
        unfenced.outputFolder = folder
        interpreter = Interpreter(files: fenced ? .script(at: nil, output: folder, allowed: []) : unfenced)
        interpreter.terminal = terminal
        interpreter.output = { [unowned self] in output.append($0) }
        interpreter.onFileWritten = { [unowned self] in written.append($0.url) }
        interpreter.define("run", .object(FakeRun()))
        interpreter.define("run2", .object(FakeRun()))
    }

    @discardableResult
    func run(_ source: String) throws -> Value? { try interpreter.run(source, name: "plots.spec") }

    func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    /// The error a script raises; records an issue when it raises none.
    func failure(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> SpecError? {
        do {
            try run(source)
            Issue.record("expected an error from: \(source)", sourceLocation: sourceLocation)
        } catch let e as SpecError {
            return e
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// Checks that a written PNG is a real picture: read back, it has dark and coloured pixels on white.
    func expectPicture(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let path = file(name).path
        #expect(FileManager.default.fileExists(atPath: path), "\(name) was not written", sourceLocation: sourceLocation)
        let stats = try run("""
            let img = load_png("\(path)")
            [item(mean(img)), item(min(img)), item(mean(img < 0.9)), img.shape[1], img.shape[2]]
            """)
        guard case .list(let l)? = stats, l.items.count == 5, case .number(let mean) = l.items[0], case .number(let minimum) = l.items[1],
              case .number(let inked) = l.items[2], case .number(let height) = l.items[3], case .number(let width) = l.items[4] else {
            Issue.record("cannot read \(name) back", sourceLocation: sourceLocation)
            return
        }
        #expect(width >= 400 && height >= 300, "\(name) is \(width)×\(height)", sourceLocation: sourceLocation)
        #expect(mean < 0.98 && minimum < -0.5, "\(name) looks blank (mean \(mean), min \(minimum))", sourceLocation: sourceLocation)
        #expect(inked > 0.01 && inked < 0.9, "\(name) has \(inked) non-white pixels", sourceLocation: sourceLocation)
    }
}
