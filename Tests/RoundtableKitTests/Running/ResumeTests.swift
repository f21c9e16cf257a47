import Clocks
import RoundtableTesting
import ConcurrencyExtras
import Foundation
import RoundtableKit
import Synchronization
import Testing

/// A recorder that keeps the journal in memory.
final class MemoryRecorder: SessionRecorder {
    let records = Mutex<[JournalRecord]>([])
    func record(_ record: JournalRecord) -> Bool {
        records.withLock { $0.append(record) }
        return true
    }
}

/// Resuming replays the journal: whatever the moment of the cut, the session ends with
/// exactly what an uninterrupted one produces.
@Suite(.serialized) struct ResumeTests {
    static let exercise = """
        id: resume-check
        title: Resume check
        roles: { facilitator: per-exercise, scribe: per-step }
        steps:
          - id: ideas
            handler: timebox
            duration: 2m
            config: { kind: idea }
            timer: { on_zero: advance }
          - id: round
            handler: round
            each: participant
            duration: 30s
          - id: notes
            handler: timebox
            duration: 5m
        """

    /// Lines typed at session times (seconds).
    static let script: [(Int, String)] = [
        (5, "first idea"), (20, "second idea"), (130, "calm"), (140, "/next"), (150, "pass"),
        (170, "/pause"), (200, "/resume"), (215, "late note for the speaker"), (400, "a note"), (410, "/next"),
    ]

    /// Runs the plan after replaying `journal`; the script's lines not in the journal are
    /// typed at their times, the clock starting where the journal ends.
    func run(_ plan: Plan, resuming journal: [JournalRecord], recorder: any SessionRecorder,
             display: any RunDisplay = SilentTestDisplay(), script: [(Int, String)] = ResumeTests.script) async -> RunResult {
        await TimedRun.run(plan, resuming: journal, recorder: recorder, display: display, heartbeat: .seconds(60),
                           script: script.map { ($0.0, .line($0.1)) })
    }

    /// A journal that cannot be written (here on a disk with no room left) is reported on
    /// screen once, and the session still runs to its end.
    @Test func aJournalThatCannotBeWrittenIsToldOnceAndTheSessionGoesOn() async throws {
        let plan = try Fixtures.plan(Self.exercise)
        let display = RecordingDisplay(now: { .zero })
        let full = FillingDisk(capacity: 0)
        let result = await run(plan, resuming: [], recorder: try JournalWriter(path: full.path, calls: full.calls), display: display)
        let notices = display.events.withLock { $0.compactMap { _, event in
            if case .notice(let text) = event, text.hasPrefix("The session journal cannot be written") { return text }
            return nil
        } }
        #expect(notices.count == 1)
        #expect(result.completed == true)
    }

