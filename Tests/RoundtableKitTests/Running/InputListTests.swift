import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// Several inputs (`input: [a, b]`) and results handed on between the exercises of an
/// agenda (`inputs: { vote: ideas.list }`): loading, located errors, the plan and a
/// rehearsal through the real runner.
@Suite struct InputListTests {
    typealias H = LoaderHarness

    /// Two brainstorms, then one vote over the ideas of both.
    static let twoBrainstorms = """
        id: two-brainstorms
        title: Two brainstorms
        steps:
          - id: risks
            handler: brainstorm
            duration: 2m
          - id: chances
            handler: brainstorm
            duration: 2m
          - id: vote
            handler: dot-vote
            input: [risks, chances]
            duration: 2m
            config: { dots: 1 }
        """

    // MARK: Loading

    @Test func aListOfInputsKeepsItsOrderAndTheSingleFormStillReads() throws {
        let steps = try H.exercise(Self.twoBrainstorms).steps
        #expect(steps[2].inputs == ["risks", "chances"])
        #expect(steps[2].input == "risks")
        let single = try H.exercise(Self.twoBrainstorms.replacingOccurrences(of: "[risks, chances]", with: "chances")).steps
        #expect(single[2].inputs == ["chances"])
    }

    @Test func anUnknownStepInTheListIsReportedWhereItIsWritten() throws {
        let yaml = try MarkedYAML(Self.twoBrainstorms.replacingOccurrences(of: "[risks, chances]", with: "[risks, ‸chance]"))
        let diagnostic = try H.diagnostic(.invalidInput, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.notes.map(\.message) == ["did you mean 'chances'?"])
    }

    @Test func anEmptyListOrAStepNamedTwiceIsAnError() throws {
        let twice = try MarkedYAML(Self.twoBrainstorms.replacingOccurrences(of: "[risks, chances]", with: "[risks, ‸risks]"))
        let diagnostic = try H.diagnostic(.invalidInputList, in: try H.diagnostics(twice.text))
        #expect(diagnostic.location == twice.location(in: H.file))
        #expect(diagnostic.notes.count == 1)
        let empty = try MarkedYAML(Self.twoBrainstorms.replacingOccurrences(of: "[risks, chances]", with: "‸[]"))
        let none = try H.diagnostic(.invalidInputList, in: try H.diagnostics(empty.text))
        #expect(none.location == empty.location(in: H.file))
    }

    // MARK: The plan

    @Test func thePlanNamesEveryInputAndOneInputKeepsItsFingerprint() throws {
        let plan = try Fixtures.plan(Self.twoBrainstorms)
        #expect(plan.steps[2].inputIndices == [0, 1])
        #expect(plan.steps[2].inputIndex == 0)
        // `input: chances` and `input: [chances]` are the same plan, down to the digest a resume checks.
        let single = try Fixtures.plan(Self.twoBrainstorms.replacingOccurrences(of: "[risks, chances]", with: "chances"))
        let listed = try Fixtures.plan(Self.twoBrainstorms.replacingOccurrences(of: "[risks, chances]", with: "[chances]"))
        #expect(single.fingerprint == listed.fingerprint)
        #expect(single.fingerprint != plan.fingerprint)
    }

    // MARK: The engine

