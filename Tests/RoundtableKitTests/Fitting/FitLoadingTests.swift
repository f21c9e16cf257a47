import RoundtableKit
import RoundtableTesting
import Testing

/// `min`, `max`, `priority`, `lock`, `fit:` and `breaks:` as the loader and planner read them.
@Suite struct FitLoadingTests {
    static func diagnostics(_ text: String) -> [Diagnostic] {
        do {
            _ = try Fixtures.document(text)
            return []
        } catch let error as LoadError {
            return error.diagnostics
        } catch {
            return []
        }
    }

    @Test func boundsAreReadAndScaledToTheWholeStep() throws {
        let plan = try Fixtures.plan("""
            id: fitted
            title: Fitted
            steps:
              - id: round
                handler: round
                each: participant
                duration: 1m
                min: 30s
                max: 2m
                priority: 2
              - id: talk
                handler: timebox
                duration: 10m
                lock: true
            """)
        #expect(plan.steps[0].fit == FitBounds(min: .seconds(90), max: .seconds(360), priority: 2))
        #expect(plan.steps[1].fit.locked)
    }

    @Test func contradictoryBoundsAreLocatedErrors() throws {
        let yaml = try MarkedYAML("""
            id: fitted
            title: Fitted
            steps:
              - id: talk
                handler: timebox
                duration: 5m
                min: ‸6m
                priority: ‸zero
              - id: more
                handler: timebox
                duration: 5m
                max: 4m
                lock: ‸maybe
            """)
        let found = Self.diagnostics(yaml.text)
        #expect(found.map(\.code) == [.invalidFit, .wrongType, .invalidFit, .wrongType])
        #expect(found[0].location?.spot == yaml.spots[0])
        #expect(found[1].location?.spot == yaml.spots[1])
        #expect(found[3].location?.spot == yaml.spots[2])
    }

    @Test func agendaFitAndBreaksAreChecked() throws {
        let yaml = try MarkedYAML("""
            title: Day
            fit: ‸autp
            breaks: ‸{ length: 5m }
            agenda:
              - break: 5m
                priority: ‸20
            """)
        let found = Self.diagnostics(yaml.text)
        #expect(found.map(\.code) == [.invalidFitSetting, .invalidFitSetting, .outOfRange])
        #expect(found.map { $0.location?.spot } == yaml.spots)
        #expect(found[0].notes.first?.message == "did you mean 'auto'?")
    }

    /// An agenda resolved against a built-in library of `exercises` (file name → text).
    static func agenda(_ text: String, exercises: [String: String]) throws -> Document {
        try library(text, exercises: exercises).document(named: "workshop")
    }

    /// The library of ``agenda(_:exercises:)``; the agenda is named `workshop`.
    static func library(_ text: String, exercises: [String: String]) -> Library {
        let files = exercises.map { Library.EmbeddedFile(path: "exercises/\($0.key).yaml", text: $0.value) }
            + [Library.EmbeddedFile(path: "agendas/workshop.yaml", text: text)]
        let library = Library(roots: [], embedded: files, loader: Loader(registry: Fixtures.registry))
        #expect(!library.diagnostics.contains { $0.severity == .error }, "\(LoadError(library.diagnostics))")
        return library
    }

    static let two = """
        id: two
        title: Two
        steps:
          - { id: a, handler: timebox, duration: 10m }
          - { id: b, handler: timebox, duration: 5m, min: 4m }
        """

    @Test func agendaItemBoundsAreSharedAmongTheExercisesSteps() throws {
        let document = try Self.agenda("""
            title: A
            timebox: 15m
            fit: auto
            agenda:
              - exercise: two
                min: 10m
                priority: 3
            """, exercises: ["two": Self.two])
        let plan = try Planner(registry: Fixtures.registry).plan(document, participants: [Participant("Ana")])
        #expect(plan.fitting.mode == .auto)
        #expect(plan.steps[0].fit == FitBounds(min: .seconds(400), priority: 3))
        #expect(plan.steps[1].fit == FitBounds(min: .seconds(240), priority: 3))
    }

    @Test func minimumsOverTheTimeboxAreAWarning() throws {
        let document = try Self.agenda("""
            title: A
            timebox: 10m
            participants: [Ana]
            agenda:
              - exercise: two
                lock: true
            """, exercises: ["two": Self.two])
        let plan = try Planner(registry: Fixtures.registry).plan(document, participants: [Participant("Ana")])
        #expect(plan.warnings.map(\.code).contains(.minimumsOverTimebox))
        // `validate` reports it too, at `timebox:`.
        let library = Self.library("""
            title: A
            timebox: 10m
            participants: [Ana]
            agenda:
              - exercise: two
                lock: true
            """, exercises: ["two": Self.two])
        let warnings = library.warnings(for: try library.document(named: "workshop"))
        #expect(Set(warnings.map(\.code)) == [.timeboxOverrun, .minimumsOverTimebox])
        #expect(warnings.first { $0.code == .minimumsOverTimebox }?.location?.line == 2)
    }

    @Test func aBreakFollowsEveryFullRotationOfRoles() throws {
        let document = try Self.agenda("""
            title: A
            breaks: { after_rotation: true, length: 5m, title: Stretch }
            agenda:
              - exercise: rotating
            """, exercises: ["rotating": """
            id: rotating
            title: Rotating
            roles: { scribe: per-step }
            steps:
              - { id: a, handler: timebox, duration: 5m, instructions: "{{scribe}} notes" }
              - { id: b, handler: timebox, duration: 5m }
              - { id: c, handler: timebox, duration: 5m }
              - { id: d, handler: timebox, duration: 5m }
              - { id: e, handler: timebox, duration: 5m }
            """])
        let plan = try Planner(registry: Fixtures.registry).plan(document, participants: ["Ana", "Ben"].map { Participant($0) })
        // Two people: the scribe has passed to everyone after steps a-b and c-d.
        #expect(plan.steps.map(\.id) == ["a", "b", "break", "c", "d", "break", "e"])
        #expect(plan.steps[2].title == "Stretch")
        #expect(plan.steps.map(\.index) == Array(0..<7))
        #expect(plan.steps[3].start == .seconds(900))
        #expect(plan.duration == .seconds(2100))
        #expect(plan.exercises[0].stepRange == 0..<7)
    }
}
