import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// Examples are tests, run as well as loaded: each built-in handler's documented YAML runs
/// as a step of a small exercise, after an `earlier` step that leaves three notes, and must
/// produce what its documentation promises.
@Suite struct ExampleRunTests {
    static let earlier = ["Alpha idea", "Beta idea", "Gamma idea", "/next"]

    /// The exercise around `name`'s example: an `earlier` timebox to take input from, then the example.
    static func exercise(_ name: String) throws -> String {
        let type = try #require(BuiltInHandlers.registry().handler(named: name))
        let steps = type.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        return """
            id: example
            title: Example
            roles: { facilitator: per-exercise, scribe: per-exercise }
            steps:
              - id: earlier
                handler: timebox
                duration: 1m
            \(steps)
            """
    }

    /// What is typed into each example after the earlier step.
    static let scripts: [String: [String]] = [
        "round": ["calm", "/next", "pass", "tired", "/next"],
        "checkout": ["Pair with Ben", "/next", "Write the guide", "/next", "Book the room", "/next"],
        "accountability": ["done: shipped on Tuesday", "/next"],
        "groups": ["Ana: pair on reviews", "/next"],
        "timebox": ["the demo went well", "/next"],
        "fishbowl": ["/in Ana, Ben", "/in Chen", "the pager rota", "/out Ben", "/next"],
        "brainstorm": ["Ana: shorter forms", "a buddy system", "/next"],
        "brainwriting": ["a1", "", "b1", "", "c1", ""],
        "cluster": ["theme Tooling: 1 3", "done"],
        "dot-vote": ["Chen: 3", "Ana: 1 1 2", "Ben: 2 3"],
        "fist-to-five": ["4", "5", "3"],
        "score": ["5 4 3", "4 4 -", "3 4 1"],
        "pass-and-score": ["5", "4", "3", "5", "4", "3", "5", "4", "3", "5", "4", "3", "5", "4", "-"],
        "consent": ["", "", "", "", "consent", "stand aside", "consent"],
        "decision-drill": ["1", "2", "1", "", "/next", "3", "3", "3", "", "/next"],
        "action-items": ["Write the guide @Ana due:Friday", "skip", "skip", "/next"],
        "retro-board": ["loved: the demo day", "la: time", "/next"],
    ]

    @Test func everyBuiltInHandlerHasAScript() {
        #expect(Set(Self.scripts.keys) == Set(BuiltInHandlers.all.map { $0.name }))
    }

    /// What a device is offered while each example asks the room for something: the input
    /// that fits the step (nil: a line of text).
    static let entries: [String: StepView.Entry.Kind] = [
        "retro-board": .card, "dot-vote": .dots, "fist-to-five": .scale, "score": .scores, "pass-and-score": .scale,
        "consent": .choice, "action-items": .action, "fishbowl": .choice,
    ]

