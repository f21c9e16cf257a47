import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// Steps over ranked items (`for_each:`): loading, the clock's rounds per item, and a
/// rehearsal through the real runner whose notes are filed under their items.
@Suite struct ItemLoopTests {
    typealias H = LoaderHarness

    /// Ideas, a vote on them, then a 2-minute round for each of the top 2.
    static let pitches = """
        id: pitches
        title: Pitches
        steps:
          - id: ideas
            handler: brainstorm
            duration: 2m
          - id: vote
            handler: dot-vote
            input: ideas
            duration: 2m
            config: { dots: 1 }
          - id: pitch
            title: "Pitch: {{item}}"
            handler: timebox
            for_each: { from: vote, top: 2 }
            duration: 2m
            prompt: "Why {{item}}?"
          - id: close
            handler: timebox
            duration: 1m
        """

    // MARK: Loading

    @Test func aLoopHasARoundPerItemItMayTake() throws {
        let step = try H.exercise(Self.pitches).steps[2]
        #expect(step.rounds == 2)
        #expect(step.structure.forEach == StepStructure.ForEach(from: "vote", top: 2))
    }

    @Test func aLoopFromALaterStepIsReportedAtFromWithASuggestion() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: vote
                handler: timebox
                duration: 1m
              - id: talk
                handler: timebox
                duration: 1m
                for_each: { from: ‸vot, top: 2 }
            """)
        let diagnostic = try H.diagnostic(.invalidForEach, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.notes.map(\.message) == ["did you mean 'vote'?"])
    }

    @Test func aLoopWithRoundsOrWithoutTopIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: vote
                handler: timebox
                duration: 1m
              - id: talk
                handler: timebox
                duration: 1m
                rounds: ‸2
                for_each: { from: vote }
            """)
        let diagnostics = try H.diagnostics(yaml.text).filter { $0.code == .invalidForEach }
        #expect(diagnostics.count == 2)
        #expect(diagnostics.contains { $0.location == yaml.location(in: H.file) })
        #expect(diagnostics.contains { $0.message.contains("`top`") })
    }

    /// The loader checks a handler's config with the rounds the planner binds it with, so
    /// `validate` refuses what `show` and `run` refuse.
    @Test func aHandlerThatRunsOncePerStepIsRefusedInALoopByTheLoaderAsByThePlanner() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: ideas
                handler: brainstorm
                duration: 1m
              - id: score
                ‸handler: dot-vote
                input: ideas
                for_each: { from: ideas, top: 3 }
                duration: 1m
            """)
        let diagnostic = try H.diagnostic(containing: "cannot take a round per item", in: try H.diagnostics(yaml.text))
        #expect(diagnostic.message.contains("`for_each:`") && !diagnostic.message.contains("rounds: 3"))
        // With one item the step has one round: it loads and plans.
        let one = yaml.text.replacingOccurrences(of: "top: 3", with: "top: 1")
        #expect(try H.exercise(one).steps[1].rounds == 1)
        _ = try Fixtures.plan(one)
    }

    @Test func itemOutsideALoopIsAWarningAndInATitleOutsideALoopAnError() throws {
        let warned = try H.exercise("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                duration: 1m
                prompt: "About {{item}}"
            """)
        #expect(warned.warnings.map(\.code) == [.itemOutsideLoop])
        let diagnostics = try H.diagnostics("""
            id: x
            title: X
            steps:
              - id: talk
                title: "About {{item}}"
                handler: timebox
                duration: 1m
            """)
        #expect(diagnostics.map(\.code) == [.roleInTitle])
    }

    // MARK: The clock

    @Test func fewerItemsThanTopRunFewerRoundsAndNoItemsSkipTheStep() throws {
        let plan = try Fixtures.plan(Self.pitches)
        var machine = RunnerMachine(plan: plan)
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(10))
        _ = machine.handle(.stepClosed, at: .seconds(10))
        _ = machine.handle(.command(.next), at: .seconds(20))
        _ = machine.handle(.itemsKnown(step: 2, count: 1), at: .seconds(20))
        #expect(machine.handle(.stepClosed, at: .seconds(20)) == [
            .beginStep(2), .beginSegment(step: 2, segment: 0, deadline: .seconds(140)), .setAlarm(.seconds(130)),
        ])
        // One item only: the loop ends after its first round.
        #expect(machine.handle(.command(.next), at: .seconds(30)) == [.setAlarm(nil), .endStep(2, skipped: false)])

        var empty = RunnerMachine(plan: plan)
        _ = empty.handle(.start, at: .zero)
        _ = empty.handle(.command(.next), at: .seconds(10))
        _ = empty.handle(.stepClosed, at: .seconds(10))
        _ = empty.handle(.command(.next), at: .seconds(20))
        _ = empty.handle(.itemsKnown(step: 2, count: 0), at: .seconds(20))
        #expect(empty.handle(.stepClosed, at: .seconds(20)) == [
            .notice("Step 'Pitch: each item' has no items from 'vote' to go through; skipped."),
            .beginStep(3), .beginSegment(step: 3, segment: 0, deadline: .seconds(80)), .setAlarm(.seconds(70)),
        ])
        #expect(empty.timings[2].skipped)
    }

    // MARK: The engine

    @Test func aRehearsalRunsARoundPerRankedItemAndFilesNotesUnderThem() async throws {
        let rehearsal = try Rehearsal(yaml: Self.pitches, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run([
            "Ana: a wiki", "Ben: a demo day", "Chen: a book club", "/next",
            "2", "2", "3", "/next",
            "everyone sees the work", "/next",
            "we read together", "/next",
        ])
        #expect(rehearsed.result.completed)
        let notes = rehearsed.artifacts(of: "pitch")
        #expect(notes.map(\.text) == ["everyone sees the work", "we read together"])
        #expect(notes.map(\.item) == ["a demo day", "a book club"])
        let rounds = rehearsed.events.compactMap { at, event -> (Duration, String?)? in
            guard case .segmentStarted(let step, let segment, _) = event, step.id == "pitch" else { return nil }
            return (at, segment.item)
        }
        #expect(rounds.map(\.1) == ["a demo day", "a book club"])
        #expect(rounds.map(\.0) == [.zero, .zero])
        let report = rehearsed.report
        #expect(report.contains("#### Pitch: each item"))
        let demo = try #require(report.range(of: "**1. a demo day**"))
        let book = try #require(report.range(of: "**2. a book club**"))
        #expect(demo.upperBound < book.lowerBound)
        #expect(report[demo.upperBound..<book.lowerBound].contains("everyone sees the work"))
    }
}
