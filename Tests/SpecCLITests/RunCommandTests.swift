import Foundation
import Testing

/// `spec run`, `spec check`, `spec help` and piped scripts, through the built executable.
struct RunCommandTests {
    @Test func successExitsZero() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("ok.spec", "let x = 2\nprint(x * 21)\n")
        let run = try SpecExecutable.run(["run", "ok.spec"], in: folder.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "42\n")
    }

    @Test func scriptErrorExitsOneWithALocation() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("bad.spec", "let x = 1\nlet y = x + nosuch\n")
        let run = try SpecExecutable.run(["run", "bad.spec"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.spec:2:13:"), "\(run.stderr)")
        #expect(run.stderr.contains("unknown name 'nosuch'"))
    }

    @Test(arguments: [["run"], ["run", "x.spec", "--no-such-option"], ["run", "missing.spec"], ["no-such-command"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("x.spec", "1\n")
        let run = try SpecExecutable.run(arguments, in: folder.url)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func setOverridesATopLevelLet() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("steps.spec", "let steps = 1000\nlet name = \"full\"\nprint(name, steps)\n")
        let run = try SpecExecutable.run(["run", "steps.spec", "--set", "steps=3", "--set", "name=\"quick\""], in: folder.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "quick 3\n")
    }

    @Test func setTakesABareWordForAStringBinding() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("mode.spec", "let mode = \"avg\"\nlet steps = 10\nprint(mode, steps)\n")
        let words = try SpecExecutable.run(["run", "mode.spec", "--set", "mode=stride"], in: folder.url)
        #expect(words.stdout == "stride 10\n", "\(words.stderr)")
        let number = try SpecExecutable.run(["run", "mode.spec", "--set", "steps=lots"], in: folder.url)
        #expect(number.status == 1)
        #expect(number.stderr.contains("--set steps=lots: 'lots' is not a value; a string needs quotes: --set 'steps=\"lots\"'"), "\(number.stderr)")
    }

    @Test func setOfAnUnknownNameFails() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("steps.spec", "let steps = 1000\nprint(steps)\n")
        let run = try SpecExecutable.run(["run", "steps.spec", "--set", "stpes=3"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("no top-level 'let stpes"), "\(run.stderr)")
        #expect(run.stderr.contains("did you mean 'steps'"))
        #expect(run.stdout.isEmpty)
    }

    @Test func pipedScriptRuns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let run = try SpecExecutable.run([], in: folder.url, input: "let a = [1, 2, 3]\nprint(len(a) + 1)\n")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "4\n")
        let failing = try SpecExecutable.run([], in: folder.url, input: "print(1)\nundefined_thing\n")
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("<stdin>:2:1:"), "\(failing.stderr)")
    }

    @Test func interactiveRunReadsPipedEntries() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("setup.spec", "let base = 10\n")
        let input = "for i in range(2) {\n  print(base + i)\n}\n:vars\n:time base * 2\n:frob\nmissing_name\nbase - 1\n:quit\nprint(\"not reached\")\n"
        let run = try SpecExecutable.run(["run", "-i", "setup.spec"], in: folder.url, input: input, environment: ["HOME": folder.url.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("10\n11\nbase  number  10\n20\ntime: "), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("9\n"), "\(run.stdout)")
        #expect(run.stderr.contains("unknown command ':frob'"))
        #expect(run.stderr.contains("<input 3>:1:1: name error: unknown name 'missing_name'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(".spec_history").path),
                "piped entries are not history")
    }

    @Test func checkReportsUnknownNamesWithoutRunning() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("typo.spec", "print(\"ran\")\nlet d = zeroes([2])\n")
        let bad = try SpecExecutable.run(["check", "typo.spec"], in: folder.url)
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty, "check must not run the script")
        #expect(bad.stderr.contains("typo.spec:2:9:"), "\(bad.stderr)")
        #expect(bad.stderr.contains("zeros"))
        try folder.write("good.spec", "let d = zeros([2])\nprint(d)\n")
        let good = try SpecExecutable.run(["check", "good.spec"], in: folder.url)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("ok"))
    }

    @Test func helpExplainsABuiltin() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let help = try SpecExecutable.run(["help", "conv2d"], in: folder.url)
        #expect(help.status == 0)
        #expect(help.stdout.contains("conv2d("))
        #expect(help.stdout.contains("padding"))
        let subcommand = try SpecExecutable.run(["help", "run"], in: folder.url)
        #expect(subcommand.status == 0 && subcommand.stdout.contains("--set") && subcommand.stdout.contains("Run a .spec script"), "\(subcommand.stdout)")
        let type = try SpecExecutable.run(["help", "optimizer"], in: folder.url)
        #expect(type.status == 0 && type.stdout.contains(".weight_decay"), "\(type.stdout)")
        let unknown = try SpecExecutable.run(["help", "conv2"], in: folder.url)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("did you mean 'conv' or 'conv2d'"), "\(unknown.stderr)")
    }

    @Test func scriptsWriteOnlyUnderTheirOutputFolder() throws {
        let folder = try TemporaryFolder(), outside = try TemporaryFolder()
        defer { folder.remove(); outside.remove() }
        let target = outside.url.appendingPathComponent("escaped.npy").path
        try folder.write("escape.spec", "save_npy(zeros([2]), \"\(target)\")\n")
        let refused = try SpecExecutable.run(["run", "escape.spec"], in: folder.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("may not write"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-path"))
        #expect(!FileManager.default.fileExists(atPath: target))

        let allowed = try SpecExecutable.run(["run", "escape.spec", "--allow-path", outside.url.path], in: folder.url)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(FileManager.default.fileExists(atPath: target))

        try folder.write("inside.spec", "save_npy(zeros([2]), \"inside.npy\")\n")
        let inside = try SpecExecutable.run(["run", "inside.spec"], in: folder.url)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("runs/inside/inside.npy").path))
    }
}
