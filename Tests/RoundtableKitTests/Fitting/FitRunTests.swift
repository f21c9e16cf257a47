import Clocks
import ConcurrencyExtras
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// Fitting and airtime in a running session: the real loader, planner and runner on a test clock.
@Suite(.serialized) struct FitRunTests {
    struct Harness {
        let clock = TestClock()
        let input = FeedInput()
        let display: RecordingDisplay
        let runner: Runner<TestClock<Duration>>

        init(plan: Plan) {
            let clock = self.clock
            let start = clock.now
            display = RecordingDisplay(now: { start.duration(to: clock.now) })
            runner = Runner(plan: plan, registry: Fixtures.registry, clock: clock, display: display, input: input)
        }

        func type(_ line: String) async {
            input.type(line)
            await Task.megaYield()
        }

        var notices: [String] {
            display.events.withLock { $0.compactMap { if case .notice(let text) = $0.1 { return text } else { return nil } } }
        }
    }

    static let people = ["Ana", "Ben", "Chen"]

    /// 30 minutes for three people: 5m opening, 3 × 2m round, 10m talk, 4m break, 5m wrap-up.
    static func lateAgenda(fit: String) throws -> Plan {
        let document = try FitLoadingTests.agenda("""
            title: Late
            timebox: 30m
            fit: \(fit)
            agenda:
              - exercise: late
              - break: 4m
                min: 3m
              - exercise: wrap
            """, exercises: [
                "late": """
                    id: late
                    title: Late
                    steps:
                      - { id: opening, handler: timebox, duration: 5m }
                      - { id: round, handler: round, each: participant, duration: 2m, min: 1m }
                      - { id: talk, handler: timebox, duration: 10m, min: 4m, priority: 2 }
                    """,
                "wrap": """
                    id: wrap
                    title: Wrap
                    steps:
                      - { id: wrap-up, handler: timebox, duration: 5m, lock: true }
                    """,
            ])
        return try Planner(registry: Fixtures.registry).plan(document, participants: people.map { Participant($0) })
    }

    @Test func anAgendaSevenMinutesLateWithFitAutoLandsOnItsTimebox() async throws {
        try await TestClockGate.run {
            let plan = try Self.lateAgenda(fit: "auto")
            #expect(plan.duration == .seconds(30 * 60))
            let harness = Harness(plan: plan)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            // The opening overruns by seven minutes: the room moves on at 12:00.
            await harness.clock.advance(by: .seconds(12 * 60))
            await harness.type("/next")
            harness.input.close()
            await harness.clock.run()
            let result = await run.value
            #expect(result.completed)
            let off = result.elapsed - .seconds(30 * 60)
            #expect(off <= .seconds(TimeFit.deadBand) && off >= .seconds(-TimeFit.deadBand), "ended at \(result.elapsed)")
            // 18 minutes for 25 planned: the round and the talk shrink, the locked wrap-up does not.
            let fitted = result.timings.map { $0.fitted.map { Int($0.components.seconds) } }
            #expect(fitted[0] == nil)
            #expect(fitted[4] == nil)
            #expect(result.timings[1].fitted! < .seconds(360) && result.timings[1].fitted! >= .seconds(180))
            #expect(result.timings[2].fitted! < .seconds(600) && result.timings[2].fitted! >= .seconds(240))
            #expect(result.timings[3].fitted.map { $0 >= .seconds(180) } ?? true)
            #expect(harness.notices.contains { $0.hasPrefix("Fitted to end at 30:00") })
            // The report's agenda gives planned → fitted, then the actual length.
            let report = MarkdownReport.render(result)
            let round = DurationText.clock(result.timings[1].fitted!)
            #expect(report.contains("| 1.2 | Round | round | 5:00 | 12:00 | 6:00 → \(round) | \(round) | +0:00 |"), "\(report)")
            #expect(report.contains("| 2.1 | Wrap up | timebox | 25:00 | 25:00 | 5:00 | 5:00 | +0:00 |"), "\(report)")
        }
    }

