import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// The `brainstorm` handler through the real runner: signed and unsigned ideas, limits,
/// rounds and groups, and ideas kept when time runs out.
@Suite struct BrainstormTests {
    static let people = ["Ana", "Ben", "Chen"]

    @Test func signedIdeasKeepTheirAuthorAndRejectedLinesSayWhy() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
                config: { per_person: 2, min_length: 3 }
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run([
            "Ana: pair on reviews", "ben : write docs first", "a shared glossary", "ok", "  ",
            "Pair  on REVIEWS", "Ana: mob on Fridays", "ana: one more", "Chen:", "Note: a colon is fine", "/next",
        ])
        let ideas = rehearsed.artifacts(of: "ideas")
        #expect(ideas.map(\.text) == ["pair on reviews", "write docs first", "a shared glossary", "mob on Fridays", "Note: a colon is fine"])
        #expect(ideas.map(\.author) == ["Ana", "Ben", nil, "Ana", nil])
        #expect(ideas.allSatisfy { $0.kind == .idea && $0.category == nil })
        let said = rehearsed.announcements
        #expect(said.contains("Too short: an idea needs at least 3 characters."))
        #expect(said.contains("Already on the list (idea 1)."))
        #expect(said.contains("Ana has reached the limit of 2 ideas."))
        #expect(said.contains("Type the idea after the name: \"Chen: your idea\"."))
        let view = try #require(rehearsed.lastView(of: "ideas"))
        #expect(view.notes == ["5 ideas recorded, 3 signed by 2 people."])
        #expect(view.columns.map(\.title) == ["Ideas"])
        #expect(view.columns[0].cards == ideas.map { StepView.Card($0.text, by: $0.author) })
        // Every typed line ended as an idea or a rejection: none was left over as a stray note.
        #expect(!ideas.contains { $0.category == "typed" })
    }

    /// Ideas sent from devices are their participants', whatever they say; the keyboard can
    /// still sign lines for anyone.
    @Test func ideasFromDevicesKeepTheirSendersAsAuthors() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(contributions: [
            Contribution("calmer releases", source: .device("Ana")),
            Contribution("Ben: written by Chen", source: .device("Chen")),
            Contribution("Ben: pairing days"),
            Contribution("/next"),
        ])
        let ideas = rehearsed.artifacts(of: "ideas")
        #expect(ideas.map(\.text) == ["calmer releases", "Ben: written by Chen", "pairing days"])
        #expect(ideas.map(\.author) == ["Ana", "Chen", "Ben"])
    }

    @Test func anonymousDropsAuthorsButStillCountsThemForTheLimit() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
                config: { anonymous: true, per_person: 1 }
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(["Ana: first", "Ana: second", "Ben: third", "/next"])
        let ideas = rehearsed.artifacts(of: "ideas")
        #expect(ideas.map(\.text) == ["first", "third"])
        #expect(ideas.allSatisfy { $0.author == nil })
        #expect(rehearsed.announcements.contains("Ana has reached the limit of 1 ideas."))
        let view = try #require(rehearsed.lastView(of: "ideas"))
        #expect(view.notes == ["2 ideas recorded."])
        #expect(view.columns.flatMap(\.cards) == [StepView.Card("first"), StepView.Card("third")])
    }

    @Test func ideasAcrossRoundsAreFiledUnderTheAuthorsGroupOfThatRound() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 2m
                groups: 2
                rounds: 2
            """), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen", "Dev"])
        let rounds = rehearsal.plan.steps[0].segments.map(\.groups)
        let rehearsed = await rehearsal.run(["Ana: idea one", "Dev: idea two", "/next", "Ana: idea three", "/next"])
        let ideas = rehearsed.artifacts(of: "ideas")
        #expect(ideas.map(\.round) == [1, 1, 2])
        func group(of name: String, inRound round: Int) -> String? {
            rounds[round - 1].first { $0.contains(name) }?.joined(separator: " + ")
        }
        #expect(ideas.map(\.category) == [group(of: "Ana", inRound: 1), group(of: "Dev", inRound: 1), group(of: "Ana", inRound: 2)])
        #expect(ideas.allSatisfy { $0.category?.contains(" + ") == true })
        #expect(InputItem.items(from: ideas).map(\.text) == ["idea one", "idea two", "idea three"])
    }

    @Test func withATurnPerSpeakerAnUnsignedIdeaIsTheSpeakers() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 1m
                each: participant
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let speakers = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
        let rehearsed = await rehearsal.run(["mine", "/next", "Ana: signed by Ana", "/next", "also mine", "/next"])
        #expect(rehearsed.artifacts(of: "ideas").map(\.author) == [speakers[0], "Ana", speakers[2]])
    }

    @Test func ideasTypedBeforeTheTimerRunsOutAreKept() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 3m
                timer: { on_zero: advance }
              - id: after
                handler: timebox
                duration: 1m
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(["Ana: first idea", "second idea"])
        #expect(rehearsed.artifacts(of: "ideas").map(\.text) == ["first idea", "second idea"])
        #expect(rehearsed.lastView(of: "ideas")?.notes == ["2 ideas recorded, 1 signed by 1 person."])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.result.elapsed == .seconds(4 * 60))
    }

    @Test func noLineCrashesTheBrainstormHandlers() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
              - id: sheets
                handler: brainwriting
                duration: 5m
                rounds: 2
              - id: themes
                handler: cluster
                input: ideas
                duration: 5m
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let odd = [
            "", ":", "::", " : ", "Ana:", "ANA:  ", "-", "1-", "-1", "0", "1--2", "3-1", "99999999999999999999999",
            "theme", "theme :", "theme X: 1-99999999999999999999", "move", "move 1 to", "rename", "rename to", "rename  to  ",
            "list", "help", "\u{1B}[2J\u{7}", "\u{0}", "🙂: 🙂", String(repeating: "long ", count: 2000), "done now",
        ]
        let rehearsed = await rehearsal.run(["Ana: seed idea"] + odd + ["/next"] + odd + ["/next"] + odd + ["/next"] + odd + ["/next"])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.artifacts(of: "ideas").contains { $0.text == "␛[2J␇" })
        #expect(rehearsed.artifacts(of: "themes").contains { $0.category == "X" } == false)
    }

    @Test func aLimitOutOfRangeIsReportedAtItsValue() throws {
        let yaml = try BrainstormYAML.Marked(BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
                config: { per_person: ‸0, min_length: 2 }
            """))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message == "config `per_person` must be between 1 and 100, not 0")
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    @Test func aFlagThatIsNotTrueOrFalseIsReportedAtItsValue() throws {
        let yaml = try BrainstormYAML.Marked(BrainstormYAML.exercise("""
              - id: ideas
                handler: brainstorm
                duration: 5m
                config:
                  anonymous: ‸yes
            """))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.location?.line == yaml.line)
        #expect(error.diagnostics.first?.location?.column == yaml.column)
    }
}

/// Exercise text for the Brainstorm and Retrospective suites.
enum BrainstormYAML {
    /// An exercise with the example roles around `steps` (list items indented by two spaces).
    static func exercise(_ steps: String) -> String {
        """
        id: test
        title: Test
        roles: { facilitator: per-exercise, scribe: per-step }
        steps:
        \(steps)
        """
    }

    /// YAML with the spots diagnostics should point at marked by `‸`, the markers removed.
    typealias Marked = MarkedYAML

    /// Where each error of `error` points.
    static func spots(of error: LoadError) -> [MarkedYAML.Spot] {
        error.diagnostics.filter { $0.severity == .error }.compactMap { $0.location?.spot }
    }
}
