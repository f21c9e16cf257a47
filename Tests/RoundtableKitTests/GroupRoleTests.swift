import RoundtableKit
import RoundtableTesting
import Testing

/// Roles scoped to a group (`scope: group`): each group has its own holder, rotating
/// within the group.
@Suite struct GroupRoleTests {
    typealias H = LoaderHarness

    static func exercise(keep: Bool) -> String {
        """
        id: x
        title: X
        roles:
          facilitator: per-exercise
          reporter: { rotate: per-round, scope: group }
        steps:
          - id: talk
            handler: groups
            groups: { size: 3, keep: \(keep) }
            rounds: 3
            duration: 2m
            instructions: "{{facilitator}} keeps time; {{reporter}} report for their groups."
        """
    }

    @Test func aScopeThatIsNotGroupOrBesideFixedIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            roles:
              reporter: { rotate: per-round, scope: ‸groups }
              host: { fixed: Ana, scope: group }
            steps:
              - id: talk
                handler: timebox
                duration: 1m
                instructions: "{{reporter}} and {{host}}"
            """)
        let diagnostics = try H.diagnostics(yaml.text).filter { $0.code == .unknownRotation }
        #expect(diagnostics.count == 2)
        #expect(diagnostics.contains { $0.location == yaml.location(in: H.file) })
    }

    @Test(arguments: [6, 9, 12, 14])
    func everyGroupHasOneHolderFromItsMembersRotatingWithinAKeptGroup(people: Int) throws {
        let names = (1...people).map { "P\($0)" }
        for seed in UInt64(0)..<30 {
            let step = try Fixtures.plan(Self.exercise(keep: true), people: names, seed: seed).steps[0]
            var held: [String: Int] = [:]
            let facilitator = step.segments[0].holder(of: "facilitator")
            for segment in step.segments {
                let reporters = segment.roles.filter { $0.role == "reporter" }
                #expect(reporters.count == segment.groups.count)
                for (index, group) in segment.groups.enumerated() {
                    let holder = try #require(reporters.first { $0.group == index + 1 })
                    #expect(group.contains(holder.person))
                    #expect(holder.person != facilitator, "seed \(seed): the facilitator reports for a group that has others")
                    held[holder.person, default: 0] += 1
                }
            }
            // Groups of 3 kept for 3 rounds: everyone reports once, but the facilitator, whose
            // two group mates share the three rounds.
            for group in step.segments[0].groups {
                let counts = group.filter { $0 != facilitator }.map { held[$0] ?? 0 }
                #expect(counts.reduce(0, +) == 3 && counts.max()! - counts.min()! <= 1, "seed \(seed): \(group) \(held)")
            }
            #expect(held[facilitator ?? ""] == nil)
        }
    }

    /// Client, coach and observer in trios kept for three rounds (Helping Heuristics, Troika):
    /// three different members each round, and over the rounds each member holds each role once.
    @Test(arguments: [6, 9, 12])
    func severalGroupRolesGoToDifferentMembersAndEachRotatesThroughTheGroup(people: Int) throws {
        let yaml = """
            id: trios
            title: Trios
            roles:
              client: { rotate: per-round, scope: group }
              coach: { rotate: per-round, scope: group }
              observer: { rotate: per-round, scope: group }
            steps:
              - id: help
                handler: groups
                groups: { size: 3, keep: true }
                rounds: 3
                duration: 2m
                instructions: "{{client}} shares, {{coach}} helps, {{observer}} watches."
            """
        let names = (1...people).map { "P\($0)" }
        for seed in UInt64(0)..<100 {
            let step = try Fixtures.plan(yaml, people: names, seed: seed).steps[0]
            var held: [String: Set<String>] = [:]
            for segment in step.segments {
                for (index, group) in segment.groups.enumerated() {
                    let holders = segment.roles.filter { $0.group == index + 1 }
                    #expect(Set(holders.map(\.role)) == ["client", "coach", "observer"])
                    #expect(Set(holders.map(\.person)).count == 3, "seed \(seed), round \(segment.round): \(holders)")
                    #expect(holders.allSatisfy { group.contains($0.person) })
                    for holder in holders { held[holder.person, default: []].insert(holder.role) }
                }
            }
            #expect(names.allSatisfy { held[$0] == ["client", "coach", "observer"] }, "seed \(seed): \(held)")
        }
    }

    @Test func reMixedGroupsStillHaveOneHolderEachAndTheTextNamesThemAll() throws {
        let plan = try Fixtures.plan(Self.exercise(keep: false), people: (1...9).map { "P\($0)" }, seed: 3)
        for segment in plan.steps[0].segments {
            let reporters = segment.roles.filter { $0.role == "reporter" }
            #expect(reporters.map(\.group) == [1, 2, 3])
            for holder in reporters { #expect(segment.groups[holder.group! - 1].contains(holder.person)) }
            #expect(segment.placeholderValues["reporter"] == reporters.map(\.person).joined(separator: ", "))
        }
    }
}
