import Kudos
import RoundtableSDK
import RoundtableTesting
import Testing

/// The kudos handler through Roundtable's real loader, planner and runner (RoundtableTesting).
@Suite struct KudosTests {
    static let people = ["Ana", "Ben", "Chen"]

    static func exercise(config: String, each: Bool = true) -> String {
        """
        id: kudos-test
        title: Kudos test
        steps:
          - id: kudos
            handler: kudos
            duration: 1m\(each ? "\n    each: participant" : "")
            config: \(config)
        """
    }

    @Test func kudosGoToTheNamedPersonUpToTheLimitAndAreTallied() async throws {
        let rehearsal = try Rehearsal(yaml: Self.exercise(config: "{ per_person: 2 }"), handlers: Kudos.all, participants: Self.people)
        // Turns follow the plan's (seeded) order; the script names people by their turn.
        let turn = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
        let rehearsed = await rehearsal.run([
            "\(turn[1].lowercased()): the demo", "nobody: anything", "\(turn[0]): myself", "\(turn[2]):  the docs ",
            "\(turn[1]): once more", "/next",
            "\(turn[0]): reviews", "/next",
            "\(turn[1]): the build fix",
        ])
        let kudos = rehearsed.artifacts(of: "kudos")
        #expect(kudos.map(\.text) == ["the demo", "the docs", "reviews", "the build fix"])
        #expect(kudos.map(\.author) == [turn[0], turn[0], turn[1], turn[2]])
        #expect(kudos.map(\.category) == ["kudos to \(turn[1])", "kudos to \(turn[2])", "kudos to \(turn[0])", "kudos to \(turn[1])"])
        let said = rehearsed.announcements
        #expect(said.contains("Kudos go to someone else, \(turn[0])."))
        #expect(said.contains("\(turn[0]) has given 2 kudos already; /next for the next person."))
        #expect(said.filter { $0.hasPrefix("Type \"Name: what for\"") }.count == 1)
        #expect(said.last?.hasPrefix("Kudos: \(turn[1]) 2 · ") == true, "\(said)")
        // The tally the room saw at the end, most received first.
        let items = try #require(rehearsed.lastView(of: "kudos")?.items)
        #expect(items.first.map { [$0.text: $0.tally] } == [turn[1]: 2])
        #expect(items.map(\.tally).reduce(0) { $0 + ($1 ?? 0) } == 4)
    }

    @Test func configProblemsAreReportedWhereTheyAre() throws {
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: Self.exercise(config: "{ per_person: 11 }", each: false), handlers: Kudos.all, participants: Self.people)
        }
        let messages = error.diagnostics.map(\.message)
        #expect(messages.contains("config `per_person` must be between 1 and 10, not 11"))
        #expect(messages.contains { $0.contains("add `each: participant`") })
        let range = try #require(error.diagnostics.first { $0.message.contains("per_person") })
        #expect(range.location == SourceLocation(file: "rehearsal.yaml", line: 7, column: 27))
    }
}
