import Foundation
import Testing

/// Sessions across runs: journals, resume, reports, the team's history and commitments.
@Suite struct SessionCommandTests {
    static let closing = """
        id: closing
        title: Closing
        roles: { facilitator: fair, scribe: fair }
        steps:
          - id: close
            handler: checkout
            each: participant
            duration: 30s
            config: { question: "What will you do before next time?", commitments: true }
        """

    static let review = """
        id: review
        title: Review
        roles: { facilitator: fair }
        steps:
          - id: check
            handler: accountability
            duration: 5m
        """

    @Test func commitmentsMadeInOneSessionAreReviewedInTheNext() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        try folder.write("review.yaml", Self.review)
        // Scripted and sped up, so --record: a rehearsal would promise nothing.
        let people = ["-p", "Ana,Ben,Chen", "--speed", "1000", "--record"]
        let first = try Binary.run(["run", "closing.yaml"] + people + ["--input", "-", "--report", "one.md"], in: folder,
                                   stdin: "write the onboarding doc\n/next\nfix the flaky test\n/next\nbook the room\n/next\n")
        #expect(first.status == 0, "\(first.stderr)")
        let one = try String(contentsOf: folder.appendingPathComponent("one.md"), encoding: .utf8)
        #expect(one.contains("## Action items (the team's commitments for next time)"))

        let second = try Binary.run(["run", "review.yaml"] + people + ["--input", "-", "--report", "two.md"], in: folder,
                                    stdin: "done\nnot yet: waiting for a review\nmaybe\ndropped\n/next\n")
        #expect(second.status == 0, "\(second.stderr)")
        let two = try String(contentsOf: folder.appendingPathComponent("two.md"), encoding: .utf8)
        #expect(two.contains("## Commitments reviewed"))
        for status in ["| done |", "| not yet |", "| dropped |"] { #expect(two.contains(status)) }
        #expect(two.contains("waiting for a review"))

        let history = try Binary.run(["history", "-p", "Chen,Ana,Ben"], in: folder)
        #expect(history.status == 0)
        #expect(history.stdout.contains("[done] "))
        #expect(history.stdout.contains("[not yet] "))
        #expect(history.stdout.contains("[dropped] "))
        #expect(history.stdout.contains("facilitator"))

        // "not yet" stays open: the next review asks about it again, and only it.
        let third = try Binary.run(["run", "review.yaml"] + people + ["--input", "-", "--report", "three.md"], in: folder,
                                   stdin: "done\n/next\n")
        #expect(third.status == 0)
        let three = try String(contentsOf: folder.appendingPathComponent("three.md"), encoding: .utf8)
        #expect(three.components(separatedBy: "| done |").count == 2)
    }

