import BuiltInHandlers
import Foundation
import RoundtableKit
import Testing

/// A session's own copy of its files, the fingerprint that guards a resume, and roles
/// that pass from session to session.
@Suite struct SessionSourcesTests {
    static let exercise = """
        id: drill
        title: Drill
        roles: { facilitator: per-exercise }
        steps:
          - id: ideas
            handler: brainstorm
            duration: 2m
          - id: more
            handler: brainstorm
            duration: 2m
          - id: vote
            handler: dot-vote
            input: ideas
            duration: 1m
            timer: { on_zero: bell }
        """

    static let agenda = """
        title: Morning
        agenda:
          - exercise: drill.yaml
          - break: 5m
          - exercise: drill.yaml
        """

    let people = ["Ana", "Ben", "Chen"].map { Participant($0) }

    func loader() throws -> Loader { Loader(registry: try BuiltInHandlers.registry()) }

    func plan(_ text: String, history: RoleHistory = RoleHistory()) throws -> Plan {
        let loader = try loader()
        let document = try loader.document(from: loader.yaml.parse(text: text, file: "drill.yaml"))
        return try Planner(registry: loader.registry).plan(document, participants: people, history: history)
    }

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "sources-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(arguments: [
        ("duration: 1m\n    timer: { on_zero: bell }", "duration: 1m\n    timer: { on_zero: advance }"),
        ("duration: 1m\n    timer: { on_zero: bell }", "duration: 1m\n    timer: { on_zero: bell, warn_at: [30s] }"),
        ("input: ideas", "input: more"),
    ])
    func timerAndInputEditsChangeTheFingerprint(before: String, after: String) throws {
        let original = try plan(Self.exercise)
        let edited = try plan(Self.exercise.replacingOccurrences(of: before, with: after))
        #expect(Self.exercise.contains(before))
        #expect(original.fingerprint != edited.fingerprint)
        #expect(original.matches(fingerprint: original.fingerprint))
        #expect(!edited.matches(fingerprint: original.fingerprint))
    }

    @Test func aTitleEditKeepsTheFingerprint() throws {
        let original = try plan(Self.exercise)
        let edited = try plan(Self.exercise.replacingOccurrences(of: "title: Drill", with: "title: Drill again"))
        #expect(original.fingerprint == edited.fingerprint)
    }

    @Test func aJournalOfTheOlderFingerprintStillMatches() throws {
        let plan = try plan(Self.exercise)
        #expect(plan.matches(fingerprint: plan.legacyFingerprint))
        #expect(!plan.legacyFingerprint.hasPrefix("2:"))
    }

    @Test func anAgendaPlansFromItsCopyAfterItsFilesAreGone() throws {
        let folder = try folder()
        try Self.exercise.write(toFile: folder + "/drill.yaml", atomically: true, encoding: .utf8)
        try Self.agenda.write(toFile: folder + "/morning.yaml", atomically: true, encoding: .utf8)
        let loader = try loader()
        let library = Library(roots: [], loader: loader)
        let document = try library.document(named: folder + "/morning.yaml")
        let planner = Planner(registry: loader.registry)
        let original = try planner.plan(document, participants: people)
        let sources = try SessionSources.capture(document, embedded: [])
        try sources.write(toFolder: folder)
        try FileManager.default.removeItem(atPath: folder + "/drill.yaml")
        try FileManager.default.removeItem(atPath: folder + "/morning.yaml")

        let copy = try #require(SessionSources.read(fromFolder: folder))
        #expect(copy == sources)
        let again = try planner.plan(copy.document(loader: loader), participants: people)
        #expect(again.fingerprint == original.fingerprint)
        #expect(again.steps.map(\.id) == ["ideas", "more", "vote", "break", "ideas", "more", "vote"])
    }

    @Test func resultsHandedOnBetweenItemsPlanAgainFromTheCopy() throws {
        let folder = try folder()
        try Self.exercise.write(toFile: folder + "/drill.yaml", atomically: true, encoding: .utf8)
        try """
            title: Morning
            agenda:
              - exercise: drill.yaml
              - exercise: drill.yaml
                inputs: { vote: [drill.ideas, drill.more] }
            """.write(toFile: folder + "/morning.yaml", atomically: true, encoding: .utf8)
        let loader = try loader()
        let document = try Library(roots: [], loader: loader).document(named: folder + "/morning.yaml")
        let planner = Planner(registry: loader.registry)
        let original = try planner.plan(document, participants: people)
        // The second drill's vote reads both brainstorms of the first, not its own ideas.
        #expect(original.steps[5].inputIndices == [0, 1])
        let sources = try SessionSources.capture(document, embedded: [])
        try sources.write(toFolder: folder)
        try FileManager.default.removeItem(atPath: folder + "/drill.yaml")
        try FileManager.default.removeItem(atPath: folder + "/morning.yaml")

        let copy = try #require(SessionSources.read(fromFolder: folder))
        let again = try planner.plan(copy.document(loader: loader), participants: people)
        #expect(again.fingerprint == original.fingerprint)
        #expect(again.steps[5].inputIndices == [0, 1])
    }

    @Test func aFolderWithoutACopyHasNone() throws {
        #expect(SessionSources.read(fromFolder: try folder()) == nil)
    }

    @Test func aPerExerciseRoleGoesToWhoeverHeldItLeastInTheTeamsSessions() throws {
        let first = try plan(Self.exercise)
        let leader = try #require(first.steps[0].segments[0].roles.first?.person)
        var history = RoleHistory()
        history.add(role: "facilitator", person: leader, times: 2)
        history.addSession(holders: [RoleHolder(role: "facilitator", person: leader)])
        let second = try plan(Self.exercise, history: history)
        let next = try #require(second.steps[0].segments[0].roles.first?.person)
        #expect(next != leader)
        history.add(role: "facilitator", person: next, times: 2)
        history.addSession(holders: [RoleHolder(role: "facilitator", person: next)])
        let third = try plan(Self.exercise, history: history)
        let last = try #require(third.steps[0].segments[0].roles.first?.person)
        #expect(Set([leader, next, last]).count == 3)
    }

    @Test func aJournalsRoleHistoryReadFromItsStepsAloneIsTheWholeReadsOne() throws {
        let folder = try folder()
        let path = folder + "/journal.jsonl"
        let header = SessionHeader(id: "s", title: "t", name: "n", document: "d", library: [], participants: people,
                                   seed: 0, params: [:], speed: 1, started: "", fingerprint: "")
        let writer = try JournalWriter(path: path)
        writer.record(.session(header))
        writer.record(.stepStarted(0, roles: [RoleHolder(role: "facilitator", person: "Ana")], at: .zero))
        writer.record(.line("a \"type\":\"step\" typed", at: .seconds(1)))
        writer.record(.stepStarted(1, roles: [RoleHolder(role: "facilitator", person: "Ana"), RoleHolder(role: "scribe", person: "Ben")],
                                   at: .seconds(2)))
        let whole = try Journal.read(path).roleHistory
        let fast = try Journal.roleHistory(path)
        #expect(fast == whole)
        #expect(fast.count(role: "facilitator", person: "Ana") == 2)
        #expect(fast.sessionCount(role: "facilitator", person: "Ana") == 1)
        #expect(try Journal.header(path) == header)
    }
}
