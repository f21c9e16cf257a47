import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// Who has a turn: everyone but a role's holder (`except:`), or only those an earlier
/// result picks (`only:`).
@Suite struct TurnSelectionTests {
    typealias H = LoaderHarness

    static let exceptFacilitator = """
        id: x
        title: X
        roles:
          facilitator: per-round
        steps:
          - id: share
            handler: round
            each: participant
            except: facilitator
            rounds: 3
            duration: 1m
            instructions: "{{facilitator}} listens and keeps time."
        """

    /// A fist-to-five, then a turn for each person who showed 2 or fewer.
    static let concerns = """
        id: concerns
        title: Concerns
        steps:
          - id: show
            handler: fist-to-five
            duration: 2m
            prompt: Adopt pairing Fridays?
            config: { threshold: 1, revote: false }
          - id: explain
            handler: round
            each: participant
            only: { from: show, at_most: 2 }
            duration: 1m
            prompt: "{{speaker}}: what would bring you to a 3?"
          - id: close
            handler: timebox
            duration: 1m
        """

    // MARK: Loading

    @Test func exceptNamingNoRoleIsReportedAtTheNameWithASuggestion() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            roles:
              facilitator: per-step
            steps:
              - id: share
                handler: round
                each: participant
                except: ‸facilitatr
                duration: 1m
                instructions: "{{facilitator}} listens."
            """)
        let diagnostic = try H.diagnostic(.invalidTurnSelection, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.notes.map(\.message) == ["did you mean 'facilitator'?"])
    }

    @Test func selectingTurnsInAStepWithoutTurnsIsAnError() throws {
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
                only: ‸{ from: vote }
            """)
        let diagnostic = try H.diagnostic(.invalidTurnSelection, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
    }

    @Test func onlyFromNoEarlierStepOrWithAWordForABoundIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 1m
                only: { from: ‸later, at_most: two }
              - id: later
                handler: timebox
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text).filter { $0.code == .invalidTurnSelection }
        #expect(diagnostics.count == 2)
        #expect(diagnostics.contains { $0.location == yaml.location(in: H.file) })
        #expect(diagnostics.contains { $0.message.contains("must be a number") })
    }

    @Test func aRoleNamedOnlyInExceptIsNamed() throws {
        let exercise = try H.exercise("""
            id: x
            title: X
            roles:
              facilitator: per-step
            steps:
              - id: share
                handler: round
                each: participant
                except: facilitator
                duration: 1m
            """)
        #expect(exercise.warnings.isEmpty)
    }

    // MARK: The plan

    @Test(arguments: [2, 3, 5, 8])
    func theFacilitatorOfEachRoundHasNoTurnInIt(people: Int) throws {
        let names = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay", "Gus", "Hal"].prefix(people)
        for seed in UInt64(0)..<20 {
            let step = try Fixtures.plan(Self.exceptFacilitator, people: Array(names), seed: seed).steps[0]
            for round in 1...3 {
                let segments = step.segments.filter { $0.round == round }
                let facilitator = try #require(segments.first?.holder(of: "facilitator"))
                #expect(segments.count == people - 1)
                #expect(!segments.contains { $0.speaker == facilitator })
                #expect(segments.allSatisfy { $0.turns == people - 1 })
            }
        }
    }

    // MARK: The clock

    @Test func turnsOfThoseNotPickedArePassedOverAndNobodyPickedSkipsTheStep() throws {
        let plan = try Fixtures.plan(Self.concerns)
        let speakers = plan.steps[1].segments.compactMap(\.speaker)
        var machine = RunnerMachine(plan: plan)
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(10))
        _ = machine.handle(.speakersKnown(step: 1, speakers: [speakers[1]]), at: .seconds(10))
        #expect(machine.handle(.stepClosed, at: .seconds(10)) == [
            .beginStep(1), .beginSegment(step: 1, segment: 1, deadline: .seconds(70)), .setAlarm(.seconds(60)),
        ])
        #expect(machine.handle(.command(.next), at: .seconds(20)) == [.setAlarm(nil), .endStep(1, skipped: false)])

        var nobody = RunnerMachine(plan: plan)
        _ = nobody.handle(.start, at: .zero)
        _ = nobody.handle(.command(.next), at: .seconds(10))
        _ = nobody.handle(.speakersKnown(step: 1, speakers: []), at: .seconds(10))
        let actions = nobody.handle(.stepClosed, at: .seconds(10))
        #expect(actions.first == .notice("Step 'Explain' has nobody picked by 'show' to speak; skipped."))
        #expect(actions.dropFirst().first == .beginStep(2))
    }

    // MARK: The engine

    @Test func aRehearsalGivesTurnsOnlyToThoseWhoShowedTwoOrLess() async throws {
        let rehearsal = try Rehearsal(yaml: Self.concerns, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run(["4", "1", "2", "/next", "more pairing practice first", "/next", "a trial month", "/next"])
        #expect(rehearsed.result.completed)
        let scores = rehearsed.artifacts(of: "show").filter { $0.kind == .score }
        let low = scores.filter { ($0.value ?? 5) <= 2 }.compactMap(\.author)
        #expect(low.count == 2)
        let turns = rehearsed.events.compactMap { _, event -> String? in
            guard case .segmentStarted(let step, let segment, _) = event, step.id == "explain" else { return nil }
            return segment.speaker
        }
        #expect(Set(turns) == Set(low))
        #expect(turns.count == 2)
        #expect(rehearsed.artifacts(of: "explain").map(\.text) == ["more pairing practice first", "a trial month"])
    }
}
