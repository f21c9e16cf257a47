import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// A block with `for_each:`: its steps run once per ranked item, `{{item}}` in all of them,
/// and what they record is filed under the item.
@Suite struct BlockLoopTests {
    typealias H = LoaderHarness

    /// Topics, a vote on them, then for each of the top 2: discuss, then capture actions.
    static let topics = """
        id: topics
        title: Topics
        steps:
          - id: propose
            handler: brainstorm
            duration: 2m
          - id: vote
            handler: dot-vote
            input: propose
            duration: 2m
            config: { dots: 1 }
          - block: topic
            for_each: { from: vote, top: 2 }
            steps:
              - id: discuss
                title: "Discuss: {{item}}"
                handler: timebox
                duration: 3m
                prompt: "{{item}}: what matters most?"
              - id: actions
                handler: action-items
                input: discuss
                duration: 2m
                instructions: "Actions for {{item}}, each with an owner."
        """

    // MARK: Loading

    @Test func aLoopingBlockHasAPassPerItemItMayTakeAndItemIsKnownInItsSteps() throws {
        let exercise = try H.exercise(Self.topics)
        #expect(exercise.warnings.isEmpty, "\(exercise.warnings)")
        let block = try #require(exercise.steps[2].structure.block)
        #expect(block.forEach == StepStructure.ForEach(from: "vote", top: 2))
        #expect(block.passes(participants: 5) == 2)
        let plan = try Fixtures.plan(Self.topics)
        #expect(plan.steps.map(\.id) == ["propose", "vote", "discuss-1", "actions-1", "discuss-2", "actions-2"])
        #expect(plan.steps[3].itemLoop == ItemLoop(fromIndex: 1, fromID: "vote", top: 2, pick: 1))
        #expect(plan.steps[4].itemLoop?.pick == 2)
        #expect(plan.steps[4].generalTitle == "Discuss: item 2")
        #expect(plan.steps[5].title == "Actions (item 2/2)")
    }

    @Test func aLoopingBlockWithRepeatOrFromALaterStepIsALocatedError() throws {
        let both = try MarkedYAML(Self.topics.replacingOccurrences(
            of: "for_each: { from: vote, top: 2 }", with: "for_each: { from: vote, top: 2 }\n    repeat: ‸2"))
        let twice = try H.diagnostic(.invalidBlockLoop, in: try H.diagnostics(both.text))
        #expect(twice.location == both.location(in: H.file))

        let later = try MarkedYAML(Self.topics.replacingOccurrences(of: "{ from: vote, top: 2 }", with: "{ from: ‸discuss, top: 2 }"))
        let from = try H.diagnostic(.invalidBlockLoop, in: try H.diagnostics(later.text))
        #expect(from.location == later.location(in: H.file))
        #expect(from.hint == "steps before the block: propose, vote")

        let inner = try MarkedYAML(Self.topics.replacingOccurrences(
            of: "        handler: timebox\n", with: "        handler: timebox\n        for_each: ‸{ from: vote, top: 1 }\n"))
        let nested = try H.diagnostic(.invalidBlockLoop, in: try H.diagnostics(inner.text))
        #expect(nested.location == inner.location(in: H.file))
    }

    // MARK: The engine

    static let script = [
        "Ana: a wiki", "Ben: a demo day", "Chen: a book club", "/next",
        "2", "2", "3", "/next",
        "everyone sees the work", "/next",
        "Book the hall @Ana", "/next",
        "we read together", "/next",
        "Pick a first book @Ben", "/next",
    ]

    @Test func eachPassRunsItsStepsOnItsItemAndFilesWhatTheyRecordUnderIt() async throws {
        let rehearsal = try Rehearsal(yaml: Self.topics, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run(Self.script)
        #expect(rehearsed.result.completed)
        #expect(rehearsed.artifacts(of: "discuss-1").map(\.item) == ["a demo day"])
        #expect(rehearsed.artifacts(of: "discuss-2").map(\.text) == ["we read together"])
        #expect(rehearsed.artifacts(of: "discuss-2").map(\.item) == ["a book club"])
        let actions = rehearsed.artifacts(of: "actions-1").filter { $0.kind == .action }
        #expect(actions.map(\.text) == ["Book the hall"])
        #expect(actions.map(\.item) == ["a demo day"])
        #expect(rehearsed.artifacts(of: "actions-2").filter { $0.kind == .action }.map(\.item) == ["a book club"])
        // {{item}} follows the pass in prompts, instructions and the round's label.
        let started = rehearsed.events.compactMap { _, event -> (String, Segment, String?)? in
            guard case .segmentStarted(let step, let segment, let instructions) = event else { return nil }
            return (step.id, segment, instructions)
        }
        let labels = started.filter { $0.0.hasPrefix("discuss") }.map(\.1.roundLabel)
        #expect(labels == ["Item 1/2: a demo day", "Item 2/2: a book club"])
        #expect(started.first { $0.0 == "actions-2" }?.2 == "Actions for a book club, each with an owner.")
        let report = rehearsed.report
        let first = try #require(report.range(of: "**1. a demo day**"))
        let second = try #require(report.range(of: "**2. a book club**"))
        #expect(report[first.upperBound..<second.lowerBound].contains("everyone sees the work"))
        #expect(report[second.upperBound...].contains("we read together"))
    }

    @Test func passesWithoutAnItemAreSkipped() async throws {
        let rehearsal = try Rehearsal(yaml: Self.topics, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run([
            "Ana: a wiki", "/next", "1", "1", "1", "/next",
            "it helps", "/next", "Write the first page @Chen", "/next",
        ])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.artifacts(of: "discuss-1").map(\.item) == ["a wiki"])
        #expect(rehearsed.result.timings[4].skipped && rehearsed.result.timings[5].skipped)
        let notices = rehearsed.events.compactMap { _, event -> String? in if case .notice(let text) = event { return text } else { return nil } }
        #expect(notices.contains("Step 'Discuss: item 2' has no items from 'vote' to go through; skipped."), "\(notices)")
    }
}
