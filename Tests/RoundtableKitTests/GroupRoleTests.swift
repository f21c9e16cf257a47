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
