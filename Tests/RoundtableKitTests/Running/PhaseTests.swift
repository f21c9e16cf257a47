import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// Phases inside a turn or round: loading, the clock's decisions at exact instants, and a
/// rehearsal through the real runner on a test clock.
@Suite struct PhaseTests {
    typealias H = LoaderHarness

    /// Turns of 1m + 2m + 1m for each of three speakers.
    static let interview = """
        id: interview
        title: Interviews
        steps:
          - id: interview
            handler: round
            each: participant
            phases:
              - { name: Explain, duration: 1m, focus: "{{speaker}} speaks", prompt: "What is on your mind, {{speaker}}?" }
              - { name: Questions, duration: 2m, focus: "The others ask" }
              - { name: Reflect, duration: 1m }
          - id: close
            handler: timebox
            duration: 30s
        """

    // MARK: Loading

    @Test func aStepWithPhasesLastsTheirSum() throws {
        let exercise = try H.exercise(Self.interview)
        let step = try #require(exercise.steps.first)
        #expect(step.duration == .seconds(240))
        #expect(step.structure.phases.map(\.name) == ["Explain", "Questions", "Reflect"])
        #expect(step.structure.phases.first?.focus == "{{speaker}} speaks")
    }

    @Test func aDurationThatDiffersFromThePhasesIsReportedAtTheDuration() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                duration: ‸5m
                phases:
                  - { name: One, duration: 2m }
                  - { name: Two, duration: 2m }
            """)
        let diagnostic = try H.diagnostic(.phaseDurations, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.message.contains("4m"))
    }

    @Test func aPhaseWithoutADurationIsReportedAtThePhase() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                phases:
                  - { name: One, duration: 2m }
                  - ‸name: Two
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        let diagnostic = try H.diagnostic(.invalidPhases, in: diagnostics)
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.message.contains("`duration`"))
        // The step's missing `duration:` is not reported on top: the phases stand in for it.
        #expect(!diagnostics.contains { $0.code == .missingKey })
    }

    @Test func anUnknownPhaseKeySuggestsTheClosest() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                phases:
                  - { name: One, duration: 2m, ‸focs: Everyone }
            """)
        let diagnostic = try H.diagnostic(.unknownKey, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.notes.map(\.message) == ["did you mean 'focus'?"])
    }

    @Test func phasesThatAreNotAListAreAnError() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                phases: ‸2m
            """)
        let diagnostic = try H.diagnostic(.invalidPhases, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
    }

    @Test func anUnknownPlaceholderInAPhaseIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: round
                each: participant
                phases:
                  - { name: One, duration: 2m, prompt: "Hello ‸{{speker}}" }
            """)
        let diagnostic = try H.diagnostic(.unknownPlaceholder, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
    }

    @Test func theSchemaOffersPhasesWithTheirKeys() throws {
        let schema = FormatSchema.schema(for: BuiltInHandlers.registry())
        let phases = schema["$defs"]?["step"]?["properties"]?["phases"]
        #expect(phases?["items"]?["required"] == ["name", "duration"])
        #expect(phases?["items"]?["properties"]?["focus"] != nil)
    }

    // MARK: The clock

    @Test func phasesBeginAtTheirInstantsWithABellAndWarningsOnlyInTheLastPhase() throws {
        var machine = RunnerMachine(plan: try Fixtures.plan(Self.interview))
        #expect(machine.handle(.start, at: .zero) == [
            .beginStep(0), .beginSegment(step: 0, segment: 0, deadline: .seconds(240)), .setAlarm(.seconds(60)),
        ])
        #expect(machine.status(at: .seconds(20)).remaining == .seconds(40))
        #expect(machine.status(at: .seconds(20)).phase?.segmentRemaining == .seconds(220))
        #expect(machine.handle(.alarm, at: .seconds(60)) == [
            .beginPhase(step: 0, segment: 0, phase: 1, deadline: .seconds(240)), .setAlarm(.seconds(180)),
        ])
        #expect(machine.status(at: .seconds(60)).phase?.phase.name == "Questions")
        #expect(machine.status(at: .seconds(60)).length == .seconds(120))
        // The last phase is 1m long: its only warning is 10 s before the end.
        #expect(machine.handle(.alarm, at: .seconds(180)) == [
            .beginPhase(step: 0, segment: 0, phase: 2, deadline: .seconds(240)), .setAlarm(.seconds(230)),
        ])
        #expect(machine.handle(.alarm, at: .seconds(230)) == [.warn(remaining: .seconds(10)), .setAlarm(.seconds(240))])
        // The turn ends; the next speaker starts again at the first phase.
        #expect(machine.handle(.alarm, at: .seconds(240)) == [
            .timeUp(advancing: true), .beginSegment(step: 0, segment: 1, deadline: .seconds(480)), .setAlarm(.seconds(300)),
        ])
        #expect(machine.phaseIndex == 0)
    }

    @Test func nextAndBackMoveBetweenPhasesWithTheirFullLengths() throws {
        var machine = RunnerMachine(plan: try Fixtures.plan(Self.interview))
        _ = machine.handle(.start, at: .zero)
        // Done explaining after 30 s: the questions get their full two minutes from now.
        #expect(machine.handle(.command(.next), at: .seconds(30)) == [
            .beginPhase(step: 0, segment: 0, phase: 1, deadline: .seconds(210)), .setAlarm(.seconds(150)),
        ])
        #expect(machine.handle(.command(.back), at: .seconds(40)) == [
            .beginPhase(step: 0, segment: 0, phase: 0, deadline: .seconds(280)), .setAlarm(.seconds(100)),
        ])
        #expect(machine.segmentIndex == 0)
    }

    @Test func pauseAndExtendMoveThePhasesThatFollow() throws {
        var machine = RunnerMachine(plan: try Fixtures.plan(Self.interview))
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.pause), at: .seconds(10))
        #expect(machine.handle(.command(.resume), at: .seconds(25)) == [.resumed(deadline: .seconds(255)), .setAlarm(.seconds(75))])
        #expect(machine.handle(.command(.extend(.seconds(30))), at: .seconds(30)) == [
            .extended(by: .seconds(30), deadline: .seconds(285)), .setAlarm(.seconds(105)),
        ])
        #expect(machine.phaseEnds == [.seconds(105), .seconds(225), .seconds(285)])
    }

    // MARK: The engine

    @Test func aRehearsalAnnouncesEachPhaseAtItsInstantFilledForTheSpeaker() async throws {
        let rehearsal = try Rehearsal(yaml: Self.interview, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let rehearsed = await rehearsal.run([])
        let phases = rehearsed.events.compactMap { at, event -> (Duration, String, Int, String?)? in
            guard case .phaseStarted(_, let segment, let phase, _, let focus) = event else { return nil }
            return (at, segment.speaker ?? "", phase, focus)
        }
        let speakers = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
        #expect(phases.map(\.0) == [0, 60, 180, 240, 300, 420].map { Duration.seconds($0) })
        #expect(phases.map(\.2) == [0, 1, 2, 0, 1, 2])
        #expect(phases.map(\.1) == [speakers[0], speakers[0], speakers[0], speakers[1], speakers[1], speakers[1]])
        #expect(phases[0].3 == "\(speakers[0]) speaks")
        #expect(rehearsed.result.completed)
    }
}

private extension JSONValue {
    /// The value under `key` of an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }
}