    @Test func aQuitSessionIsListedAndResumesToTheEnd() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        let quit = try Binary.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--report", "r.md"], in: folder,
                                  stdin: "first answer\n/next\n/quit\n")
        #expect(quit.status == 0, "\(quit.stderr)")
        #expect(quit.stdout.contains("can be resumed: roundtable resume"))
        let listed = try Binary.run(["sessions"], in: folder)
        #expect(listed.stdout.contains("stopped at step 1"))

        let resumed = try Binary.run(["resume", "--input", "-", "--speed", "1000", "--report", "r.md"], in: folder,
                                     stdin: "second answer\n/next\nthird answer\n/next\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Finished Closing"))
        let report = try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8)
        // Each answer once in the step's table of actions and once in the action items table: none lost, none doubled.
        for answer in ["first answer", "second answer", "third answer"] {
            #expect(report.components(separatedBy: "| \(answer) |").count == 3, "\(answer) should be one action item")
        }
        let finished = try Binary.run(["sessions", "--format", "json"], in: folder)
        #expect(finished.stdout.contains("\"state\" : \"finished\""))
        let again = try Binary.run(["resume"], in: folder)
        #expect(again.status != 0)
        #expect(again.stderr.contains("no unfinished session"))

        let csv = try Binary.run(["report", "--format", "csv"], in: folder)
        #expect(csv.stdout.hasPrefix("step,kind,text,author,owner,due,value,category,round"))
        #expect(csv.stdout.contains("close,action,second answer"))
        let json = try Binary.run(["report", "--format", "json"], in: folder)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(decoded?["completed"] as? Bool == true)
    }

    /// The facilitator of each session of the folder, oldest first, from the journals' step records.
    static func facilitators(in folder: URL) throws -> [String] {
        let sessions = folder.appendingPathComponent(".roundtable/sessions")
        return try FileManager.default.contentsOfDirectory(atPath: sessions.path).sorted().compactMap { id in
            let journal = sessions.appendingPathComponent(id).appendingPathComponent("journal.jsonl")
            guard let text = try? String(contentsOf: journal, encoding: .utf8) else { return nil }
            for line in text.split(separator: "\n") {
                guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      record["type"] as? String == "step", let roles = record["roles"] as? [[String]] else { continue }
                return roles.first { $0.first == "facilitator" }?.last
            }
            return nil
        }
    }

    @Test func theFacilitatorsRoleChangesHandsFromSessionToSessionWithNoFlags() throws {
        let folder = try Binary.scratch()
        // Real sessions, typed at speed 1: no seed, no rotation flag, no --record.
        let people = ["-p", "Ana,Ben,Chen,Dev"]
        let first = try Binary.run(["run", "check-in-round"] + people + ["--report", "one.md"], in: folder,
                                   stdin: "here\n/next\n/next\n/next\n/next\n")
        #expect(first.status == 0, "\(first.stderr)")
        let shown = try Binary.run(["show", "check-in-round"] + people, in: folder)
        let second = try Binary.run(["run", "check-in-round"] + people + ["--report", "two.md"], in: folder,
                                    stdin: "here\n/next\n/next\n/next\n/next\n")
        #expect(second.status == 0, "\(second.stderr)")
        let leaders = try Self.facilitators(in: folder)
        #expect(leaders.count == 2)
        #expect(Set(leaders).count == 2, "the same facilitator twice: \(leaders)")
        // show told beforehand who would lead the second session, and why.
        #expect(shown.stdout.contains("Facilitator: \(leaders.last ?? "?"): facilitator in 0 of the last 1 session"))
    }

    @Test func theTimeASessionStoodStillCountsAndTheReportNamesIt() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        _ = try Binary.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--report", "r.md"], in: folder,
                           stdin: "an answer\n/quit\n")
        // As if the laptop had died right after the start and come back an hour later:
        // the session's start, by the wall clock, moves an hour back.
        let sessions = folder.appendingPathComponent(".roundtable/sessions")
        let id = try #require(try SessionSafetyTests.sessionIDs(sessions).first)
        let journal = sessions.appendingPathComponent(id).appendingPathComponent("journal.jsonl")
        let text = try String(contentsOf: journal, encoding: .utf8)
        let started = try #require(text.range(of: #""started":"[^"]*""#, options: .regularExpression))
        let anHourAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
        try text.replacingCharacters(in: started, with: "\"started\":\"\(anHourAgo)\"").write(to: journal, atomically: true, encoding: .utf8)

        let resumed = try Binary.run(["resume", "--input", "-", "--speed", "1000", "--report", "r.md"], in: folder,
                                     stdin: "/next\n/next\n/next\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let report = try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8)
        let line = try #require(report.split(separator: "\n").first { $0.hasPrefix("- Interruptions: ") })
        // About an hour (59 or 60 minutes, by when the clock read it).
        #expect(line.contains("59m") || line.contains("1h"), "\(line)")
        let again = try Binary.run(["report"], in: folder)
        #expect(again.stdout.contains(String(line)))
    }

    @Test func anEditedOrMovedExerciseLocksNoSessionOut() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        _ = try Binary.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--report", "r.md"], in: folder,
                           stdin: "an answer\n/quit\n")
        // A timer edit changes the plan: the session goes on with its own copy.
        try folder.write("closing.yaml", Self.closing.replacingOccurrences(of: "30s", with: "45s"))
        let report = try Binary.run(["report"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("an answer"))
        let refused = try Binary.run(["resume", "--use-edited", "--input", "/dev/null"], in: folder)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("does not fit session"))
        #expect(refused.stderr.contains("step 1 'close' has changed"))
        #expect(refused.stderr.contains("without --use-edited"))

        try FileManager.default.removeItem(at: folder.appendingPathComponent("closing.yaml"))
        let resumed = try Binary.run(["resume", "--input", "-", "--speed", "1000", "--report", "r.md"], in: folder,
                                     stdin: "another answer\n/next\n/next\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(text.contains("an answer"))
        #expect(text.contains("another answer"))
        let after = try Binary.run(["report"], in: folder)
        #expect(after.status == 0, "\(after.stderr)")
    }

    @Test func resumeUseEditedTakesAnEditThatKeepsThePlan() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        _ = try Binary.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--report", "r.md"], in: folder,
                           stdin: "an answer\n/quit\n")
        // A new title changes no step, turn or timer.
        try folder.write("closing.yaml", Self.closing.replacingOccurrences(of: "title: Closing", with: "title: Closing round"))
        let resumed = try Binary.run(["resume", "--use-edited", "--input", "-", "--speed", "1000", "--report", "r.md"], in: folder,
                                     stdin: "/next\n/next\n/next\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Finished Closing round"))
        // The session's copy follows the accepted edit.
        let report = try Binary.run(["report"], in: folder)
        #expect(report.stdout.contains("# Closing round"))
    }

    @Test func aTornLastJournalLineIsDroppedWithAWarningAndTheSessionResumes() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        _ = try Binary.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--report", "r.md"], in: folder,
                           stdin: "kept answer\n/quit\n")
        let sessions = folder.appendingPathComponent(".roundtable/sessions")
        let id = try #require(try SessionSafetyTests.sessionIDs(sessions).first)
        let journal = sessions.appendingPathComponent(id).appendingPathComponent("journal.jsonl")
        // A power cut halfway through writing a line.
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"t\":99,\"text\":\"half a li".utf8))
        try handle.close()
        let resumed = try Binary.run(["resume", "--input", "-", "--speed", "1000", "--report", "r.md"], in: folder,
                                     stdin: "/next\nlater answer\n/next\n/next\n")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("warning: the journal's last line is incomplete"))
        let report = try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(report.contains("kept answer"))
        #expect(report.contains("later answer"))
        #expect(!report.contains("half a li"))
        let after = try Binary.run(["sessions"], in: folder)
        #expect(!after.stdout.contains("torn"))
    }
}
