import BuiltInHandlers
import RoundtableKit
import Testing

/// `fair` rotation across sessions, and groups that mix an attribute.
@Suite struct FairRotationTests {
    static func exercise(steps: Int) -> String {
        var yaml = """
            id: fair
            title: Fair
            roles:
              facilitator: fair
              timekeeper: fair
              scribe: fair
            steps:

            """
        for index in 1...steps {
            yaml += "  - { id: s\(index), handler: timebox, duration: 1m }\n"
        }
        return yaml
    }

    static func document(_ yaml: String) throws -> Document {
        let loader = Loader(registry: BuiltInHandlers.registry())
        return try loader.document(from: try loader.yaml.parse(text: yaml, file: "fair.yaml"))
    }

    /// What a session leaves in the team's history: each step's role holders, once per step.
    static func history(of plan: Plan) -> RoleHistory {
        var history = RoleHistory()
        for step in plan.steps {
            for holder in Set(step.segments.flatMap(\.roles)) { history.add(role: holder.role, person: holder.person) }
        }
        return history
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7], Array(UInt64(0)..<12))
    func tenSessionsOfAFivePersonTeamGiveEveryoneEachRoleWithinOne(steps: Int, seed: UInt64) throws {
        let team = ["Ana", "Ben", "Chen", "Dev", "Eli"].map { Participant($0) }
        let document = try Self.document(Self.exercise(steps: steps))
        var history = RoleHistory()
        for session in 0..<10 {
            let plan = try Planner(registry: BuiltInHandlers.registry()).plan(document, participants: team, seed: seed &+ UInt64(session), history: history)
            for step in plan.steps {
                let holders = step.segments[0].roles.map(\.person)
                #expect(Set(holders).count == holders.count, "someone holds two roles in session \(session)")
            }
            history.merge(Self.history(of: plan))
        }
        for role in ["facilitator", "timekeeper", "scribe"] {
            let counts = team.map { history.count(role: role, person: $0.name) }
            #expect(counts.max()! - counts.min()! <= 1, "\(role): \(counts) after 10 sessions of \(steps) steps")
        }
    }

    @Test func fairGoesToWhoeverHeldTheRoleLeast() throws {
        let document = try Self.document(Self.exercise(steps: 1))
        var history = RoleHistory()
        for person in ["Ana", "Ben", "Chen"] { history.add(role: "facilitator", person: person, times: 3) }
        let plan = try Planner(registry: BuiltInHandlers.registry()).plan(document, participants: ["Ana", "Ben", "Chen", "Dev"].map { Participant($0) },
                                      seed: 5, history: history)
        #expect(plan.steps[0].segments[0].holder(of: "facilitator") == "Dev")
    }

    @Test func groupsMixAnAttributeWhereTheRoomAllows() throws {
        let yaml = """
            id: mix
            title: Mix
            steps:
              - id: pairs
                handler: groups
                groups: { size: 2, mix: department }
                rounds: 3
                duration: 2m
            """
        let people = [("Ana", "web"), ("Ben", "web"), ("Chen", "web"), ("Dev", "ops"), ("Eli", "ops"), ("Fay", "ops")]
            .map { Participant($0.0, attributes: ["department": $0.1]) }
        let department = Dictionary(uniqueKeysWithValues: people.map { ($0.name, $0.attributes["department"]!) })
        for seed in UInt64(0)..<20 {
            let plan = try Planner(registry: BuiltInHandlers.registry()).plan(try Self.document(yaml), participants: people, seed: seed)
            var pairs: Set<Set<String>> = []
            for segment in plan.steps[0].segments {
                for group in segment.groups {
                    #expect(Set(group.map { department[$0]! }).count == 2, "seed \(seed): \(group) does not mix")
                    #expect(pairs.insert(Set(group)).inserted, "seed \(seed): \(group) meets twice")
                }
            }
        }
    }

    @Test func groupsWithoutASizeAreALocatedError() throws {
        let yaml = """
            id: mix
            title: Mix
            steps:
              - id: pairs
                handler: timebox
                groups: { mix: department }
                duration: 2m
            """
        #expect { try Self.document(yaml) } throws: { error in
            let diagnostic = (error as? LoadError)?.diagnostics.first
            return diagnostic?.message == "`groups` needs a `size` (2 for pairs)" && diagnostic?.location?.line == 6
        }
    }
}