    @Test func withoutFittingTheSameSessionEndsSevenMinutesLate() async throws {
        try await TestClockGate.run {
            let harness = Harness(plan: try Self.lateAgenda(fit: "manual"))
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(12 * 60))
            await harness.type("/next")
            harness.input.close()
            await harness.clock.run()
            let result = await run.value
            #expect(result.elapsed == .seconds(37 * 60))
            #expect(result.timings.allSatisfy { $0.fitted == nil })
        }
    }

    @Test func fitByHandFitsTheStepsAfterThisOne() async throws {
        try await TestClockGate.run {
            let harness = Harness(plan: try Self.lateAgenda(fit: "manual"))
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(12 * 60))
            // In overtime the opening ends now: the rest has 18 minutes.
            await harness.type("/fit")
            #expect(harness.notices.last?.hasPrefix("Fitted to end at 30:00") == true)
            await harness.type("/fit")
            #expect(harness.notices.last?.hasPrefix("On time") == true)
            await harness.type("/next")
            harness.input.close()
            await harness.clock.run()
            let result = await run.value
            #expect(result.elapsed == .seconds(30 * 60))
        }
    }

    @Test func minimumsThatDoNotFitProposeADropThatTheFacilitatorConfirms() async throws {
        try await TestClockGate.run {
            let harness = Harness(plan: try Self.lateAgenda(fit: "manual"))
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            // 20 minutes late: 5 minutes are left for 3m + 4m + 3m + 5m of minimums.
            await harness.clock.advance(by: .seconds(25 * 60))
            await harness.type("/fit")
            #expect(harness.notices.last?.contains("/fit yes") == true)
            await harness.type("/fit yes")
            #expect(harness.notices.last?.contains("Dropped (carry to the next session)") == true)
            await harness.type("/next")
            harness.input.close()
            await harness.clock.run()
            let result = await run.value
            #expect(result.timings.filter(\.dropped).count >= 2)
            #expect(!result.timings[4].dropped)
            #expect(result.completed)
            #expect(MarkdownReport.render(result).contains("(dropped: carry to the next session)"))
            // The team carries the dropped steps to its next session.
            let ledger = TeamLedger(path: FileManager.default.temporaryDirectory
                .appendingPathComponent("roundtable-fit-\(UUID().uuidString)/ledger.jsonl").path)
            try ledger.record(result, session: "s1", team: "t", known: [], carryovers: [])
            let carried = ledger.items(team: "t")
            #expect(carried.map(\.kind) == Array(repeating: RunResult.droppedStepKind, count: result.dropped.count))
            // Five minutes for 3m + 4m + 3m of minimums besides the locked wrap-up: all of them go.
            #expect(carried.map(\.text) == ["Late: Round", "Late: Talk", "Break"])
        }
    }

    @Test func aReplayedJournalFitsAndCountsAirtimeTheSameWay() async throws {
        let plan = try Self.lateAgenda(fit: "auto")
        let recorder = MemoryRecorder()
        let results = LockIsolated<[RunResult]>([])
        await TestClockGate.run {
            let clock = TestClock()
            let input = FeedInput()
            let runner = Runner(plan: plan, registry: Fixtures.registry, clock: clock, display: SilentTestDisplay(), input: input,
                                recorder: recorder, heartbeat: .seconds(600))
            let run = Task { await runner.run() }
            await Task.megaYield()
            input.type("/speaker Ben")
            await Task.megaYield()
            await clock.advance(by: .seconds(12 * 60))
            input.type("/next")
            await Task.megaYield()
            await clock.advance(by: .seconds(100))
            input.type("/fit")
            input.close()
            await Task.megaYield()
            await clock.run()
            let result = await run.value
            results.withValue { $0.append(result) }
        }
        let journal = recorder.records.withLock { $0 }
        await TestClockGate.run {
            let runner = Runner(plan: plan, registry: Fixtures.registry, clock: TestClock(), display: SilentTestDisplay(),
                                input: ScriptedInput([]))
            let result = await runner.run(resuming: journal, live: false)
            results.withValue { $0.append(result) }
        }
        let (live, replayed) = (results.value[0], results.value[1])
        #expect(live.timings.map(\.fitted) == replayed.timings.map(\.fitted))
        #expect(live.timings.map(\.airtime) == replayed.timings.map(\.airtime))
        #expect(live.timings[0].airtime == ["Ben": .seconds(12 * 60)])
        #expect(live.timings[1].fitted != nil)
    }

    // MARK: Airtime

    @Test func airtimeOfAScriptedRoundComesFromTurnStartsAndEnds() async throws {
        try await TestClockGate.run {
            let plan = try Fixtures.plan("""
                id: round
                title: Round
                steps:
                  - { id: round, handler: round, each: participant, duration: 1m }
                """, people: Self.people)
            let speakers = plan.steps[0].segments.map(\.speaker!)
            let harness = Harness(plan: plan)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(20))
            await harness.type("/next")
            await harness.clock.advance(by: .seconds(60))
            await harness.clock.advance(by: .seconds(30))
            await harness.type("/next")
            let result = await run.value
            #expect(result.timings[0].airtime == [speakers[0]: .seconds(20), speakers[1]: .seconds(60), speakers[2]: .seconds(30)])
            #expect(result.airtime == result.timings[0].airtime)
        }
    }

    @Test func airtimeOfAScriptedDiscussionFollowsSpeakerAndPauses() async throws {
        try await TestClockGate.run {
            let plan = try Fixtures.plan("""
                id: talk
                title: Talk
                steps:
                  - { id: talk, handler: timebox, duration: 5m, timer: { on_zero: advance } }
                """, people: Self.people)
            let harness = Harness(plan: plan)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            await harness.type("/speaker Ana")
            await harness.clock.advance(by: .seconds(60))
            await harness.type("/speaker be")
            await harness.clock.advance(by: .seconds(90))
            await harness.type("/pause")
            await harness.clock.advance(by: .seconds(50))
            await harness.type("/resume")
            await harness.clock.advance(by: .seconds(10))
            await harness.type("/speaker")
            await harness.clock.advance(by: .seconds(30))
            await harness.type("/sp 3")
            await harness.type("/speaker Zed")
            harness.input.close()
            await harness.clock.run()
            let result = await run.value
            // The deadline moved by the 50 s pause: the step ends at 350 s.
            #expect(result.elapsed == .seconds(350))
            #expect(result.timings[0].airtime == ["Ana": .seconds(60), "Ben": .seconds(100), "Chen": .seconds(110)])
            #expect(harness.notices.contains { $0.hasPrefix("No participant 'Zed'") })
        }
    }
}
