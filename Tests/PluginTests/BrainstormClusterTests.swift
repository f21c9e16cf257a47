import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// The `cluster` handler through the real runner, fed by a brainstorm or brainwriting step,
/// and the chain brainwriting → cluster → a step that takes the themes.
@Suite struct BrainstormClusterTests {
    static let people = ["Ana", "Ben", "Chen"]

    static func afterBrainstorm(timer: String = "") -> String {
        BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
              - id: themes
                handler: cluster
                input: ideas
                duration: 10m\(timer)
            """)
    }

    static let fiveIdeas = [
        "Ana: pair on reviews", "Ben: docs first", "Chen: glossary", "Ana: mob Fridays", "Ben: buddy system", "/next",
    ]

    @Test func commandsMakeThemesAndEveryIdeaIsRecordedUnderItsThemeWithItsAuthor() async throws {
        let rehearsal = try Rehearsal(yaml: Self.afterBrainstorm(), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(Self.fiveIdeas + [
            "theme Pairing: 1 4", "theme Docs: 2, 3", "rename Docs to Written docs", "theme People: 5 1", "list", "done",
        ])
        let themed = rehearsed.artifacts(of: "themes")
        #expect(themed.map(\.text) == ["mob Fridays", "docs first", "glossary", "pair on reviews", "buddy system"])
        #expect(themed.map(\.category) == ["Pairing", "Written docs", "Written docs", "People", "People"])
        #expect(themed.map(\.author) == ["Ana", "Ben", "Chen", "Ana", "Ben"])
        #expect(themed.allSatisfy { $0.kind == .idea })
        let said = rehearsed.announcements
        // The board starts with every idea, numbered, out of any theme.
        let first = try #require(rehearsed.views.first { $0.columns.map(\.title) == ["Other"] })
        #expect(first.columns[0].cards.map(\.text) == ["1. pair on reviews", "2. docs first", "3. glossary", "4. mob Fridays", "5. buddy system"])
        #expect(said.contains("Pairing (2): 1, 4."))
        #expect(said.contains("Renamed Docs to Written docs."))
        #expect(said.contains("People (2): 1, 5 (1 left Pairing)."))
        #expect(said.contains("""
            Pairing (1)
              4. mob Fridays
            Written docs (2)
              2. docs first
              3. glossary
            People (2)
              1. pair on reviews
              5. buddy system
            Other, not in a theme (0)
            """))
        let view = try #require(rehearsed.lastView(of: "themes"))
        #expect(view.notes == ["3 themes: Pairing (1), Written docs (2), People (2)."])
        #expect(view.columns.map(\.title) == ["Pairing", "Written docs", "People", "Other"])
        #expect(view.columns.map { $0.cards.map(\.text) } == [["4. mob Fridays"], ["2. docs first", "3. glossary"],
                                                            ["1. pair on reviews", "5. buddy system"], []])
        let themes = InputItem.items(from: themed, byCategory: true)
        #expect(themes.map(\.text) == ["Pairing", "Written docs", "People"])
        #expect(themes.map(\.count) == [1, 2, 2])
    }

    @Test func aCommandWithAMistakeChangesNothingAndSaysWhy() async throws {
        let rehearsal = try Rehearsal(yaml: Self.afterBrainstorm(), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(Self.fiveIdeas + [
            "theme Tools: 1 2", "move 3 to Toosl", "theme Tools: 2 9", "theme Tools: two", "move to Tools",
            "rename Nope to Other", "theme Other: 3", "frobnicate", "theme : 3", "done please", "done",
        ])
        let said = rehearsed.announcements
        #expect(said.contains("No theme 'Toosl'. Did you mean Tools? Themes: Tools."))
        #expect(said.contains("No idea 9: the ideas are numbered 1 to 5."))
        #expect(said.contains("'two' is not an idea number; type numbers like 1 4 7 or 2-5."))
        #expect(said.contains("Write it as: move 3 5 to NAME"))
        #expect(said.contains("No theme 'Nope'. Themes: Tools."))
        #expect(said.contains("Other holds the ideas in no theme; pick another name."))
        #expect(said.contains("Not a command. Commands: theme NAME: 1 4 7 · move 3 to NAME · rename OLD to NEW · list · done"))
        #expect(said.contains("Name the theme, e.g. theme Onboarding: 1 4 7"))
        #expect(said.contains("Type just `done` to finish clustering."))
        let themed = rehearsed.artifacts(of: "themes")
        #expect(themed.map(\.category) == ["Tools", "Tools", "Other", "Other", "Other"])
        #expect(themed.map(\.text) == ["pair on reviews", "docs first", "glossary", "mob Fridays", "buddy system"])
    }

    @Test func whenTimeRunsOutTheThemesSoFarAreRecorded() async throws {
        let rehearsal = try Rehearsal(
            yaml: Self.afterBrainstorm(timer: "\n    timer: { on_zero: advance }"), handlers: BuiltInHandlers.all,
            participants: Self.people)
        let rehearsed = await rehearsal.run(Self.fiveIdeas + [
            "theme Go to market: 2 3", "rename Go to market to GTM", "move 3 to other",
        ])
        let themed = rehearsed.artifacts(of: "themes")
        #expect(themed.map(\.text) == ["docs first", "pair on reviews", "glossary", "mob Fridays", "buddy system"])
        #expect(themed.map(\.category) == ["GTM", "Other", "Other", "Other", "Other"])
        #expect(rehearsed.announcements.contains("3 back under Other."))
        #expect(rehearsed.lastView(of: "themes")?.notes == ["1 theme: GTM (1); 4 ideas under Other."])
        #expect(rehearsed.result.elapsed == .seconds(10 * 60))
    }

    @Test func themesFromTheConfigAreReadyToFill() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
              - id: themes
                handler: cluster
                input: ideas
                duration: 10m
                config: { themes: [Tooling, Process, Unused], unassigned: Parked }
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(Self.fiveIdeas + ["move 2 3 to process", "move 1 to Tooling", "done"])
        let themed = rehearsed.artifacts(of: "themes")
        #expect(themed.map(\.category) == ["Tooling", "Process", "Process", "Parked", "Parked"])
        #expect(rehearsed.lastView(of: "themes")?.notes == ["2 themes: Tooling (1), Process (2); 2 ideas under Parked; empty, not kept: Unused."])
    }

    @Test func anEmptyInputSaysSoAndRecordsNoIdeas() async throws {
        let rehearsal = try Rehearsal(yaml: Self.afterBrainstorm(), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(["/next"])
        #expect(rehearsed.announcements.contains("Nothing to cluster: the input step left no ideas."))
        #expect(rehearsed.artifacts(of: "themes").isEmpty)
        #expect(rehearsed.result.completed)
    }

    @Test func aStepWithoutInputIsReportedAtTheStep() throws {
        let yaml = try BrainstormYAML.Marked(BrainstormYAML.exercise("""
              - ‸id: themes
                handler: cluster
                duration: 10m
            """))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.contains("add `input: <step id>`"))
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    @Test func aThemeListedTwiceIsReportedAtTheSecond() throws {
        let yaml = try BrainstormYAML.Marked(BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
              - id: themes
                handler: cluster
                input: ideas
                duration: 10m
                config: { themes: [Tooling, ‸tooling] }
            """))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        #expect(error.diagnostics.map(\.message) == ["theme 'tooling' is listed twice"])
        #expect(error.diagnostics.first?.location?.line == yaml.line)
        #expect(error.diagnostics.first?.location?.column == yaml.column)
    }

    /// Brainwriting sheets → themes → a later step that takes the themes as input.
    @Test func brainwritingFeedsClusterWhoseThemesFeedTheNextStep() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: sheets
                handler: brainwriting
                duration: 5m
                rounds: 2
                config: { ideas_per_round: 2 }
              - id: themes
                handler: cluster
                input: sheets
                duration: 10m
              - id: discuss
                handler: timebox
                input: themes
                duration: 5m
            """), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let rehearsed = await rehearsal.run([
            "remote pairing", "pairing rota", "docs day", "", "/next",
            // The last round and `done` end their steps themselves: no /next after them.
            "doc templates", "", "pair swap board", "",
            "theme Pairing: 1 2 5", "theme Docs: 3-4", "done",
            "we start with Pairing", "/next",
        ])
        let sheets = rehearsed.artifacts(of: "sheets")
        #expect(sheets.map(\.category) == ["Sheet 1", "Sheet 1", "Sheet 2", "Sheet 2", "Sheet 1"])
        let themed = rehearsed.artifacts(of: "themes")
        #expect(themed.map(\.text) == ["remote pairing", "pairing rota", "pair swap board", "docs day", "doc templates"])
        #expect(themed.map(\.category) == ["Pairing", "Pairing", "Pairing", "Docs", "Docs"])
        #expect(themed.map(\.author) == ["Ana", "Ana", "Ben", "Ben", "Ana"])
        let themes = InputItem.items(from: themed, byCategory: true)
        #expect(themes.map(\.text) == ["Pairing", "Docs"])
        #expect(themes.map(\.count) == [3, 2])
        #expect(rehearsed.artifacts(of: "discuss").map(\.text) == ["we start with Pairing"])
        // The report groups the themed ideas under their theme, in the board's order.
        #expect(rehearsed.report.contains("**Pairing** (3 cards)\n\n- remote pairing — Ana\n- pairing rota — Ana\n- pair swap board — Ben\n\n**Docs** (2 cards)"))
        #expect(rehearsed.result.completed)
    }
}
