import Clocks
import ConcurrencyExtras
import Foundation
import RoundtableKit
import RoundtableTesting
import Synchronization
import Testing

/// A display that keeps the slip of every status it is shown.
final class SlipDisplay: RunDisplay {
    let slips = Mutex<[Duration]>([])
    var wantsTicks: Bool { false }
    func show(_ event: DisplayEvent) {}
    func refresh(_ status: RunStatus) { slips.withLock { $0.append(status.slip) } }
}

/// An honest clock: the time a session stood still between a crash (or `/quit`) and its
/// resume counts on the agenda's clock, and the report lists each interruption.
@Suite(.serialized) struct HonestClockTests {
    static let journal: [JournalRecord] = [
        .stepStarted(0, roles: [], at: .zero),
        .line("first idea", at: .seconds(5)),
        .heartbeat(at: .seconds(10)),
    ]

    func resume(_ plan: Plan, journal: [JournalRecord], interruption: Duration?, recorder: MemoryRecorder,
                display: SlipDisplay) async -> RunResult {
        let box = ResultBox()
        await TestClockGate.run {
            let clock = TestClock()
            let input = FeedInput()
            let runner = Runner(plan: plan, registry: Fixtures.registry, clock: clock, display: display,
                                input: input, recorder: recorder, heartbeat: .seconds(60))
            let done = LockIsolated(false)
            let task = Task {
                let result = await runner.run(resuming: journal, interruption: interruption)
                done.setValue(true)
                return result
            }
            await Task.megaYield()
            input.close()
            while !done.value {
                await Task.megaYield()
                await clock.run()
            }
            box.result = await task.value
        }
        return box.result!
    }

    @Test func aResumeAfterDowntimeRecordsItAndTheSlipCountsIt() async throws {
        let plan = try Fixtures.plan(ResumeTests.exercise)
        let recorder = MemoryRecorder()
        let display = SlipDisplay()
        let result = await resume(plan, journal: Self.journal, interruption: .seconds(600), recorder: recorder, display: display)
        #expect(result.interruptions == [Interruption(at: .seconds(10), length: .seconds(600))])
        let written = recorder.records.withLock { $0 }
        #expect(written.contains(.interrupted(at: .seconds(10), length: .seconds(600))))
        // Ten minutes into a two-minute step's first seconds: ten minutes behind the agenda.
        let first = try #require(display.slips.withLock { $0.first })
        #expect(first == .seconds(600))

        // A report replays the journal and finds the same interruption.
        let report = Runner(plan: plan, registry: Fixtures.registry, clock: ContinuousClock(), display: SilentTestDisplay(),
                            input: ScriptedInput([]))
        let replayed = await report.run(resuming: Self.journal + written, live: false)
        #expect(replayed.interruptions == result.interruptions)
        #expect(MarkdownReport.render(replayed).contains("- Interruptions: 10m at 0:10"))
    }

    @Test func aResumeWithoutDowntimeRecordsNone() async throws {
        let plan = try Fixtures.plan(ResumeTests.exercise)
        let recorder = MemoryRecorder()
        let result = await resume(plan, journal: Self.journal, interruption: .zero, recorder: recorder, display: SlipDisplay())
        #expect(result.interruptions.isEmpty)
        #expect(!recorder.records.withLock { $0 }.contains { if case .interrupted = $0 { true } else { false } })
    }

    @Test func downtimeRunsFromTheLastRecordByTheWallClock() throws {
        let folder = NSTemporaryDirectory() + "clock-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/journal.jsonl"
        let header = SessionHeader(id: "s", title: "t", name: "n", document: "d", library: [], participants: [Participant("Ana")],
                                   seed: 0, params: [:], speed: 2, started: "2026-01-01T10:00:00Z", fingerprint: "")
        let writer = try JournalWriter(path: path)
        writer.record(.session(header))
        writer.record(.heartbeat(at: .seconds(120)))  // one minute of wall time at speed 2
        writer.record(.interrupted(at: .seconds(120), length: .seconds(300)))
        let journal = try Journal.read(path)
        #expect(journal.interruptions == [Interruption(at: .seconds(120), length: .seconds(300))])
        // Started 10:00, ran a minute, stood still five: stopped at 10:06 by the wall clock.
        let now = try #require(ISO8601DateFormatter().date(from: "2026-01-01T10:16:00Z"))
        #expect(journal.downtime(until: now) == .seconds(600))
        #expect(journal.downtime(until: now.addingTimeInterval(-3600)) == .zero)
    }
}
