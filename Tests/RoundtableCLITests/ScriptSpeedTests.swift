import Foundation
import Testing

/// `run --input FILE` types the script at once, before the timers run, so the session is
/// the same at any `--speed`: the same journal and the same report.
@Suite struct ScriptSpeedTests {
    static let exercise = """
        id: pick
        title: Pick and talk
        steps:
          - id: ideas
            handler: brainstorm
            duration: 2m
          - id: vote
            handler: dot-vote
            input: ideas
            duration: 1m
            config: { dots: 2 }
          - id: talk
            title: "Talk: {{item}}"
            handler: timebox
            for_each: { from: vote, top: 2 }
            duration: 1m
          - id: close
            handler: checkout
            duration: 1m
        """

    static let script = """
        Ana: a wiki
        Ben: a demo day
        Chen: a book club
        /next
        1 2
        2 2
        3 2
        /next
        Ana: everyone sees the work
        /next
        we read together
        /next
        tired but glad
        pass
        more demos
        """

    /// The journal without its first record (the session's id, start and speed), and the
    /// report without the lines naming the date and the session.
    private func run(speed: String, in folder: URL) throws -> (journal: [String], report: [String]) {
        let sessions = folder.appendingPathComponent("s-\(speed)")
        let report = folder.appendingPathComponent("r-\(speed).md")
        let output = try Binary.run([
            "run", folder.appendingPathComponent("pick.yaml").path, "-p", "Ana,Ben,Chen", "--seed", "3",
            "--speed", speed, "--input", folder.appendingPathComponent("script.txt").path,
            "--sessions-dir", sessions.path, "--report", report.path,
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let session = try #require(try FileManager.default.contentsOfDirectory(atPath: sessions.path).first)
        let journal = try String(contentsOf: sessions.appendingPathComponent(session).appendingPathComponent("journal.jsonl"), encoding: .utf8)
        let text = try String(contentsOf: report, encoding: .utf8)
        return (Array(journal.split(separator: "\n").dropFirst().map(String.init)),
                text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("- Date:") && !$0.contains(session) })
    }

    @Test func aScriptGivesTheSameJournalAndReportAtTwoSpeeds() throws {
        let folder = try Binary.scratch()
        try folder.write("pick.yaml", Self.exercise)
        try folder.write("script.txt", Self.script + "\n")
        let slow = try run(speed: "100", in: folder)
        let fast = try run(speed: "10000", in: folder)
        #expect(slow.journal.contains { $0.contains("everyone sees the work") })
        #expect(!slow.report.contains { $0.contains("Lines refused") }, "\(slow.report.joined(separator: "\n"))")
        #expect(fast.journal == slow.journal)
        #expect(fast.report == slow.report)
    }
}