    @Test(arguments: BuiltInHandlers.all.map { $0.name })
    func devicesAreOfferedTheInputThatFits(_ name: String) async throws {
        let type = try #require(BuiltInHandlers.registry().handler(named: name))
        let rehearsal = try Rehearsal(yaml: try Self.exercise(name), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run(Self.earlier + (Self.scripts[name] ?? []))
        let step = try #require(rehearsal.plan.steps.last { $0.handler == type.name }?.id)
        let index = try #require(rehearsal.plan.steps.lastIndex { $0.id == step })
        // The views published while the example's step ran (after the earlier step's).
        let start = try #require(rehearsed.events.firstIndex {
            if case .stepStarted(let started, _) = $0.event { return started.index == index } else { return false }
        })
        let kinds = Set(rehearsed.events[start...].compactMap { if case .view(let view) = $0.event { view.entry?.kind } else { nil } })
        if let expected = Self.entries[name] {
            #expect(kinds == [expected], "\(name)")
        } else {
            #expect(kinds.isEmpty || kinds == [.line], "\(name) offers \(kinds)")
        }
        // Once the step has its result, nothing more is asked in that shape.
        let settled: Set<StepView.Entry.Kind> = [.dots, .scale, .scores, .choice]
        if let kind = Self.entries[name], settled.contains(kind) {
            let last = rehearsed.lastView(of: step)
            #expect(last != nil && last?.entry == nil, "\(name)")
        }
    }

    @Test(arguments: BuiltInHandlers.all.map { $0.name })
    func theDocumentedExampleRuns(_ name: String) async throws {
        let type = try #require(BuiltInHandlers.registry().handler(named: name))
        var rehearsal = try Rehearsal(yaml: try Self.exercise(name), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        rehearsal.carried = [CarriedItem(id: "s1#1", kind: "commitment", text: "Fix the flaky test", owner: "Ana", session: "s1")]
        let script = try #require(Self.scripts[name])
        let rehearsed = await rehearsal.run(Self.earlier + script)
        #expect(rehearsed.result.completed)
        let step = try #require(rehearsal.plan.steps.last { $0.handler == type.name }?.id)
        let artifacts = rehearsed.artifacts(of: step)
        let view = try #require(rehearsed.lastView(of: step), "\(name) published no view")
        let texts = { (kind: Artifact.Kind) in artifacts.filter { $0.kind == kind }.map(\.text) }
        switch name {
        case "round":
            #expect(texts(.note) == ["calm", "passed", "tired"])
            let order = rehearsal.plan.steps.last!.segments.compactMap(\.speaker)
            #expect(rehearsed.views.contains { $0.turn == StepView.Turn(speaker: order[0], next: order[1]) })
            #expect(view.turn == StepView.Turn(speaker: order[2], next: nil))
        case "checkout":
            #expect(texts(.action) == ["Pair with Ben", "Write the guide", "Book the room"])
            #expect(view.columns.map(\.title) == ["Commitments"])
            #expect(view.columns[0].cards.map(\.author) == artifacts.map(\.owner))
        case "accountability":
            #expect(artifacts.first { $0.kind == .decision }?.category == "done")
            #expect(view.items.map(\.text) == ["Fix the flaky test"])
            #expect(view.items[0].detail == "Ana: done")
        case "groups":
            #expect(artifacts.map(\.author) == ["Ana"])
            let groups = rehearsal.plan.steps.last!.segments[0].groups
            #expect(view.columns.map(\.title) == groups.enumerated().map { "Group \($0.offset + 1): " + $0.element.joined(separator: " + ") })
            #expect(view.columns.flatMap(\.cards) == [StepView.Card("pair on reviews", by: "Ana")])
        case "timebox":
            #expect(texts(.note) == ["the demo went well"])
            #expect(view.columns == [StepView.Column("Notes", cards: [StepView.Card("the demo went well", by: artifacts[0].author)])])
        case "fishbowl":
            #expect(texts(.note) == ["the pager rota"])
            let timeline = artifacts.first { $0.kind == .result }?.table
            #expect(timeline?.rows.map { $0[1] + " " + $0[2] } == ["Ana in", "Ben in", "Chen in", "Ben out"])
            #expect(view.columns.first == StepView.Column("Inner circle (2 of 5 chairs)", cards: [.init("Ana"), .init("Chen")]))
            #expect(view.notes == ["3 free chairs of 5", "Outer circle: Ben"])
        case "brainstorm":
            #expect(texts(.idea) == ["shorter forms", "a buddy system"])
            #expect(view.columns[0].cards.map(\.text) == ["shorter forms", "a buddy system"])
            #expect(view.notes == ["2 ideas recorded, 1 signed by 1 person."])
        case "brainwriting":
            #expect(texts(.idea) == ["a1", "b1", "c1"])
            #expect(view.columns.map { $0.cards.map(\.text) } == [["a1"], ["b1"], ["c1"]])
        case "cluster":
            #expect(artifacts.map(\.category) == ["Tooling", "Tooling", "Other"])
            #expect(view.columns.map(\.title) == ["Tooling", "People", "Other"])
            #expect(view.columns[0].cards.map(\.text) == ["1. Alpha idea", "3. Gamma idea"])
        case "dot-vote":
            let table = try #require(artifacts.first { $0.kind == .result }?.table)
            #expect(table.columns == ["rank", "item", "dots"])
            // Signed ballots in any order; ties keep the order the items were listed in.
            #expect(table.rows == [["1", "Alpha idea", "2"], ["1", "Beta idea", "2"], ["1", "Gamma idea", "2"]])
            #expect(artifacts.contains { $0.kind == .decision && $0.category == "ranking" })
            #expect(view.items.map(\.tally) == [2, 2, 2])
            #expect(view.progress?.summary == "3 of 3 have voted")
        case "fist-to-five":
            #expect(texts(.decision).first?.hasPrefix("consensus: mean 4.0") == true)
            let histogram = try #require(artifacts.first { $0.kind == .result }?.table)
            #expect(histogram.rows.map { $0[1] } == ["0", "0", "0", "1", "1", "1"])
            #expect(view.items.map(\.tally) == [0, 0, 0, 1, 1, 1])
        case "score":
            #expect(texts(.decision) == ["Alpha idea", "Beta idea", "Gamma idea"])
            let histograms = artifacts.filter { $0.kind == .result && $0.text.hasPrefix("Scores for") }
            #expect(histograms.map(\.text) == ["Scores for Alpha idea", "Scores for Beta idea", "Scores for Gamma idea"])
            #expect(histograms[1].table?.rows == [["1 · poor", "0"], ["2", "0"], ["3 · fine", "0"], ["4", "3"], ["5 · excellent", "0"]])
            // Ben abstained on Gamma: its mean is of two scores, and the abstention is counted apart.
            #expect(view.items.map(\.tally) == [4, 4, 2])
            let table = try #require(artifacts.first { $0.kind == .result && $0.text == "Mean and median per item" }?.table)
            #expect(table.columns == ["item", "mean", "median", "scores", "abstained"])
            #expect(table.rows.last == ["Gamma idea", "2", "2", "2", "1"])
            #expect(artifacts.filter { $0.category == "abstained" }.map { "\($0.text) \($0.author ?? "")" } == ["Gamma idea Ben"])
        case "pass-and-score":
            #expect(artifacts.filter { $0.kind == .score }.count == 14)
            #expect(artifacts.filter { $0.category == "abstained" }.count == 1)
            let table = try #require(artifacts.first { $0.kind == .result && $0.text == "Cards ranked by their sums" }?.table)
            #expect(table.columns == ["rank", "card", "sum", "scores", "abstained", "author"])
            #expect(table.rows.compactMap { Int($0[2]) }.reduce(0, +) == 5 * 12 - 3)
            #expect(table.rows.map { Int($0[3])! + Int($0[4])! }.reduce(0, +) == 15)
            #expect(view.entry == nil && view.notes.first?.hasPrefix("Ranking by the sum of the scores, top 10") == true)
        case "consent":
            #expect(texts(.decision) == ["consented: Pairing Fridays from next sprint; stood aside: Ben"])
            #expect(view.items.map(\.tally) == [2, 0, 1])
            #expect(view.notes == ["Consented: Pairing Fridays from next sprint", "Stood aside: Ben"])
        case "decision-drill":
            #expect(texts(.decision) == ["split: Fix now 2, Roll back 1", "unanimous: Wait for Monday (3)"])
            #expect(view.prompt == "The release breaks the build of a partner team.")
            #expect(view.items.map(\.tally) == [0, 0, 3])
        case "action-items":
            let action = try #require(artifacts.first { $0.kind == .action })
            #expect([action.text, action.owner, action.due, action.category] == ["Write the guide", "Ana", "Friday", "Alpha idea"])
            #expect(view.items.map(\.detail) == ["action: Write the guide — Ana, due Friday", "no action", "no action"])
        case "retro-board":
            #expect(artifacts.map(\.category) == ["Loved", "Lacked"])
            #expect(view.columns.map(\.title) == ["Loved", "Learned", "Lacked", "Longed for"])
            #expect(view.columns.map(\.cards.count) == [1, 0, 1, 0])
        default:
            Issue.record("no check for the example of '\(name)'")
        }
    }
}
