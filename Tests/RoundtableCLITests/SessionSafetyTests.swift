import Foundation
import Testing

/// Sessions that can be trusted: one writer per session, journals that heal, values from
/// files and flags bounded where they are read, rehearsals kept apart, nothing raw on the
/// terminal. Each test drives the built binary as a facilitator would.
@Suite(.timeLimit(.minutes(3)))
struct SessionSafetyTests {
    static let talk = """
        id: talk
        title: Talk
        roles: { facilitator: fair }
        steps:
          - id: ideas
            handler: timebox
            duration: 30m
            config: { kind: idea }
        """

    static let short = """
        id: short
        title: Short
        steps:
          - id: ideas
            handler: timebox
            duration: 1m
            config: { kind: idea }
        """

    /// Runs the binary to its end with `stdin` typed, killing it after `timeout` seconds.
    static func run(_ arguments: [String], in folder: URL, stdin: String = "", timeout: TimeInterval = 60)
        throws -> (status: Int32?, output: String)
    {
        let process = try LiveProcess(arguments, in: folder)
        process.press(Array(stdin.utf8))
        process.closeInput()
        let end = process.wait(timeout: timeout)
        return (end.map(\.status), process.text)
    }

    static func sessionIDs(_ folder: URL) throws -> [String] {
        // A session is a folder; the files beside them (commitments, the history index) are not.
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
        }.sorted()
    }

    static func journalLines(_ folder: URL, _ id: String) throws -> [String] {
        let text = try String(contentsOf: folder.appendingPathComponent(id).appendingPathComponent("journal.jsonl"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
    }

    // MARK: One writer per session

    @Test func aSecondResumeOfALiveSessionIsRefusedNamingItsHolderAndTheJournalStaysWhole() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", Self.talk)
        let live = try LiveProcess(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "typed", "--report", "r.md", "--sessions-dir", "s"],
                                   in: folder, typingInto: "typed")
        live.type("first idea")
        #expect(live.waitFor("> first idea"), "\(live.text)")
        let id = try #require(try Self.sessionIDs(folder.appendingPathComponent("s")).first)

        for arguments in [["resume", id], ["resume"]] {
            let second = try Self.run(arguments + ["--input", "/dev/null", "--sessions-dir", "s", "--report", "other.md"], in: folder)
            #expect(second.status == 75, "\(second.output)")
            #expect(second.output.contains("is in use by process \(live.pid), running since 20"), "\(second.output)")
            #expect(second.output.contains("hint: a session has one writer at a time"))
        }
        // Reading is not writing: the report and the list work while the session runs.
        let report = try Self.run(["report", id, "--sessions-dir", "s"], in: folder)
        #expect(report.status == 0, "\(report.output)")
        #expect(report.output.contains("first idea"))
        let listed = try Self.run(["sessions", "--sessions-dir", "s"], in: folder)
        #expect(listed.output.contains("running (process \(live.pid)) at step 1"), "\(listed.output)")

        live.type("second idea")
        #expect(live.waitFor("> second idea"))
        live.type("/quit")
        #expect(live.wait()?.status == 0, "\(live.text)")
        let lines = try Self.journalLines(folder.appendingPathComponent("s"), id)
        #expect(lines.filter { $0.contains("\"type\":\"session\"") }.count == 1)
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "damaged: \(line)") }
        let final = try Self.run(["report", id, "--sessions-dir", "s"], in: folder)
        #expect(!final.output.contains("warning"), "\(final.output)")
        for idea in ["first idea", "second idea"] { #expect(final.output.components(separatedBy: idea).count == 2) }
    }

    @Test func runsStartedTogetherInOneFolderGetTheirOwnSessions() throws {
        let folder = try Binary.scratch()
        try folder.write("short.yaml", Self.short)
        let runs = try (0..<6).map { index in
            try LiveProcess(["run", "short.yaml", "-p", "Ana,Ben", "--input", "/dev/null", "--speed", "1000",
                             "--report", "r\(index).md", "--sessions-dir", "s"], in: folder)
        }
        for run in runs { #expect(run.wait()?.status == 0, "\(run.text)") }
        let ids = try Self.sessionIDs(folder.appendingPathComponent("s"))
        #expect(ids.count == 6, "\(ids)")
        for id in ids {
            let lines = try Self.journalLines(folder.appendingPathComponent("s"), id)
            #expect(lines.filter { $0.contains("\"type\":\"session\"") }.count == 1, "\(id): \(lines.count) lines")
            #expect(lines.filter { $0.contains("\"type\":\"finished\"") }.count == 1, "\(id)")
        }
    }

    @Test func aSessionWhoseWriterWasKilledResumes() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", Self.talk)
        let live = try LiveProcess(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "typed", "--record", "--report", "r.md"], in: folder,
                                   typingInto: "typed")
        live.type("kept idea")
        #expect(live.waitFor("> kept idea"))
        live.signal(SIGKILL)
        _ = live.wait()
        let resumed = try Self.run(["resume", "--input", "/dev/null", "--speed", "10000", "--report", "r.md"], in: folder)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("Finished Talk"))
        #expect(try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8).contains("kept idea"))
    }

    // MARK: Journals that heal

    /// Writes a quit session with one typed idea and returns its id.
    static func quitSession(in folder: URL, exercise: String = talk, name: String = "talk.yaml") throws -> String {
        try folder.write(name, exercise)
        let run = try Self.run(["run", name, "-p", "Ana,Ben", "--input", "-", "--record", "--report", "r.md"], in: folder,
                               stdin: "an idea\n/quit\n")
        #expect(run.status == 0, "\(run.output)")
        return try #require(try sessionIDs(folder.appendingPathComponent(".roundtable/sessions")).first)
    }

    static func append(_ text: String, to id: String, in folder: URL) throws {
        let journal = folder.appendingPathComponent(".roundtable/sessions/\(id)/journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func damagedLinesAnywhereAreSkippedWithAWarningAndTheRestIsKept() throws {
        let folder = try Binary.scratch()
        let id = try Self.quitSession(in: folder)
        let before = try Self.journalLines(folder.appendingPathComponent(".roundtable/sessions"), id).count
        try Self.append("""
            not json at all
            {"t":9223372036854775807,"text":"from the far future","type":"line"}
            {"roles":[],"step":9223372036854775807,"t":5,"type":"step"}
            {"t":-1,"text":"before the start","type":"line"}
            {"t":6000000000,"text":"kept after the damage","type":"line"}

            """, to: id, in: folder)
        let report = try Self.run(["report", id], in: folder)
        #expect(report.status == 0, "\(report.output)")
        for offset in 1...4 {
            #expect(report.output.contains("journal.jsonl:\(before + offset):1: warning: this journal line is damaged and is skipped"),
                    "line \(before + offset): \(report.output)")
        }
        #expect(report.output.contains("an idea"))
        #expect(report.output.contains("kept after the damage"))
        #expect(!report.output.contains("far future"))
        let listed = try Self.run(["sessions"], in: folder)
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.contains("(4 damaged lines skipped)"), "\(listed.output)")
        let history = try Self.run(["history"], in: folder)
        #expect(history.status == 0)
        #expect(history.output.contains("Team: Ana, Ben"), "\(history.output)")
        let resumed = try Self.run(["resume", "--input", "/dev/null", "--speed", "10000", "--report", "r.md"], in: folder)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8).contains("kept after the damage"))
    }

    @Test(arguments: ["{\"t\":9223372036854775807,\"type\":\"heartbeat\"}", "{\"roles\":[],\"step\":9223372036854775807,\"t\":5,\"type\":\"step\"}"])
    func anOutOfRangeLastRecordIsDamagedNotATrap(record: String) throws {
        let folder = try Binary.scratch()
        let id = try Self.quitSession(in: folder)
        try Self.append(record + "\n", to: id, in: folder)
        for arguments in [["sessions"], ["report", id], ["resume", "--input", "/dev/null", "--speed", "10000", "--report", "r.md"]] {
            let output = try Self.run(arguments, in: folder)
            #expect(output.status == 0, "\(arguments): \(output.output)")
            #expect(!output.output.contains("Fatal error"))
        }
    }

    @Test func aHeaderWithAnImpossibleSpeedIsADamagedSessionNotATrap() throws {
        let folder = try Binary.scratch()
        let id = try Self.quitSession(in: folder)
        let path = folder.appendingPathComponent(".roundtable/sessions/\(id)/journal.jsonl")
        let text = try String(contentsOf: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"speed\":1", with: "\"speed\":1e-20").write(to: path, atomically: true, encoding: .utf8)
        let resumed = try Self.run(["resume", "--input", "/dev/null", "--report", "r.md"], in: folder)
        #expect(resumed.status == 65, "\(resumed.output)")
        #expect(resumed.output.contains("journal.jsonl:1:1: error: the session header is damaged: its speed (1e-20) is outside 0.1…10000"),
                "\(resumed.output)")
    }

    // MARK: Values from outside, bounded where parsed

    @Test(arguments: ["1e-20", "0.01", "nan", "inf", "-1", "20000"])
    func aSpeedOutOfBoundsIsAUsageError(speed: String) throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", Self.talk)
        let output = try Self.run(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "/dev/null", "--speed=\(speed)"], in: folder)
        #expect(output.status == 64, "\(output.output)")
        #expect(output.output.contains("--speed must be a number from 0.1 to 10000"), "\(output.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".roundtable").path))
    }

    @Test func anInputLineIsCutAt64KiBWithANotice() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", Self.talk)
        let long = String(repeating: "é", count: 100_000)  // 200,000 bytes
        let output = try Self.run(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "-", "--report", "r.md"], in: folder,
                                  stdin: long + "\nshort one\n/quit\n")
        #expect(output.status == 0, "\(output.output.suffix(500))")
        #expect(output.output.contains("Line 1 of the input is longer than 64 KiB; only its first 64 KiB are kept."))
        let id = try #require(try Self.sessionIDs(folder.appendingPathComponent(".roundtable/sessions")).first)
        let typed = try #require(try Self.journalLines(folder.appendingPathComponent(".roundtable/sessions"), id).first { $0.contains("éé") })
        #expect(typed.utf8.count <= 64 * 1024 + 100, "\(typed.utf8.count) bytes")
        let report = try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(report.contains("short one"))
    }

    /// The peak memory of a process, from /proc.
    static func peakMemory(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
    }

    /// 64 MiB without a newline, streamed through a named pipe while the session runs,
    /// leave the process's memory where it was.
    @Test func streamedInputWithoutANewlineStaysBounded() throws {
        let folder = try Binary.scratch()
        try folder.write("short.yaml", Self.short)
        let live = try LiveProcess(["run", "short.yaml", "-p", "Ana,Ben", "--input", "typed", "--speed", "1000", "--report", "r.md"],
                                   in: folder, typingInto: "typed")
        #expect(live.waitFor("Step 1/1"), "\(live.text)")
        let before = try #require(Self.peakMemory(live.pid))
        let chunk = [UInt8](repeating: UInt8(ascii: "y"), count: 1 << 20)
        for _ in 0..<64 { live.press(chunk) }
        live.press(Array("\n".utf8))
        #expect(live.waitFor("longer than 64 KiB"), "\(live.text.suffix(300))")
        let after = try #require(Self.peakMemory(live.pid))
        #expect(after - before < 32 << 20, "peak memory grew by \((after - before) >> 20) MiB")
        live.closeInput()
        #expect(live.wait()?.status == 0, "\(live.text.suffix(300))")
    }

    // MARK: Rehearsals

    static let closing = """
        id: closing
        title: Closing
        roles: { facilitator: fair }
        steps:
          - id: close
            handler: checkout
            each: participant
            duration: 30s
            config: { question: "What will you do before next time?", commitments: true }
        """

    @Test func aSpedUpOrScriptedRunIsARehearsalThatTheTeamsMemoryLeavesOut() throws {
        let folder = try Binary.scratch()
        try folder.write("closing.yaml", Self.closing)
        let script = "write the doc\n/next\nfix the test\n/next\n"
        let rehearsal = try Self.run(["run", "closing.yaml", "-p", "Ana,Ben", "--speed", "100", "--input", "-", "--report", "a.md"],
                                     in: folder, stdin: script)
        #expect(rehearsal.status == 0, "\(rehearsal.output)")
        let listed = try Self.run(["sessions"], in: folder)
        #expect(listed.output.contains("rehearsal"), "\(listed.output)")
        let json = try Self.run(["sessions", "--format", "json"], in: folder)
        #expect(json.output.contains("\"rehearsal\" : true"))
        let history = try Self.run(["history", "-p", "Ana,Ben"], in: folder)
        #expect(history.output.contains("no roles recorded yet"), "\(history.output)")
        #expect(!history.output.contains("write the doc"))

        // --record makes a scripted run count: its roles and commitments are the team's.
        let real = try Self.run(["run", "closing.yaml", "-p", "Ana,Ben", "--input", "-", "--record", "--report", "b.md"],
                                in: folder, stdin: script)
        #expect(real.status == 0, "\(real.output)")
        let after = try Self.run(["history", "-p", "Ana,Ben"], in: folder)
        #expect(after.output.contains("facilitator"), "\(after.output)")
        #expect(after.output.contains("[open] write the doc"), "\(after.output)")
        #expect(after.output.components(separatedBy: "write the doc").count == 2, "one commitment, not two: \(after.output)")
        let kinds = try Self.run(["sessions"], in: folder)
        #expect(kinds.output.contains(" session "), "\(kinds.output)")
    }

    // MARK: Injection

    @Test func csvCellsAreQuotedForSemicolonsAndFormulasAreDefused() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", Self.talk)
        let typed = ["a;b", "=HYPERLINK(\"http://x\")", "+cmd", "-2+3", "@SUM(A1)", "plain"]
        let run = try Self.run(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "-", "--report", "r.md"], in: folder,
                               stdin: typed.joined(separator: "\n") + "\n/next\n")
        #expect(run.status == 0, "\(run.output)")
        let csv = try Self.run(["report", "--format", "csv"], in: folder)
        #expect(csv.status == 0)
        let rows = csv.output.split(separator: "\n").map(String.init)
        // Then the round (1), and the columns that came later: owners, reason, status, item, turn, speaker.
        #expect(rows.contains("ideas,idea,\"a;b\",,,,,,1,,,counted,,,"), "\(rows)")
        #expect(rows.contains("ideas,idea,\"'=HYPERLINK(\"\"http://x\"\")\",,,,,,1,,,counted,,,"), "\(rows)")
        #expect(rows.contains("ideas,idea,\"'+cmd\",,,,,,1,,,counted,,,"), "\(rows)")
        #expect(rows.contains("ideas,idea,\"'-2+3\",,,,,,1,,,counted,,,"), "\(rows)")
        #expect(rows.contains("ideas,idea,\"'@SUM(A1)\",,,,,,1,,,counted,,,"), "\(rows)")
        #expect(rows.contains("ideas,idea,plain,,,,,,1,,,counted,,,"), "\(rows)")
    }

    @Test func sessionFolderNamesAndHeaderFieldsReachTheTerminalNeutralized() throws {
        let folder = try Binary.scratch()
        let id = try Self.quitSession(in: folder)
        let sessions = folder.appendingPathComponent(".roundtable/sessions")
        let hostile = "evil\u{1B}]0;pwned\u{07}\u{9B}2J"
        try FileManager.default.moveItem(at: sessions.appendingPathComponent(id), to: sessions.appendingPathComponent("z" + hostile))
        let path = sessions.appendingPathComponent("z" + hostile).appendingPathComponent("journal.jsonl")
        var lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        var session = try #require(header["session"] as? [String: Any])
        session["id"] = hostile
        session["started"] = "\u{1B}[2J\u{1B}[H" + "2026"
        header["session"] = session
        lines[0] = String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self)
        try (lines.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)

        for arguments in [["sessions"], ["sessions", "--format", "json"], ["resume", "--input", "/dev/null", "--speed", "10000", "--report", "r.md"],
                          ["resume", "zevil", "--input", "/dev/null"], ["report", "zevil", "--format", "csv"]] {
            let output = try Self.run(arguments, in: folder)
            #expect(output.status != nil)
            HardeningCLITests.expectClean(output.output, "\(arguments)")
        }
        let listed = try Self.run(["sessions"], in: folder)
        #expect(listed.output.contains("zevil␛]0;pwned␇"), "\(listed.output)")
    }
}
