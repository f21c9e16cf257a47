import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// The `brainwriting` handler through the real runner: sheets that pass on each round,
/// writers who see what is on the sheet, and rounds cut short by the timer.
@Suite struct BrainstormBrainwritingTests {
    static let people = ["Ana", "Ben", "Chen"]

    static func sheets(rounds: Int, ideas: Int = 2, extra: String = "") -> String {
        BrainstormYAML.exercise("""
              - id: sheets
                handler: brainwriting
                duration: 5m
                rounds: \(rounds)
                config: { ideas_per_round: \(ideas) }\(extra)
            """)
    }

    @Test func sheetsPassToTheNextPersonEachRound() async throws {
        let rehearsal = try Rehearsal(yaml: Self.sheets(rounds: 3), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run([
            // Round 1: everyone on their own sheet. Ana fills her two ideas; Ben stops early; Chen passes.
            "a1", "a2", "b1", "", "",
            "/next",
            // Round 2: Ana has Chen's sheet, Ben has Ana's, Chen has Ben's.
            "a3", "", "b2", "", "c1", "c2",
            "/next",
            // Round 3: Ana has Ben's sheet, Ben has Chen's, Chen has Ana's; the step then ends by itself.
            "a4", "", "", "c3", "",
        ])
        let ideas = rehearsed.artifacts(of: "sheets")
        #expect(ideas.map(\.text) == ["a1", "a2", "b1", "a3", "b2", "c1", "c2", "a4", "c3"])
        #expect(ideas.map(\.author) == ["Ana", "Ana", "Ben", "Ana", "Ben", "Chen", "Chen", "Ana", "Chen"])
        #expect(ideas.map(\.category) == [
            "Sheet 1", "Sheet 1", "Sheet 2", "Sheet 3", "Sheet 1", "Sheet 2", "Sheet 2", "Sheet 2", "Sheet 1",
        ])
        #expect(ideas.map(\.round) == [1, 1, 1, 2, 2, 2, 2, 3, 3])
        let said = rehearsed.announcements
        #expect(said.contains("Everyone starts on their own sheet: 1 Ana · 2 Ben · 3 Chen."))
        #expect(said.contains("Round 2 of 3: each sheet passes to the next person."))
        // Writers see every sheet, with what is on it, as a column of the board.
        let view = try #require(rehearsed.lastView(of: "sheets"))
        #expect(view.columns.map(\.title) == ["Sheet 1 (Ana)", "Sheet 2 (Ben)", "Sheet 3 (Chen)"])
        for (index, column) in view.columns.enumerated() {
            #expect(column.cards == ideas.filter { $0.category == "Sheet \(index + 1)" }.map { StepView.Card($0.text, by: $0.author) })
        }
        #expect(rehearsed.views.contains { $0.columns.first?.cards.map(\.text) == ["a1", "a2"] })
        #expect(view.notes == ["9 ideas on 3 sheets."])
        #expect(rehearsed.result.completed)
    }

    @Test func theWriterIsAskedForTheSheetInFrontOfThem() async throws {
        let rehearsal = try Rehearsal(yaml: Self.sheets(rounds: 2, ideas: 3), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let rehearsed = await rehearsal.run(["", "", "/next", "", ""])
        let prompts = rehearsed.events.compactMap { event -> String? in
            if case .prompt(let text, _) = event.event { return text } else { return nil }
        }
        #expect(prompts.contains("Ana, sheet 1 (your own): up to 3 ideas, one per line; empty line when done"))
        #expect(prompts.contains("Ana, sheet 2 (from Ben): up to 3 ideas, one per line; empty line when done"))
        #expect(prompts.contains("Ben, sheet 1 (from Ana): up to 3 ideas, one per line; empty line when done"))
    }

    @Test func aRepeatOnTheSameSheetAndLinesAfterTheRoundAreRejected() async throws {
        let rehearsal = try Rehearsal(yaml: Self.sheets(rounds: 2), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let rehearsed = await rehearsal.run([
            "shared docs", "Shared  Docs", "", "", "too late for round 1", "/next",
            "shared docs", "", "",
        ])
        let ideas = rehearsed.artifacts(of: "sheets")
        // The same idea on another sheet is fine: Ana writes it again on Ben's sheet in round 2.
        #expect(ideas.map(\.text) == ["shared docs", "shared docs"])
        #expect(ideas.map(\.category) == ["Sheet 1", "Sheet 2"])
        let said = rehearsed.announcements
        #expect(said.contains("Already on sheet 1; add another idea or an empty line."))
        #expect(said.contains("Not kept: Round 1 is done: /next passes the sheets."))
        #expect(!rehearsed.artifacts(of: "sheets").contains { $0.category == "typed" })
    }

    @Test func withATurnPerWriterEachTurnWritesOnTheRotatedSheet() async throws {
        let rehearsal = try Rehearsal(
            yaml: Self.sheets(rounds: 2, ideas: 1, extra: "\n    each: participant"), handlers: BuiltInHandlers.all,
            participants: Self.people)
        let segments = rehearsal.plan.steps[0].segments
        var script: [String] = []
        for segment in segments { script += ["\(segment.speaker!) in round \(segment.round)", "/next"] }
        let rehearsed = await rehearsal.run(script)
        let ideas = rehearsed.artifacts(of: "sheets")
        #expect(ideas.count == segments.count)
        for (idea, segment) in zip(ideas, segments) {
            let position = Self.people.firstIndex(of: segment.speaker!)!
            let sheet = (position - (segment.round - 1) + Self.people.count) % Self.people.count + 1
            #expect(idea.author == segment.speaker)
            #expect(idea.category == "Sheet \(sheet)")
        }
    }

    @Test func aRoundCutShortByTheTimerPassesTheSheetsWithWhatIsOnThem() async throws {
        let rehearsal = try Rehearsal(
            yaml: Self.sheets(rounds: 2, extra: "\n    timer: { on_zero: advance }"), handlers: BuiltInHandlers.all,
            participants: Self.people)
        let rehearsed = await rehearsal.run(["a1"])
        let ideas = rehearsed.artifacts(of: "sheets")
        #expect(ideas.map(\.text) == ["a1"])
        #expect(ideas.map(\.category) == ["Sheet 1"])
        #expect(rehearsed.announcements.contains("Round 2 of 2: each sheet passes to the next person."))
        #expect(rehearsed.lastView(of: "sheets")?.notes == ["1 idea on 1 sheet."])
        #expect(rehearsed.lastView(of: "sheets")?.columns.first?.cards == [StepView.Card("a1", by: "Ana")])
        #expect(rehearsed.result.elapsed == .seconds(10 * 60))
    }

    @Test func tooManyIdeasPerRoundIsReportedAtTheValue() throws {
        let yaml = try BrainstormYAML.Marked(BrainstormYAML.exercise("""
              - id: sheets
                handler: brainwriting
                duration: 5m
                rounds: 3
                config:
                  ideas_per_round: ‸11
            """))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message == "config `ideas_per_round` must be between 1 and 10, not 11")
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    @Test func groupsAreRefusedAtTheConfig() throws {
        let yaml = try BrainstormYAML.Marked(BrainstormYAML.exercise("""
              - id: sheets
                handler: brainwriting
                duration: 5m
                groups: 2
                config: ‸{ ideas_per_round: 2 }
            """))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen", "Dev"])
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("remove `groups:`"))
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }
}
