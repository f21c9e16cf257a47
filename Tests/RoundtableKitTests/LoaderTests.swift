import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// Loading exercise text through the real loader and the built-in handlers.
enum LoaderHarness {
    static let file = "exercise.yaml"

    static func loader() -> Loader { Loader(registry: BuiltInHandlers.registry()) }

    static func load(_ text: String, file: String = file) throws(LoadError) -> Document {
        try loader().document(from: try YAMLSource().parse(text: text, file: file))
    }

    static func exercise(_ text: String, file: String = file) throws -> Exercise {
        guard case .exercise(let exercise) = try load(text, file: file) else {
            throw LoadError([.error("expected an exercise, got an agenda", at: nil)])
        }
        return exercise
    }

    /// The diagnostics of text that must not load.
    static func diagnostics(
        _ text: String, file: String = file, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [Diagnostic] {
        let error = try #require(throws: LoadError.self, sourceLocation: sourceLocation) {
            try load(text, file: file)
        }
        return error.diagnostics
    }

    /// The one diagnostic of `code`.
    static func diagnostic(
        _ code: Diagnostic.Code, in diagnostics: [Diagnostic], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic {
        let matching = diagnostics.filter { $0.code == code }
        #expect(matching.count == 1, "expected one \(code) diagnostic in:\n\(LoadError(diagnostics))", sourceLocation: sourceLocation)
        return try #require(matching.first, sourceLocation: sourceLocation)
    }

    /// The one diagnostic whose message contains `fragment`.
    static func diagnostic(
        containing fragment: String, in diagnostics: [Diagnostic],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic {
        let matching = diagnostics.filter { $0.message.contains(fragment) }
        #expect(matching.count == 1, "expected one diagnostic containing \"\(fragment)\" in:\n\(LoadError(diagnostics))",
                sourceLocation: sourceLocation)
        return try #require(matching.first, sourceLocation: sourceLocation)
    }

    /// A minimal valid step (the `round` handler needs `each: participant`), indented as a list item.
    static let checkIn = """
          - id: check-in
            handler: round
            each: participant
            duration: 30s
        """
}

@Suite struct LoaderTests {
    typealias H = LoaderHarness
    let file = LoaderHarness.file

    // MARK: Syntax and types

    @Test func aYAMLSyntaxErrorPointsAtTheOffendingCharacterCountingScalars() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: 🎉 Why‸: because
            steps: []
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let syntax = try #require(diagnostics.first)
        #expect(syntax.message.hasPrefix("YAML syntax:"))
        #expect(syntax.location == yaml.location(in: file))
        #expect(syntax.hint?.contains("quoted") == true)
    }

