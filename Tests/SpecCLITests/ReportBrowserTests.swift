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
        #expect(html.components(separatedBy: "<section class=\"cell\">").count == 3)
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
}
