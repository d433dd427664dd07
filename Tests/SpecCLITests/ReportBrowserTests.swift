import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium (the Debian package `chromium`, which `scripts/test` installs), to render report pages.
enum Chromium {
    /// Set to 1 to skip the browser tests on a machine without Chromium (CI runs scripts/test, which installs it).
    static let skipVariable = "SPEC_SKIP_BROWSER_TESTS"
    static var skipped: Bool { ProcessInfo.processInfo.environment[skipVariable] == "1" }

    /// The browser on PATH, if any.
    static var executable: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// Renders `page` to a PNG screenshot of `width` × `height` CSS pixels, offline, with a private profile;
    /// kills the browser after `timeout` seconds. Returns the browser's exit status.
    static func screenshot(_ browser: URL, page: URL, to png: URL, width: Int, height: Int, timeout: Double = 90) throws -> Int32 {
        let profile = png.deletingLastPathComponent().appendingPathComponent("chromium-profile")
        let process = Process()
        process.executableURL = browser
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--disable-extensions", "--disable-dev-shm-usage", "--user-data-dir=\(profile.path)",
                             "--window-size=\(width),\(height)", "--screenshot=\(png.path)", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { kill(process.processIdentifier, SIGKILL); break }
            usleep(20_000)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite("a notebook report renders in headless Chromium")
struct ReportBrowserTests {
    /// Two cells, the second drawing a spectrum plot without a path (a numbered figure the report embeds).
    static let notebook = """
        #%% Data
        let data = toyset(res: 32, count: 6, seed: 1)
        print("images:", data.count)
        #%% Spectrum
        let noise = rand([6, 3, 32, 32], low: -1, high: 1)
        plot_spectrum(data, {noise: noise}, title: "Toy set against noise")
        """

    /// Reads the screenshot with spec itself: the share of non-white pixels, and the pixels in the colours of the
    /// plot's lines (matplotlib's C1 orange for the prediction, C0 blue for the dashed ground truth).
    static let measure = """
        let img = load_png("shot.png")
        let r = img[0]
        let g = img[1]
        let b = img[2]
        let inked = item(mean((r < 0.9) + (g < 0.9) + (b < 0.9) > 0))
        let orange = item(sum((r > 0.7) * (g > -0.3) * (g < 0.3) * (b < -0.6)))
        let blue = item(sum((r < -0.5) * (g > -0.3) * (g < 0.2) * (b > 0.2)))
        print(inked, orange, blue, img.shape[1], img.shape[2])
        """

    @Test("spec run --report writes a page that Chromium shows with its cells and the figure",
          .disabled(if: Chromium.skipped, "\(Chromium.skipVariable)=1"), .timeLimit(.minutes(3)))
    func reportRenders() throws {
        guard let browser = Chromium.executable else {
            Issue.record("chromium is not installed: run scripts/test, which installs it (scripts/setup --for-tests), or set \(Chromium.skipVariable)=1 to skip this test")
            return
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.notebook)
        let run = try SpecExecutable.run(["run", "nb.spec", "--report", "out.html"], in: folder.url, timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: folder.url.appendingPathComponent("out.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<section class=\"cell\"").count == 3)
        #expect(html.contains("<figcaption>Toy set against noise</figcaption>"))
        #expect(html.contains("images: 6") && html.contains("data:image/png;base64,"))

        let shot = folder.url.appendingPathComponent("shot.png")
        let status = try Chromium.screenshot(browser, page: folder.url.appendingPathComponent("out.html"), to: shot, width: 1100, height: 1700)
        #expect(status == 0 && FileManager.default.fileExists(atPath: shot.path), "chromium exited with \(status) and no screenshot")
        try folder.write("measure.spec", Self.measure)
        let measured = try SpecExecutable.run(["run", "measure.spec"], in: folder.url)
        let numbers = measured.stdout.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard measured.status == 0, numbers.count == 5 else {
            Issue.record("cannot measure the screenshot: \(measured.stdout) \(measured.stderr)")
            return
        }
        let (inked, orange, blue) = (numbers[0], numbers[1], numbers[2])
        #expect(numbers[3] == 1700 && numbers[4] == 1100, "screenshot is \(numbers[4])×\(numbers[3])")
        #expect(inked > 0.03 && inked < 0.6, "the page is \(inked * 100)% non-white")
        #expect(orange > 500, "the prediction's orange line shows as \(orange) pixels")
        #expect(blue > 200, "the ground truth's blue line shows as \(blue) pixels")
    }

    /// A notebook as a researcher writes one: an introduction, four cells (so a table of contents), a testbed run
    /// with its evaluations' figures, and a plot of the run.
    static let longNotebook = """
        # Spectrum of a tiny generator.
        #
        # One short run and its figure.
        #%% Data
        let data = toyset(res: 16, count: 2, seed: 1)
        #%% Model
        let g = pggan_generator(res: 16, z_dim: 8, divide: 64)
        #%% Train
        let run = generator_testbed(g, data, steps: 6, eval_every: 2, batch: 2, print_every: 2)
        #%% Figure
        for name in ["error"] { print(name) }
        plot_spectrum_error(run, title: "Error of the tiny run")
        """

    /// Per third of the screenshot (top to bottom): the share of non-white pixels; then the pixels in the keyword colour.
    static let measureThirds = """
        let img = load_png("shot.png")
        let inked = (img[0] < 0.9) + (img[1] < 0.9) + (img[2] < 0.9) > 0
        let h = img.shape[1]
        let third = int(h / 3)
        let parts = [item(mean(inked[:third])), item(mean(inked[third:2 * third])), item(mean(inked[2 * third:]))]
        let purple = item(sum((img[0] > 0.1) * (img[0] < 0.5) * (img[1] < -0.5) * (img[2] > 0.1) * (img[2] < 0.5)))
        print(parts[0], parts[1], parts[2], purple)
        """

    @Test("a report reads like a notebook: introduction, contents, highlighted code, runs folded to one line, captions, every run listed",
          .disabled(if: Chromium.skipped, "\(Chromium.skipVariable)=1"), .timeLimit(.minutes(4)))
    func reportReadsLikeANotebook() throws {
        guard let browser = Chromium.executable else {
            Issue.record("chromium is not installed: run scripts/test, which installs it (scripts/setup --for-tests), or set \(Chromium.skipVariable)=1 to skip this test")
            return
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("nb.spec", Self.longNotebook)
        let first = try SpecExecutable.run(["run", "nb.spec", "--set", "steps=4"], in: folder.url, timeout: 120)
        #expect(first.status != 0 && first.stderr.contains("--set steps"), "steps is not a top-level let: \(first.stderr)")
        _ = try SpecExecutable.run(["run", "nb.spec"], in: folder.url, timeout: 120)
        let run = try SpecExecutable.run(["run", "nb.spec", "--report", "out.html"], in: folder.url, timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("holds an earlier run, kept; this run writes to"))
        let html = try String(contentsOf: folder.url.appendingPathComponent("out.html"), encoding: .utf8)
        #expect(html.contains("<p class=\"intro\">Spectrum of a tiny generator.</p>"))
        #expect(html.contains("<nav class=\"contents\"><ol><li><a href=\"#cell-1\">Data</a></li>"))
        #expect(html.contains("<span class=\"kw\">let</span> data = <span class=\"fn\">toyset</span>"))
        #expect(html.contains("<summary>2 runs of this notebook</summary>"))
        #expect(html.components(separatedBy: "<details class=\"run\">").count == 2)
        #expect(html.contains("<summary>generator_testbed: step 6, 6 steps in"))
        #expect(html.contains("<figcaption>Error of the tiny run</figcaption>"))
        #expect(!html.contains("<h2>Cell 1"), "the introduction is not a cell")

        let shot = folder.url.appendingPathComponent("shot.png")
        let status = try Chromium.screenshot(browser, page: folder.url.appendingPathComponent("out.html"), to: shot, width: 1100, height: 3000)
        #expect(status == 0 && FileManager.default.fileExists(atPath: shot.path), "chromium exited with \(status) and no screenshot")
        try folder.write("measure.spec", Self.measureThirds)
        let measured = try SpecExecutable.run(["run", "measure.spec"], in: folder.url)
        let numbers = measured.stdout.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        guard measured.status == 0, numbers.count == 4 else {
            Issue.record("cannot measure the screenshot: \(measured.stdout) \(measured.stderr)")
            return
        }
        // The page is short because the run's eleven figures are folded away: the top third holds the text and the
        // plot, the bottom third is empty. The keywords are coloured.
        #expect(numbers[0] > 0.02, "the top third is \(numbers[0] * 100)% inked")
        #expect(numbers[2] < 0.001, "the bottom third is \(numbers[2] * 100)% inked: the run's figures are not folded")
        #expect(numbers[3] > 30, "keywords show in \(numbers[3]) purple pixels")
    }
}