    @Test func aJournalCutAtAnyRecordResumesToTheSameResult() async throws {
        let plan = try Fixtures.plan(Self.exercise)
        let reference = MemoryRecorder()
        let expected = await run(plan, resuming: [], recorder: reference)
        let journal = reference.records.withLock { $0 }
        #expect(expected.completed)
        #expect(expected.allArtifacts.map(\.text).contains("late note for the speaker"))
        // Cut after each record that carries a time, as a crash would.
        #expect(journal.count > Self.script.count)
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept, recorder: MemoryRecorder())
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut): \(kept.last!)")
            #expect(resumed.completed)
        }
    }

    /// Phases, a loop over the ranked result of a vote, and its items learnt again on replay.
    static let structures = """
        id: structures-resume
        title: Structures resume
        steps:
          - id: ideas
            handler: brainstorm
            duration: 2m
            timer: { on_zero: advance }
          - id: vote
            handler: dot-vote
            input: ideas
            duration: 2m
            config: { dots: 1 }
          - id: pitch
            title: "Pitch: {{item}}"
            handler: timebox
            for_each: { from: vote, top: 2 }
            phases:
              - { name: Pitch, duration: 1m }
              - { name: Questions, duration: 1m }
          - id: close
            handler: timebox
            duration: 1m
        """

    static let structuresScript: [(Int, String)] = [
        (5, "Ana: a wiki"), (10, "Ben: a demo day"), (15, "Chen: a book club"), (130, "2"), (135, "2"), (140, "3"),
        (150, "/next"), (160, "everyone sees the work"), (220, "/next"), (230, "we read together"), (240, "/next"),
        (250, "/next"), (260, "done"), (270, "/next"),
    ]

    @Test func aJournalOfPhasesAndALoopCutAtAnyRecordResumesToTheSameResult() async throws {
        let plan = try Fixtures.plan(Self.structures)
        let reference = MemoryRecorder()
        let expected = await run(plan, resuming: [], recorder: reference, script: Self.structuresScript)
        let journal = reference.records.withLock { $0 }
        #expect(expected.completed)
        let pitched = expected.artifacts[2]
        #expect(pitched.map(\.text) == ["everyone sees the work", "we read together"])
        #expect(pitched.map(\.item) == ["a demo day", "a book club"])
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept, recorder: MemoryRecorder(), script: Self.structuresScript)
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut): \(kept.last!)")
            #expect(resumed.completed)
        }
    }

    /// Two inputs, then a block of turns run once per ranked item: artifacts with their
    /// item, turn and speaker, learnt again on replay.
    static let blockLoop = """
        id: block-loop-resume
        title: Block loop resume
        steps:
          - id: ideas
            handler: brainstorm
            duration: 2m
          - id: more
            handler: brainstorm
            duration: 2m
          - id: vote
            handler: dot-vote
            input: [ideas, more]
            duration: 2m
            config: { dots: 1 }
          - block: topic
            for_each: { from: vote, top: 2 }
            steps:
              - id: share
                handler: round
                each: participant
                duration: 1m
                prompt: "{{speaker}} on {{item}}"
              - id: close
                handler: timebox
                duration: 1m
        """

    static let blockLoopScript: [(Int, String)] = [
        (5, "Ana: a wiki"), (10, "/next"), (15, "Ben: a demo day"), (20, "Chen: a book club"), (25, "/next"),
        (30, "2"), (35, "2"), (40, "3"), (45, "/next"),
        (50, "demo first"), (55, "/next"), (60, "demo second"), (65, "/next"), (70, "/next"), (75, "/next"),
        (80, "book first"), (85, "/next"), (90, "/next"), (95, "book third"), (100, "/next"), (105, "/next"),
    ]

    @Test func aJournalOfABlockLoopWithTurnsCutAtAnyRecordResumesToTheSameResult() async throws {
        let plan = try Fixtures.plan(Self.blockLoop)
        let reference = MemoryRecorder()
        let expected = await run(plan, resuming: [], recorder: reference, script: Self.blockLoopScript)
        let journal = reference.records.withLock { $0 }
        #expect(expected.completed)
        let first = expected.artifacts[3], second = expected.artifacts[5]
        #expect(first.map(\.text) == ["demo first", "demo second"])
        #expect(first.map(\.item) == ["a demo day", "a demo day"])
        #expect(second.map(\.turn) == [1, 3])
        #expect(second.map(\.speaker) == [plan.steps[5].segments[0].speaker, plan.steps[5].segments[2].speaker])
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept, recorder: MemoryRecorder(), script: Self.blockLoopScript)
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut): \(kept.last!)")
            #expect(resumed.completed)
            #expect(resumed.completed)
        }
    }

    /// `/skip block` is journaled as typed: a resume replays it and passes over the same passes.
    @Test func aJournalWithSkipBlockCutAtAnyRecordResumesToTheSameResult() async throws {
        let plan = try Fixtures.plan("""
            id: blocks-resume
            title: Blocks resume
            steps:
              - block: cycle
                repeat: 3
                steps:
                  - id: ideas
                    handler: timebox
                    duration: 2m
                  - id: talk
                    handler: timebox
                    duration: 2m
              - id: close
                handler: timebox
                duration: 1m
            """)
        let script: [(Int, String)] = [(5, "first"), (10, "/next"), (20, "talked"), (30, "/next"), (40, "second"), (50, "/skip block"),
                                       (60, "done"), (70, "/next")]
        let reference = MemoryRecorder()
        let expected = await run(plan, resuming: [], recorder: reference, script: script)
        let journal = reference.records.withLock { $0 }
        #expect(expected.completed)
        #expect(expected.timings.map(\.skipped) == [false, false, true, true, true, true, false])
        #expect(expected.artifacts.last?.map(\.text) == ["done"])
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept, recorder: MemoryRecorder(), script: script)
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut): \(kept.last!)")
            #expect(resumed.timings.map(\.skipped) == expected.timings.map(\.skipped))
        }
    }

    @Test func journalRecordsRoundTripThroughTheirEncoding() throws {
        let header = SessionHeader(id: "s", title: "T", name: "x", document: "/x.yaml", library: ["/lib"],
                                   participants: [Participant("Ana", attributes: ["team": "web"])], seed: 9,
                                   params: ["p": "v"], speed: 2, started: "2026-11-23T10:00:00Z", fingerprint: "abc")
        let records: [JournalRecord] = [
            .session(header), .line("idée \u{1B}[31m", at: .milliseconds(1500)), .inputClosed(at: .seconds(3)),
            .heartbeat(at: .seconds(4)), .stepStarted(2, roles: [RoleHolder(role: "scribe", person: "Ana")], at: .seconds(5)), .finished(completed: true, at: .seconds(6)),
        ]
        for record in records { #expect(JournalRecord.decode(record.encoded()) == record) }
    }

    @Test func aTornLastLineIsLeftOutWithAWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("journal.jsonl").path
        let writer = try JournalWriter(path: path)
        let header = SessionHeader(id: "s", title: "T", name: "x", document: "/x.yaml", library: [], participants: [],
                                   seed: 0, params: [:], speed: 1, started: "", fingerprint: "")
        writer.record(.session(header))
        writer.record(.line("kept", at: .seconds(1)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"type\":\"line\",\"te".utf8))
        try handle.close()
        let journal = try Journal.read(path)
        #expect(journal.records.count == 2)
        #expect(journal.warnings.count == 1)
        #expect(journal.warnings.first?.location?.line == 3)
        // A writer resuming the journal cuts the torn line before appending.
        let resumed = try JournalWriter(path: path, truncatingTo: journal.validLength)
        resumed.record(.line("after", at: .seconds(2)))
        let again = try Journal.read(path)
        #expect(again.warnings.isEmpty)
        #expect(again.records.last == .line("after", at: .seconds(2)))
    }

    @Test func aDamagedLineBeforeTheEndIsSkippedWithAWarning() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl").path
        let header = SessionHeader(id: "s", title: "T", name: "x", document: "/x.yaml", library: [], participants: [],
                                   seed: 0, params: [:], speed: 1, started: "", fingerprint: "")
        let good = String(decoding: JournalRecord.session(header).encoded(), as: UTF8.self)
        try "\(good)\nnot json\n{\"t\":1,\"text\":\"x\",\"type\":\"line\"}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let journal = try Journal.read(path)
        #expect(journal.records == [.session(header), .line("x", at: .nanoseconds(1))])
        #expect(journal.warnings.map { $0.location?.line } == [2])
    }
}

final class ResultBox: @unchecked Sendable {
    var result: RunResult?
}

struct SilentTestDisplay: RunDisplay {
    var wantsTicks: Bool { false }
    func show(_ event: DisplayEvent) {}
    func refresh(_ status: RunStatus) {}
}
