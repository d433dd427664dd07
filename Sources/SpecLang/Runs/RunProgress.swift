import Foundation

/// The progress of a training loop: on a terminal one line rewritten in place (step, losses, steps/s, ETA),
/// at most ten times a second; otherwise a plain line every `printEvery` iterations through the session's output.
final class RunProgress {
    private let name: String
    private let target: Int
    private let printEvery: Int
    private let output: (String) -> Void
    private let terminal: Bool
    private let startStep: Int
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(name: String, from startStep: Int, to target: Int, printEvery: Int, output: @escaping (String) -> Void,
         terminal: Bool = isatty(STDOUT_FILENO) != 0) {
        self.name = name
        self.startStep = startStep
        self.target = target
        self.printEvery = printEvery
        self.output = output
        self.terminal = terminal
    }

    /// Training iterations per second since this session of training began.
    func stepsPerSecond(at step: Int) -> Double {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return seconds > 0 ? Double(step - startStep) / seconds : 0
    }

    func update(step: Int, losses: [(String, Float)]) {
        let now = DispatchTime.now().uptimeNanoseconds
        if terminal {
            guard now - lastDraw > 100_000_000 || step == target else { return }
            lastDraw = now
            FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line(step: step, losses: losses)).utf8))
            drawn = true
        } else if step % printEvery == 0 || step == target {
            output(line(step: step, losses: losses))
        }
    }

    /// Clears the in-place line, so that what follows starts on a clean line.
    func finish() {
        if drawn { FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }

    func line(step: Int, losses: [(String, Float)]) -> String {
        let rate = stepsPerSecond(at: step)
        let eta = rate > 0 ? Self.duration(Double(target - step) / rate) : "?"
        let values = losses.map { "\($0.0) \(String(format: "%.4f", $0.1))" }.joined(separator: "  ")
        return "\(name) step \(step)/\(target)  \(values)  \(String(format: "%.2f", rate)) steps/s  ETA \(eta)"
    }

    /// 42s, 3m05s, 1h02m.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