    @Test func aVoteOverTwoBrainstormsOffersTheIdeasOfBothInTheOrderWritten() async throws {
        let rehearsal = try Rehearsal(yaml: Self.twoBrainstorms, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run([
            "Ana: the server fails", "/next",
            "Ben: a new market", "Chen: a partner", "/next",
            // Items 1–3: the risk first, then both chances.
            "3", "3", "1", "/next",
        ])
        #expect(rehearsed.result.completed)
        let votes = rehearsed.artifacts(of: "vote").filter { $0.kind == .vote }
        #expect(votes.map(\.text) == ["a partner", "a partner", "the server fails"])
        #expect(rehearsed.report.contains("a partner"))
    }

    @Test func inputsLoopsAndTurnFiltersStillNameTheirStepAfterABreakIsInserted() throws {
        let document = try FitLoadingTests.agenda("""
            title: A
            breaks: { after_rotation: true, length: 5m }
            agenda:
              - exercise: rotating
            """, exercises: ["rotating": """
            id: rotating
            title: Rotating
            roles: { scribe: per-step }
            steps:
              - { id: a, handler: brainstorm, duration: 1m, instructions: "{{scribe}} notes" }
              - { id: b, handler: brainstorm, duration: 1m }
              - { id: vote, handler: dot-vote, input: [a, b], duration: 1m }
              - { id: pitch, handler: timebox, duration: 1m, for_each: { from: vote, top: 2 } }
              - { id: say, handler: round, each: participant, duration: 1m, only: { from: vote } }
            """])
        let plan = try Planner(registry: Fixtures.registry).plan(document, participants: ["Ana", "Ben"].map { Participant($0) })
        #expect(plan.steps.map(\.id) == ["a", "b", "break", "vote", "pitch", "break", "say"])
        #expect(plan.steps[3].inputIndices == [0, 1])
        #expect(plan.steps[4].itemLoop?.fromIndex == 3)
        #expect(plan.steps[6].turnFilter?.fromIndex == 3)
    }

    // MARK: Agendas

    static let ideas = """
        id: ideas
        title: Ideas
        steps:
          - id: list
            handler: brainstorm
            duration: 2m
          - id: wrap
            handler: timebox
            duration: 1m
        """

    static let pick = """
        id: pick
        title: Pick
        steps:
          - id: vote
            handler: dot-vote
            duration: 2m
            config: { dots: 1, options: [Tea, Coffee] }
        """

    static func workshop(_ inputs: String) -> String {
        """
        title: Workshop
        agenda:
          - exercise: ideas
          - exercise: pick
            inputs: \(inputs)
        """
    }

    @Test func anAgendaItemVotesOverTheIdeasOfAnEarlierExercise() async throws {
        let document = try FitLoadingTests.agenda(Self.workshop("{ vote: ideas.list }"), exercises: ["ideas": Self.ideas, "pick": Self.pick])
        let rehearsal = try Rehearsal(document: document, registry: Fixtures.registry, participants: ["Ana", "Ben", "Chen"])
        #expect(rehearsal.plan.steps[2].inputIndices == [0])
        let rehearsed = await rehearsal.run([
            "Ana: a wiki", "Ben: a demo day", "/next", "/next",
            "2", "2", "1", "/next",
        ])
        #expect(rehearsed.result.completed)
        // The brainstorm's ideas replace the configured options.
        let votes = rehearsed.artifacts(of: "vote").filter { $0.kind == .vote }
        #expect(votes.map(\.text) == ["a demo day", "a demo day", "a wiki"])
    }

    @Test func withoutInputsTheSameItemVotesOverItsOptions() async throws {
        let document = try FitLoadingTests.agenda("""
            title: Workshop
            agenda:
              - exercise: ideas
              - exercise: pick
            """, exercises: ["ideas": Self.ideas, "pick": Self.pick])
        let rehearsal = try Rehearsal(document: document, registry: Fixtures.registry, participants: ["Ana", "Ben", "Chen"])
        #expect(rehearsal.plan.steps[2].inputIndices.isEmpty)
        let rehearsed = await rehearsal.run(["Ana: a wiki", "/next", "/next", "2", "2", "1", "/next"])
        #expect(rehearsed.artifacts(of: "vote").filter { $0.kind == .vote }.map(\.text) == ["Coffee", "Coffee", "Tea"])
    }

    @Test func theWinnerOfAVoteHandedOnIsTheProposalOfAConsentStep() async throws {
        let rehearsal = try Rehearsal(yaml: """
            id: decide
            title: Decide
            steps:
              - id: vote
                handler: dot-vote
                duration: 2m
                config: { dots: 1, options: [Tea, Coffee] }
              - id: decide
                handler: consent
                input: vote
                duration: 5m
            """, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run(["2", "2", "1", "/next", "", "", "", "", "consent", "consent", "consent", "/next"])
        #expect(rehearsed.result.completed)
        let decisions = rehearsed.artifacts(of: "decide").filter { $0.kind == .decision }
        #expect(decisions.map(\.text) == ["consented: Coffee"])
    }

    /// The diagnostics of the agenda `workshop` with an item's `inputs:` as given, and where the marker stands.
    static func agendaDiagnostics(_ inputs: String, first: String = "ideas", second: String = "pick") throws -> ([Diagnostic], MarkedYAML) {
        let yaml = try MarkedYAML("""
            title: Workshop
            agenda:
              - exercise: \(first)
                \(first == "pick" ? "inputs: \(inputs)" : "")
              - exercise: \(second)
                \(second == "pick" ? "inputs: \(inputs)" : "")
            """)
        let files = [
            Library.EmbeddedFile(path: "exercises/ideas.yaml", text: Self.ideas),
            Library.EmbeddedFile(path: "exercises/pick.yaml", text: Self.pick),
            Library.EmbeddedFile(path: "agendas/workshop.yaml", text: yaml.text),
        ]
        let library = Library(roots: [], embedded: files, loader: Loader(registry: Fixtures.registry))
        return (library.diagnostics.filter { $0.location?.file.hasSuffix("workshop.yaml") ?? false }, yaml)
    }

    static func at(_ diagnostic: Diagnostic, _ yaml: MarkedYAML) -> Bool {
        diagnostic.location?.line == yaml.line && diagnostic.location?.column == yaml.column
    }

    @Test func anInputFromNoStepOrNoExerciseIsALocatedError() throws {
        let (unknownStep, stepYAML) = try Self.agendaDiagnostics("{ vote: ‸ideas.lists }")
        let step = try H.diagnostic(.invalidAgendaInput, in: unknownStep)
        #expect(Self.at(step, stepYAML))
        #expect(step.notes.map(\.message) == ["did you mean 'list'?"])

        let (unknownExercise, exerciseYAML) = try Self.agendaDiagnostics("{ vote: ‸idea.list }")
        let exercise = try H.diagnostic(.invalidAgendaInput, in: unknownExercise)
        #expect(Self.at(exercise, exerciseYAML))

        let (unknownTarget, targetYAML) = try Self.agendaDiagnostics("{ ‸ballot: ideas.list }")
        let target = try H.diagnostic(.invalidAgendaInput, in: unknownTarget)
        #expect(Self.at(target, targetYAML))
        #expect(target.hint == "its steps: vote")

        let (malformed, malformedYAML) = try Self.agendaDiagnostics("{ vote: ‸ideas }")
        #expect(Self.at(try H.diagnostic(.invalidAgendaInput, in: malformed), malformedYAML))
    }

    @Test func anInputFromALaterItemOrTheSameOneIsAnOrderError() throws {
        let (later, laterYAML) = try Self.agendaDiagnostics("{ vote: ‸ideas.list }", first: "pick", second: "ideas")
        let diagnostic = try H.diagnostic(.agendaInputOrder, in: later)
        #expect(Self.at(diagnostic, laterYAML))
        #expect(diagnostic.message.contains("comes later"))

        let (own, ownYAML) = try Self.agendaDiagnostics("{ vote: ‸pick.vote }")
        #expect(Self.at(try H.diagnostic(.agendaInputOrder, in: own), ownYAML))
    }
}
