import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// A re-entered step supersedes its earlier run, for every built-in handler: the room runs
/// a step, goes `/back` into it and runs it again, and only the finished run counts; the
/// first is kept apart as superseded.
@Suite struct ReenteredStepTests {
    /// The documented example between an `earlier` step it can take input from and an
    /// `after` step to go back from.
    static func exercise(_ name: String) throws -> String {
        try ExampleRunTests.exercise(name) + """

              - id: after
                handler: timebox
                duration: 1m
            """
    }

    /// How the room leaves a step whose script does not: cluster's `done` ends it;
    /// brainwriting's six rounds each pass the sheets with `/next`, the last ends it.
    static let leave: [String: [String]] = ["cluster": [], "brainwriting": Array(repeating: "/next", count: 6)]

    func rehearse(_ name: String, _ lines: [String]) async throws -> (Rehearsed, Int) {
        var rehearsal = try Rehearsal(yaml: try Self.exercise(name), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        rehearsal.carried = [CarriedItem(id: "s1#1", kind: "commitment", text: "Fix the flaky test", owner: "Ana", session: "s1")]
        // The example's step: the one before `after`.
        let index = rehearsal.plan.steps.count - 2
        return (await rehearsal.run(lines), index)
    }

    @Test(arguments: BuiltInHandlers.all.map { $0.name })
    func onlyTheFinishedRunOfAReenteredStepCounts(_ name: String) async throws {
        var script = try #require(ExampleRunTests.scripts[name])
        // A step whose handler is done waits for the room: `/next` leaves it, for `after`.
        if script.last != "/next" { script += Self.leave[name] ?? ["/next"] }
        let (once, index) = try await rehearse(name, ExampleRunTests.earlier + script + ["/next"])
        #expect(once.result.plan.steps[index].handler == name)
        let (twice, _) = try await rehearse(name, ExampleRunTests.earlier + script + ["/back"] + script + ["/next"])
        let counted = once.result.artifacts[index]
        #expect(!counted.isEmpty, "the example of \(name) produces nothing to count")
        #expect(once.result.superseded[index].isEmpty)
        // The second run counts exactly as one run would: nothing doubled, nothing mixed.
        #expect(twice.result.artifacts[index] == counted)
        // The first run is kept, apart, as superseded.
        #expect(twice.result.superseded[index] == counted)
        #expect(twice.result.completed)
    }
}
