import Clocks
import RoundtableTesting
import ConcurrencyExtras
import RoundtableKit
import Testing

/// The real runner with the real handlers, a test clock and scripted input.
///
/// Serialized and on the main serial executor: the test clock only moves when a test
/// advances it, and every task runs in a repeatable order.
@Suite(.serialized) struct RunnerTests {
    struct Harness {
        let clock = TestClock()
        let input = FeedInput()
        let display: RecordingDisplay
        let runner: Runner<TestClock<Duration>>

        init(_ yaml: String, people: [String] = ["Ana", "Ben", "Chen"]) throws {
            let clock = self.clock
            let start = clock.now
            display = RecordingDisplay(now: { start.duration(to: clock.now) })
            runner = Runner(plan: try Fixtures.plan(yaml, people: people), registry: Fixtures.registry, clock: clock,
                            display: display, input: input)
        }
    }

    @Test func warningsAndTimeUpFireAtTheExactInstants() async throws {
        try await TestClockGate.run {
            let harness = try Harness(Fixtures.twoSteps)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(239))
            #expect(harness.display.warnings.isEmpty)
            await harness.clock.advance(by: .seconds(1))
            #expect(harness.display.warnings.map(\.at) == [.seconds(240)])
            await harness.clock.advance(by: .seconds(60))
            #expect(harness.display.warnings.map(\.at) == [.seconds(240), .seconds(290)])
            #expect(harness.display.timeUps == [.seconds(300)])
            harness.input.close()
            await harness.clock.run()
            let result = await run.value
            #expect(result.completed)
        }
    }

    @Test func pauseShiftsTheDeadline() async throws {
        try await TestClockGate.run {
            let harness = try Harness(Fixtures.twoSteps)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(100))
            harness.input.type("/pause")
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(50))
            harness.input.type("/resume")
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(199))
            #expect(harness.display.timeUps.isEmpty)
            await harness.clock.advance(by: .seconds(1))
            #expect(harness.display.timeUps == [.seconds(350)])
            harness.input.type("/quit")
            await Task.megaYield()
            let result = await run.value
            #expect(!result.completed)
        }
    }

    @Test func advanceEndsTheHandlerAndKeepsWhatItCollected() async throws {
        try await TestClockGate.run {
            let harness = try Harness("""
                id: ideas
                title: Ideas
                steps:
                  - id: collect
                    handler: timebox
                    duration: 1m
                    timer: { on_zero: advance }
                    config: { kind: idea }
                  - id: after
                    handler: timebox
                    duration: 1m
                """)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            harness.input.type("first idea")
            harness.input.type("second idea")
            await Task.megaYield()
            await harness.clock.advance(by: .seconds(60))
            #expect(harness.display.segmentStarts.map(\.step) == ["collect", "after"])
            harness.input.type("a note for the second step")
            harness.input.type("/next")
            await Task.megaYield()
            let result = await run.value
            #expect(result.artifacts[0].map(\.text) == ["first idea", "second idea"])
            #expect(result.artifacts[0].allSatisfy { $0.kind == .idea && $0.stepID == "collect" })
            #expect(result.artifacts[1].map(\.text) == ["a note for the second step"])
            #expect(result.completed)
        }
    }

    @Test func perSpeakerTurnsFollowThePlanAndNotesGoToTheirSpeaker() async throws {
        try await TestClockGate.run {
            let harness = try Harness(Fixtures.twoSteps)
            let plan = harness.runner.plan
            let speakers = plan.steps[1].segments.map(\.speaker!)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            for line in ["/next", "calm", "/next", "pass", "curious", "/next"] { harness.input.type(line) }
            await Task.megaYield()
            let result = await run.value
            #expect(harness.display.segmentStarts.compactMap(\.speaker) == speakers)
            let notes = result.artifacts[1]
            #expect(notes.map(\.author) == speakers)
            #expect(notes.map(\.text) == ["calm", "passed", "curious"])
            #expect(result.timings.allSatisfy { $0.ended != nil })
        }
    }

    @Test func linesTypedWhereNoHandlerReadsThemAreKept() async throws {
        try await TestClockGate.run {
            let harness = try Harness("""
                title: With a break
                agenda:
                  - break: 5m
                """)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            harness.input.type("coffee is in the kitchen")
            harness.input.type("/next")
            await Task.megaYield()
            let result = await run.value
            #expect(result.artifacts[0].map(\.text) == ["coffee is in the kitchen"])
        }
    }

    @Test func scriptedInputThatEndsLetsTheTimersFinishTheSession() async throws {
        try await TestClockGate.run {
            let harness = try Harness(Fixtures.twoSteps)
            let run = Task { await harness.runner.run() }
            await Task.megaYield()
            harness.input.type("decided: ship on Friday")
            harness.input.close()
            await harness.clock.run()
            let result = await run.value
            #expect(result.completed)
            #expect(result.elapsed == .seconds(300 + 3 * 30))
            #expect(result.artifacts[0].map(\.text) == ["decided: ship on Friday"])
        }
    }
}