    @Test func aValueOfTheWrongTypeIsReportedAtTheValue() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 1m
                rounds: ‸many
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let wrong = try H.diagnostic(.wrongType, in: diagnostics)
        #expect(wrong.message.contains("'many'"))
        #expect(wrong.location == yaml.location(in: file))
    }

    @Test func aListWhereAMappingBelongsIsReportedAtTheList() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            roles: ‸[facilitator, scribe]
            steps:
            \(H.checkIn)
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        let wrong = try H.diagnostic(.wrongType, in: diagnostics)
        #expect(wrong.message.contains("not a list"))
        #expect(wrong.location == yaml.location(in: file))
    }

    // MARK: Keys

    @Test func anUnknownTopLevelKeySuggestsTheClosestKnownKey() throws {
        let yaml = try MarkedYAML("""
            id: retro
            ‸tittle: Retro
            steps:
            \(H.checkIn)
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        let unknown = try H.diagnostic(.unknownKey, in: diagnostics)
        #expect(unknown.location == yaml.location(in: file))
        #expect(unknown.notes.map(\.message) == ["did you mean 'title'?"])
        #expect(unknown.hint?.contains("title") == true)
        // With `tittle` unknown the exercise also lacks its title, reported on the exercise.
        let missing = try H.diagnostic(.missingKey, in: diagnostics)
        #expect(missing.location == RoundtableKit.SourceLocation(file: file, line: 1, column: 1))
    }

    @Test func anUnknownStepKeySuggestsTheClosestStepKey() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 1m
                ‸promt: How are you?
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let unknown = try H.diagnostic(.unknownKey, in: diagnostics)
        #expect(unknown.location == yaml.location(in: file))
        #expect(unknown.notes.map(\.message) == ["did you mean 'prompt'?"])
    }

    @Test func aStepMissingItsRequiredKeysGetsOneErrorPerKeyAtTheStep() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - ‸title: Lonely step
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.map(\.message) == [
            "a step is missing `id` (a name unique in this exercise, used by `input:`)",
            "a step is missing `handler` (what runs the step; `roundtable handlers` lists them)",
            "a step is missing `duration` (how long, e.g. 5m)",
        ])
        #expect(diagnostics.allSatisfy { $0.location == yaml.location(in: file) })
    }

    // MARK: Handlers

    @Test func anUnknownHandlerSuggestsTheClosestRegisteredName() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: ‸rond
                each: participant
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let unknown = try H.diagnostic(.unknownHandler, in: diagnostics)
        #expect(unknown.location == yaml.location(in: file))
        #expect(unknown.notes.map(\.message) == ["did you mean 'round'?"])
        #expect(unknown.hint?.contains("round") == true)
    }

    @Test func anInvalidHandlerConfigIsReportedAtEachBadValueAndKey() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 1m
                config: { notes: ‸maybe, ‸alow_pass: true }
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 2)
        let notes = try H.diagnostic(.handlerConfig, in: diagnostics)
        #expect(notes.message.contains("'maybe'"))
        #expect(notes.location?.spot == yaml.spots[0])
        let unknown = try H.diagnostic(.unknownConfigKey, in: diagnostics)
        #expect(unknown.location?.spot == yaml.spots[1])
        #expect(unknown.notes.map(\.message) == ["did you mean 'allow_pass'?"])
        #expect(diagnostics.compactMap(\.location) == yaml.locations(in: file))
    }

    @Test func aHandlerRuleAboutTheStepIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - ‸id: talk
                handler: round
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        let rule = try H.diagnostic(.handlerConfig, in: diagnostics)
        #expect(rule.location == yaml.location(in: file))
    }

    // MARK: References between steps

    @Test func aRepeatedStepIDIsReportedWithANoteAtTheFirstUse() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: ‸talk
                handler: round
                each: participant
                duration: 1m
              - id: ‸talk
                handler: round
                each: participant
                duration: 2m
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let twice = try H.diagnostic(.duplicateStepID, in: diagnostics)
        #expect(twice.location?.spot == yaml.spots[1])
        #expect(twice.notes.count == 1)
        #expect(twice.notes.first?.message == "first used here")
        #expect(twice.notes.first?.location?.spot == yaml.spots[0])
    }

    @Test func inputNamingAnUnknownStepIsReportedAtTheName() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: ideas
                handler: round
                each: participant
                duration: 1m
              - id: vote
                handler: round
                each: participant
                duration: 1m
                input: ‸ideaz
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let unknown = try H.diagnostic(.invalidInput, in: diagnostics)
        #expect(unknown.location == yaml.location(in: file))
        #expect(unknown.notes.map(\.message) == ["did you mean 'ideas'?"])
        #expect(unknown.hint == "earlier steps: ideas")
    }

    @Test func inputNamingALaterStepIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: vote
                handler: round
                each: participant
                duration: 1m
                input: ‸ideas
              - id: ideas
                handler: round
                each: participant
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let later = try H.diagnostic(.invalidInput, in: diagnostics)
        #expect(later.location == yaml.location(in: file))
        #expect(later.hint?.contains("first step") == true)
    }

    @Test func inputNamingItsOwnStepIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
            \(H.checkIn)
              - id: vote
                handler: round
                each: participant
                duration: 1m
                input: ‸vote
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        let own = try H.diagnostic(.invalidInput, in: diagnostics)
        #expect(own.location == yaml.location(in: file))
    }

    // MARK: Placeholders and roles

    @Test func anUndeclaredPlaceholderIsReportedAtItsBracesInQuotedAndPlainText() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            roles:
              facilitator: per-exercise
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 1m
                instructions: "{{facilitator}} asks ‸{{timekeeper}} to watch the time"
                prompt: Then {{facilitator}} reminds ‸{{ timekeeper }}
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 2)
        #expect(diagnostics.map(\.message) == Array(
            repeating: "placeholder '{{timekeeper}}' names no role or param of this exercise", count: 2))
        #expect(diagnostics.compactMap(\.location) == yaml.locations(in: file))
        #expect(diagnostics.allSatisfy { $0.hint?.contains("roles:") == true })
    }

    @Test func placeholdersNamingRolesParamsAndBuiltInsLoad() throws {
        let exercise = try H.exercise("""
            id: retro
            title: Retro
            roles: { timekeeper: per-step }
            params: { topic: the sprint }
            steps:
              - id: talk
                title: "{{topic}} round"
                handler: round
                each: participant
                duration: 1m
                prompt: "{{speaker}}, round {{round}} of {{rounds}}: {{topic}}? {{timekeeper}} keeps time."
                config: { question: "{{participant}}, what about {{topic}}?" }
            """)
        #expect(exercise.steps.map(\.title) == ["{{topic}} round"])
    }

    /// Titles are fixed when the plan is made, so a role (whose holder changes) cannot be in one.
    @Test func aRoleInATitleIsReported() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            roles: { timekeeper: per-step }
            steps:
              - id: talk
                title: "Talk with ‸{{timekeeper}}"
                handler: timebox
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.map(\.message) == ["a title cannot name a role: '{{timekeeper}}' is only known once the plan is made"])
        #expect(diagnostics.map(\.hint) == ["titles take params only; move {{timekeeper}} into `instructions` or `prompt`"])
        #expect(diagnostics.compactMap(\.location) == yaml.locations(in: file))
    }

    /// A step that does not load still counts as an earlier step: the next step's `input:`
    /// is not reported on top of the real problem.
    @Test func anInvalidStepDoesNotMakeTheNextStepsInputWrong() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: ideas
                handler: brainstorm
                duration: ‸5 min
              - id: vote
                handler: dot-vote
                duration: 3m
                input: ideas
              - id: ideas
                handler: timebox
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.map(\.message) == ["`duration` must be a duration, not '5 min'", "step id 'ideas' is used twice"])
        #expect(diagnostics.first?.location == yaml.location(in: file))
    }

    @Test func aParamNamedLikeARoleOrABuiltInIsRefused() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            roles: { scribe: per-step }
            params:
              ‸scribe: Ana
              ‸speaker: Ben
            steps:
              - { id: talk, handler: timebox, duration: 1m }
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.map(\.message) == [
            "param 'scribe' is also a role; {{scribe}} would mean two things",
            "param 'speaker' is built in; {{speaker}} would mean two things",
        ])
        #expect(diagnostics.compactMap(\.location) == yaml.locations(in: file))
    }

    @Test func anUnquotedPlaceholderIsTaughtToBeQuoted() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            roles: { facilitator: per-exercise }
            steps:
              - id: talk
                handler: timebox
                duration: 1m
                instructions: ‸{{facilitator}}
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.map(\.message) == ["`instructions` must be text, not a mapping"])
        #expect(diagnostics.first?.hint?.hasPrefix("quote text that starts with a placeholder") == true)
        #expect(diagnostics.first?.location == yaml.location(in: file))
    }

    @Test func aRoleMayNotTakeABuiltInPlaceholderName() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            roles:
              ‸speaker: per-step
            steps:
            \(H.checkIn)
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        let builtIn = try H.diagnostic(.invalidRoleName, in: diagnostics)
        #expect(builtIn.location == yaml.location(in: file))
    }

    @Test func anUnknownRotationSuggestsTheClosest() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            roles:
              scribe: ‸per-stpe
            steps:
            \(H.checkIn)
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        let unknown = try H.diagnostic(.unknownRotation, in: diagnostics)
        #expect(unknown.location == yaml.location(in: file))
        #expect(unknown.notes.map(\.message) == ["did you mean 'per-step'?"])
    }

    @Test func participantsWithMinAboveMaxIsReportedAtMax() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            participants: { min: 5, max: ‸3 }
            steps:
            \(H.checkIn)
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let range = try H.diagnostic(.outOfRange, in: diagnostics)
        #expect(range.location == yaml.location(in: file))
    }

    // MARK: Durations

    struct BadDuration: Sendable, CustomTestStringConvertible {
        var text: String
        var message: String
        var hint: String?

        var testDescription: String { "duration: \(text)" }
    }

    @Test(arguments: [
        BadDuration(text: "0s", message: "`duration` must be longer than zero"),
        BadDuration(text: "-5m", message: "`duration` must be positive, not '-5m'"),
        BadDuration(text: "5", message: "`duration` must be a duration, not '5'",
                    hint: "add a unit: '5s' for seconds or '5m' for minutes"),
        BadDuration(text: "5x", message: "`duration` must be a duration, not '5x'",
                    hint: "write it like 45s, 5m, 1h30m or 2m30s"),
        BadDuration(text: "5m1h", message: "`duration` must be a duration, not '5m1h'",
                    hint: "write it like 45s, 5m, 1h30m or 2m30s"),
    ])
    func aBadDurationIsReportedAtItsValue(_ bad: BadDuration) throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: round
                each: participant
                duration: ‸\(bad.text)
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 1)
        let wrong = try #require(diagnostics.first)
        #expect(wrong.message == bad.message)
        #expect(wrong.location == yaml.location(in: file))
        #expect(wrong.hint == bad.hint)
    }

    @Test func aBadWarningTimeIsReportedAtTheListItem() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 5m
                timer: { warn_at: [1m, ‸10], on_zero: ‸advanse }
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 2)
        #expect(diagnostics.compactMap(\.location) == yaml.locations(in: file))
        #expect(diagnostics.first?.message == "`warn_at` must be a duration, not '10'")
        #expect(diagnostics.last?.notes.map(\.message) == ["did you mean 'advance'?"])
    }

    // MARK: All problems at once

    @Test func everyProblemOfAFileIsReportedTogetherInLineOrder() throws {
        // The placeholder is found after the handler while loading, but sits on an earlier line.
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            ‸summery: A look back.
            steps:
              - id: talk
                prompt: Hello ‸{{nobody}}
                handler: ‸rond
                each: participant
                duration: 5m
            """)
        let diagnostics = try H.diagnostics(yaml.text)
        #expect(diagnostics.count == 3)
        #expect(diagnostics.compactMap(\.location) == yaml.locations(in: file))
        #expect(diagnostics.map(\.message) == [
            "unknown key 'summery' in an exercise",
            "placeholder '{{nobody}}' names no role or param of this exercise",
            "unknown handler 'rond'",
        ])
    }

    // MARK: Agendas and the library

    /// A fresh library folder holding `retro.yaml` (with a `topic` param) and `workshop.yaml`.
    struct LibraryFolder {
        let root: URL
        var agendaURL: URL { root.appendingPathComponent("workshop.yaml") }

        init(agenda: String) throws {
            root = FileManager.default.temporaryDirectory
                .appendingPathComponent("roundtable-loader-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try """
                id: retro
                title: Retro
                params:
                  topic: { default: the sprint, summary: What to look back on }
                steps:
                  - id: check-in
                    handler: round
                    each: participant
                    duration: 30s
                    prompt: "{{speaker}}: one word on {{topic}}"
                """.write(to: root.appendingPathComponent("retro.yaml"), atomically: true, encoding: .utf8)
            try agenda.write(to: agendaURL, atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func agendaItemsNamingUnknownExercisesOrParamsAreReportedAtTheItem() throws {
        let yaml = try MarkedYAML("""
            title: Workshop
            agenda:
              - exercise: retro
                with: { topic: the launch }
              - break: 10m
              - exercise: ‸retor
              - exercise: ‸retro
                with: { topci: the launch }
            """)
        let folder = try LibraryFolder(agenda: yaml.text)
        defer { folder.remove() }
        let library = Library(roots: [folder.root.path], loader: H.loader())
        let agendaPath = folder.agendaURL.path
        let diagnostics = library.diagnostics(forPath: agendaPath)
        #expect(diagnostics.count == 2, "\(LoadError(library.diagnostics))")

        let unknown = try H.diagnostic(.unknownExercise, in: diagnostics)
        #expect(unknown.location?.spot == yaml.spots[0])
        #expect(unknown.notes.map(\.message) == ["did you mean 'retro'?"])
        let param = try H.diagnostic(.unknownParam, in: diagnostics)
        #expect(param.location?.spot == yaml.spots[1])
        #expect(param.notes.map(\.message) == ["did you mean 'topic'?"])

        // Asked for by path, the same agenda fails to load with the same problems.
        let error = try #require(throws: LoadError.self) { try library.document(named: agendaPath) }
        #expect(error.diagnostics.map(\.message) == diagnostics.map(\.message))
    }

    @Test func aResolvedAgendaCarriesItsExercisesParamsAndBreaks() throws {
        let folder = try LibraryFolder(agenda: """
            title: Workshop
            timebox: 1h
            agenda:
              - exercise: retro
                with: { topic: the launch }
              - break: 10m
                title: Coffee
              - exercise: ./retro.yaml
            """)
        defer { folder.remove() }
        let library = Library(roots: [folder.root.path], loader: H.loader())
        #expect(library.diagnostics.isEmpty, "\(LoadError(library.diagnostics))")
        guard case .agenda(let agenda) = try library.document(named: "workshop") else {
            Issue.record("workshop is not an agenda")
            return
        }
        #expect(agenda.title == "Workshop")
        #expect(agenda.timebox == .seconds(3600))
        #expect(agenda.items.count == 3)
        guard case .exercise(let first) = agenda.items[0], case .pause(let pause) = agenda.items[1],
              case .exercise(let third) = agenda.items[2] else {
            Issue.record("items are not exercise, break, exercise")
            return
        }
        #expect(first.exercise?.id == "retro")
        #expect(first.with == ["topic": "the launch"])
        #expect(pause.duration == .seconds(600))
        #expect(pause.title == "Coffee")
        #expect(third.exercise?.id == "retro")
        #expect(third.with.isEmpty)
        #expect(agenda.duration(participants: 4) == .seconds(30 * 4 + 600 + 30 * 4))
    }

    // MARK: A valid exercise

    @Test func aValidExerciseLoadsIntoTheExpectedModel() throws {
        let exercise = try H.exercise("""
            id: pair-coaching
            title: Pair coaching
            summary: Coach each other in pairs.
            tags: [coaching, pairs]
            source: A common coaching format.
            participants: { min: 4, max: 12 }
            roles:
              facilitator: per-exercise
              timekeeper: { rotate: per-step, summary: Watches the clock }
              coach: per-round
              scribe: random
              host: { fixed: Ana }
            params:
              topic: { default: the sprint, summary: What to talk about }
              goal: ~
            steps:
              - id: check-in
                handler: round
                each: participant
                duration: 45s
                prompt: "{{speaker}}, how do you arrive for {{topic}}?"
              - id: pairs
                title: Work in pairs
                handler: check-in
                each: participant
                groups: 2
                rounds: 5
                duration: 2m30s
                input: check-in
                timer: { warn_at: [1m, 10s], on_zero: advance }
                config: { question: "What helps you, {{speaker}}?", notes: false }
              - id: close
                handler: round
                each: participant
                duration: 1h30m
                timer:
                  warn_at: 5m
                  on_zero: count-up
            """)
        #expect(exercise.id == "pair-coaching")
        #expect(exercise.title == "Pair coaching")
        #expect(exercise.summary == "Coach each other in pairs.")
        #expect(exercise.tags == ["coaching", "pairs"])
        #expect(exercise.source == "A common coaching format.")
        #expect(exercise.participants == ParticipantRange(min: 4, max: 12))
        #expect(exercise.location == RoundtableKit.SourceLocation(file: file, line: 1, column: 1))

        #expect(exercise.roles.map(\.name) == ["facilitator", "timekeeper", "coach", "scribe", "host"])
        #expect(exercise.roles.map(\.rotation) == [.perExercise, .perStep, .perRound, .random, .fixed("Ana")])
        #expect(exercise.roles.map(\.summary) == [nil, "Watches the clock", nil, nil, nil])
        #expect(exercise.roles.map(\.location.line) == [8, 9, 10, 11, 12])

        #expect(exercise.params.map(\.name) == ["topic", "goal"])
        #expect(exercise.params.map(\.defaultValue) == ["the sprint", nil])
        #expect(exercise.params.first?.summary == "What to talk about")

        #expect(exercise.steps.map(\.id) == ["check-in", "pairs", "close"])
        #expect(exercise.steps.map(\.title) == ["Check in", "Work in pairs", "Close"])
        #expect(exercise.steps.map(\.handler) == ["round", "check-in", "round"])
        #expect(exercise.steps.map(\.duration) == [.seconds(45), .seconds(150), .seconds(5400)])
        #expect(exercise.steps.map(\.eachParticipant) == [true, true, true])
        #expect(exercise.steps.map(\.groupSize) == [nil, 2, nil])
        #expect(exercise.steps.map(\.rounds) == [1, 5, 1])
        #expect(exercise.steps.map(\.input) == [nil, "check-in", nil])
        #expect(exercise.steps.map(\.timer) == [
            TimerPolicy(),
            TimerPolicy(warnAt: [.seconds(60), .seconds(10)], onZero: .advance),
            TimerPolicy(warnAt: [.seconds(300)], onZero: .countUp),
        ])
        #expect(exercise.steps.map(\.location.line) == [17, 22, 32])
        #expect(exercise.steps[0].prompt == "{{speaker}}, how do you arrive for {{topic}}?")
        #expect(exercise.steps[0].config == nil)
        #expect(exercise.steps[1].config?["notes"]?.scalar == "false")
        #expect(exercise.steps[1].config?["question"]?.scalar == "What helps you, {{speaker}}?")

        let people = 6
        #expect(exercise.duration(participants: people) == .seconds(45 * people + 150 * 5 * people + 5400 * people))
    }

    @Test func aNumberOfParticipantsMeansExactlyThatMany() throws {
        let exercise = try H.exercise("""
            id: trio
            title: Trio
            participants: 3
            steps:
            \(H.checkIn)
            """)
        #expect(exercise.participants == ParticipantRange(min: 3, max: 3))
    }
}
