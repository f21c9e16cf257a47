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

    @Test func aChangedExerciseIsNotResumedAgainstTheOldJournal() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        _ = try Binary.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--report", "r.md"], in: folder,
                           stdin: "an answer\n/quit\n")
        try folder.write("closing.yaml", Self.closing.replacingOccurrences(of: "30s", with: "45s"))
        let resumed = try Binary.run(["resume", "--input", "/dev/null"], in: folder)
        #expect(resumed.status == 65)
        #expect(resumed.stderr.contains("has changed since session"))
    }

    @Test func aTornLastJournalLineIsDroppedWithAWarningAndTheSessionResumes() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        _ = try Binary.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--report", "r.md"], in: folder,
                           stdin: "kept answer\n/quit\n")
        let sessions = folder.appendingPathComponent(".roundtable/sessions")
        let id = try #require(try FileManager.default.contentsOfDirectory(atPath: sessions.path).first { !$0.hasSuffix(".jsonl") })
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
