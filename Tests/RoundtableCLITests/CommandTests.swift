import ArgumentParser
import Foundation
import RoundtableCLI
import Testing

/// The commands as users run them: the built binary, its output and its exit status.
@Suite struct CommandTests {
    static let exercise = """
        id: retro
        title: Tiny retro
        participants: { min: 2, max: 6 }
        roles:
          facilitator: per-exercise
          scribe: per-step
        steps:
          - id: check-in
            handler: round
            each: participant
            duration: 30s
          - id: talk
            handler: timebox
            duration: 5m
            instructions: "{{facilitator}} opens; {{scribe}} takes notes."
        """

    @Test func validateReportsFileLineAndColumnAndExits65() throws {
        let folder = try Binary.scratch()
        try folder.write("good.yaml", Self.exercise)
        try folder.write("bad.yaml", Self.exercise.replacingOccurrences(of: "handler: timebox", with: "handler: timebx"))
        let output = try Binary.run(["validate", folder.path])
        #expect(output.status == 65)
        #expect(output.stderr.contains("bad.yaml:13:14: error: unknown handler 'timebx'"))
        #expect(output.stderr.contains("did you mean 'timebox'?"))
        #expect(output.stderr.contains("2 files checked"))
        #expect(!output.stderr.contains("good.yaml:"))
    }

    /// An input that cannot be read must not look like input that ended at once: the
    /// session would then run by itself on its timers.
    @Test func anInputThatIsAFolderIsRefusedBeforeTheSessionStarts() throws {
        let folder = try Binary.scratch()
        let output = try Binary.run(["run", "check-in-round", "-p", "Ana,Ben", "--input", folder.path,
                                     "--sessions-dir", folder.appendingPathComponent("s").path])
        #expect(output.status == 64)
        #expect(output.stderr.contains("is a folder; give a file of typed lines"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
    }

    @Test func validateIsCleanOnTheLibrary() throws {
        let output = try Binary.run(["validate", "Exercises"])
        #expect(output.status == 0, "\(output.stderr)")
    }

    @Test func hostileFilesFailFastWithoutABacktrace() throws {
        let folder = try Binary.scratch()
        var laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1..<10 { laughs += "\(Character(UnicodeScalar(97 + level)!)): &\(Character(UnicodeScalar(97 + level)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + level)!))", count: 9).joined(separator: ", ") + "]\n" }
        try folder.write("laughs.yaml", laughs)
        try folder.write("deep.yaml", String(repeating: "[", count: 50_000))
        try folder.write("list.yaml", "- a\n- b\n")
        try folder.write("empty.yaml", "")
        try Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]).write(to: folder.appendingPathComponent("binary.yaml"))
        let output = try Binary.run(["validate", folder.path])
        #expect(output.status == 65)
        for name in ["laughs", "deep", "list", "empty", "binary"] {
            #expect(output.stderr.contains("\(name).yaml:"), "no located error for \(name).yaml")
        }
        #expect(output.stderr.contains("binary.yaml:1:5: error: the file is not valid UTF-8"))
        #expect(!output.stderr.contains("Backtrac"))
        #expect(!output.stderr.contains("Fatal error"))
    }

    @Test func showIsTheSameForTheSameSeedAndDiffersAcrossSeeds() throws {
        let folder = try Binary.scratch()
        try folder.write("retro.yaml", Self.exercise)
        let arguments = ["show", "retro.yaml", "--participants", "Ana,Ben,Chen,Dev,Eli", "--seed", "7"]
        let first = try Binary.run(arguments, in: folder)
        let second = try Binary.run(arguments, in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("Facilitator:"))
        let other = try Binary.run(["show", "retro.yaml", "--participants", "Ana,Ben,Chen,Dev,Eli", "--seed", "8"], in: folder)
        #expect(other.stdout != first.stdout)
    }

    @Test func showRefusesAGroupTooSmallForTheExercise() throws {
        let folder = try Binary.scratch()
        try folder.write("retro.yaml", Self.exercise)
        let output = try Binary.run(["show", "retro.yaml", "--participants", "Ana"], in: folder)
        #expect(output.status == 65)
        #expect(output.stderr.contains("needs at least 2 participants; 1 given"))
    }

    @Test func scriptedRunWritesAReportWithEveryLine() throws {
        let folder = try Binary.scratch()
        try folder.write("retro.yaml", Self.exercise)
        let script = "calm\n/next\ntired\n/next\n/next\nwe should pair more\n/next\n"
        let output = try Binary.run(["run", "retro.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--speed", "1000",
                                     "--report", "out/report.md"], in: folder, stdin: script)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Report: out/report.md"))
        #expect(!output.stdout.contains("\u{1B}["), "escape codes in piped output")
        let report = try String(contentsOf: folder.appendingPathComponent("out/report.md"), encoding: .utf8)
        for line in ["calm", "tired", "we should pair more"] { #expect(report.contains(line)) }
        #expect(report.contains("| # | Step | Handler | Planned start | Started | Planned | Actual | Difference | Roles |"))
    }

    @Test func runWithInputFromDevNullFinishesOnTimers() throws {
        let folder = try Binary.scratch()
        try folder.write("retro.yaml", Self.exercise)
        let output = try Binary.run(["run", "retro.yaml", "-p", "Ana,Ben,Chen,Dev", "--input", "/dev/null", "--speed", "1000",
                                     "--report", "r.md"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Finished Tiny retro"))
    }

    @Test func handlersListsTheBuiltInsWithTheirConfigKeys() throws {
        let output = try Binary.run(["handlers"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("round  (Rounds)"))
        #expect(output.stdout.contains("allow_pass: true or false"))
        let json = try Binary.run(["handlers", "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.contains { $0["name"] as? String == "timebox" } == true)
        let timebox = decoded?.first { $0["name"] as? String == "timebox" }
        #expect((timebox?["whatToType"] as? [String])?.contains("Ben: note — Ben's note") == true)
    }

    @Test func handlersNameSaysWhatToType() throws {
        let output = try Binary.run(["handlers", "action-items"])
        #expect(output.status == 0)
        let text = output.stdout
        let typing = try #require(text.range(of: "  what to type:\n"))
        let example = try #require(text.range(of: "  example:"))
        #expect(typing.upperBound < example.lowerBound)
        #expect(text[typing.upperBound..<example.lowerBound].contains("    text @Owner due:Friday — "))
    }

    @Test func schemaIsDraft2020JSONNamingTheHandlers() throws {
        let output = try Binary.run(["schema"])
        #expect(output.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(output.stdout.contains("\"round\""))
    }

    @Test func badArgumentsGiveUsageErrors() throws {
        let output = try Binary.run(["show", "x", "--participants", "Ana,,Ben"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("name cannot be empty"))
        let version = try Binary.run(["--version"])
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == RoundtableCommand.version)
    }

    @Test func unknownExerciseSuggestsTheClosestId() throws {
        let output = try Binary.run(["show", "check-in-rond"])
        #expect(output.status == 65)
        #expect(output.stderr.contains("did you mean 'check-in-round'?"))
    }
}
