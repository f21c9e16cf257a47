import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// Files that load but would not do what their author meant: each warning has its code
/// and points at the marked spot.
@Suite struct WarningTests {
    let file = "exercise.yaml"

    func exercise(_ text: String, file: String = "exercise.yaml") throws -> Exercise {
        let document = try Loader(registry: BuiltInHandlers.registry()).document(from: try YAMLSource().parse(text: text, file: file))
        guard case .exercise(let exercise) = document else { throw LoadError([]) }
        return exercise
    }

    /// The warnings of `marked`, which must load, and that they sit at its marks with `code`.
    func expectWarnings(
        _ code: Diagnostic.Code, in marked: MarkedYAML, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let warnings = try exercise(marked.text).warnings
        #expect(warnings.map(\.code) == Array(repeating: code, count: marked.spots.count), "\(warnings)", sourceLocation: sourceLocation)
        #expect(warnings.compactMap(\.location?.spot) == marked.spots, sourceLocation: sourceLocation)
        #expect(warnings.allSatisfy { $0.severity == .warning }, sourceLocation: sourceLocation)
    }

    // MARK: input nobody reads

    @Test func inputOnAHandlerThatDoesNotReadItIsAWarningAtTheInput() throws {
        try expectWarnings(.unreadInput, in: MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: ideas
                handler: brainstorm
                duration: 5m
              - id: talk
                handler: timebox
                duration: 5m
                input: ‸ideas
              - id: vote
                handler: dot-vote
                duration: 5m
                input: ideas
            """))
    }

    // MARK: per-turn placeholders

    @Test func aSpeakerPlaceholderInAStepWithoutTurnsIsAWarningAtThePlaceholder() throws {
        try expectWarnings(.perTurnPlaceholder, in: MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: timebox
                duration: 5m
                prompt: "What do you think, ‸{{speaker}}?"
                instructions: Everyone talks, ‸{{ participant }}.
              - id: round
                handler: round
                each: participant
                duration: 30s
                prompt: "Your turn, {{speaker}}."
            """))
    }

    // MARK: roles

    @Test func aRoleKeyNamingNoDeclaredRoleIsAWarningAtTheValue() throws {
        try expectWarnings(.unknownRoleInConfig, in: MarkedYAML("""
            id: retro
            title: Retro
            roles:
              scribe: per-step
            steps:
              - id: talk
                handler: timebox
                duration: 5m
                config: { note_role: ‸scrib }
              - id: more
                handler: timebox
                duration: 5m
                config: { note_role: scribe }
            """))
    }

    @Test func aRoleThatNothingNamesIsAWarningAtTheRole() throws {
        try expectWarnings(.unusedRole, in: MarkedYAML("""
            id: retro
            title: Retro
            roles:
              facilitator: per-exercise
              ‸timekeeper: per-step
              scribe: per-step
              host: { fixed: Ana }
            params:
              opener: { default: "{{host}} welcomes everyone" }
            steps:
              - id: why
                title: Why
                handler: timebox
                duration: 1m
                instructions: "{{facilitator}} opens. {{opener}}"
                config: { note_role: scribe }
            """))
    }

    @Test func aRoleNamedOnlyInAConfigValueOrAPromptIsNamed() throws {
        let warnings = try exercise("""
            id: whys
            title: Whys
            roles:
              scribe: per-step
              facilitator: per-exercise
            steps:
              - id: why
                handler: timebox
                duration: 1m
                prompt: "{{facilitator}} asks why"
                config: { note_role: scribe }
            """).warnings
        #expect(warnings.isEmpty, "\(warnings)")
        // timebox takes its notes from the scribe unless told otherwise: that names the scribe too.
        let byDefault = try exercise("""
            id: notes
            title: Notes
            roles: { scribe: per-step }
            steps:
              - id: talk
                handler: timebox
                duration: 1m
            """).warnings
        #expect(byDefault.isEmpty, "\(byDefault)")
    }

    // MARK: groups

    @Test func groupsThatAreOneGroupOfEveryoneInTheSmallestRoomAreAWarningAtTheSize() throws {
        try expectWarnings(.smallGroups, in: MarkedYAML("""
            id: fours
            title: Fours
            participants: { min: 4, max: 20 }
            steps:
              - id: fives
                handler: groups
                groups: ‸5
                duration: 4m
              - id: pairs
                handler: groups
                groups: { size: 2 }
                duration: 4m
              - id: trios
                handler: groups
                groups: { size: ‸5, mix: team }
                duration: 4m
            """))
    }

    @Test func aRoomThatIsExactlyOneGroupOfTheSizeIsNoWarning() throws {
        let yaml = """
            id: trio
            title: Trio
            participants: { min: 3 }
            steps:
              - id: help
                handler: groups
                groups: 3
                duration: 4m
            """
        let registry = BuiltInHandlers.registry()
        let three = ["Ana", "Ben", "Chen"].map { Participant($0) }
        #expect(try Planner(registry: registry).plan(.exercise(try exercise(yaml)), participants: three).warnings.isEmpty)
        let four = three + [Participant("Dev")]
        #expect(try Planner(registry: registry).plan(.exercise(try exercise(yaml)), participants: four).warnings.map(\.code) == [.smallGroups])
        // validate, at the fewest the exercise allows, agrees; pairs from two people too.
        #expect(try exercise(yaml).warnings.filter { $0.code == .smallGroups }.isEmpty)
        let pairs = yaml.replacingOccurrences(of: "min: 3", with: "min: 2").replacingOccurrences(of: "groups: 3", with: "groups: 2")
        #expect(try exercise(pairs).warnings.filter { $0.code == .smallGroups }.isEmpty)
        // Five at the fewest in groups of about four are one group of five: still a warning.
        let fours = yaml.replacingOccurrences(of: "min: 3", with: "min: 5").replacingOccurrences(of: "groups: 3", with: "groups: 4")
        #expect(try exercise(fours).warnings.map(\.code).contains(.smallGroups))
    }

    @Test func groupsOfAboutNHoldForAnyRoomAndNeverLeaveSomeoneAlone() {
        #expect(Planner.groupCount(people: 6, size: 4) == 2)
        #expect(Planner.groupCount(people: 5, size: 4) == 1)
        #expect(Planner.groupCount(people: 8, size: 4) == 2)
        #expect(Planner.groupCount(people: 5, size: 2) == 2)
        #expect(Planner.groupCount(people: 3, size: 2) == 1)
        #expect(Planner.groupCount(people: 10, size: 4) == 3)
        #expect(Planner.groupCount(people: 1, size: 2) == 1)
        for people in 2...40 {
            for size in 2...8 {
                let count = Planner.groupCount(people: people, size: size)
                #expect(count >= 1 && people / count >= 2, "\(people) in groups of \(size): \(count) groups")
            }
        }
    }

    @Test func sixPeopleInGroupsOfFourMakeTwoGroupsOfThreeWithAWarningAtTheGroups() throws {
        let yaml = try MarkedYAML("""
            id: fours
            title: Fours
            participants: { min: 6 }
            steps:
              - id: fours
                handler: groups
                groups: ‸4
                duration: 4m
            """)
        let people = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay"].map { Participant($0) }
        let plan = try Planner(registry: BuiltInHandlers.registry()).plan(.exercise(try exercise(yaml.text)), participants: people)
        #expect(plan.steps[0].segments[0].groups.map(\.count) == [3, 3])
        #expect(plan.warnings.map(\.code) == [.smallGroups])
        #expect(plan.warnings.compactMap(\.location?.spot) == yaml.spots)
        #expect(plan.warnings.first?.message.contains("2 groups of 3") == true)
        let eight = people + ["Gus", "Hana"].map { Participant($0) }
        #expect(try Planner(registry: BuiltInHandlers.registry()).plan(.exercise(try exercise(yaml.text)), participants: eight).warnings.isEmpty)
    }

    // MARK: agendas

    @Test func anAgendaOverItsTimeboxForItsParticipantsIsAWarningAtTheTimebox() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warnings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("agendas"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            id: rounds
            title: Rounds
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 2m
            """.write(to: folder.appendingPathComponent("rounds.yaml"), atomically: true, encoding: .utf8)
        let agenda = try MarkedYAML("""
            title: Long
            timebox: ‸10m
            participants: [Ana, Ben, Chen, Dev, Eli, Fay]
            agenda:
              - exercise: rounds
            """)
        let path = folder.appendingPathComponent("agendas/long.yaml").path
        try agenda.text.write(toFile: path, atomically: true, encoding: .utf8)
        let library = Library(roots: [folder.path], loader: Loader(registry: BuiltInHandlers.registry()))
        let warnings = library.diagnostics(forPath: path)
        #expect(warnings.map(\.code) == [.timeboxOverrun])
        #expect(warnings.map(\.severity) == [.warning])
        #expect(warnings.compactMap(\.location?.spot) == agenda.spots)
        #expect(warnings.first?.message.contains("12m") == true)
    }
}
