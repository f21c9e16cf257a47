import BuiltInHandlers
import RoundtableKit
import Testing

/// Groups that hold for any room: sizes within one of each other for 2 to 40 people, and
/// no pair meeting twice while the room and the rounds allow it, over 1,000 seeds.
@Suite struct GroupPropertyTests {
    typealias H = PlannerHarness

    static func people(_ count: Int) -> [Participant] { (1...count).map { Participant("P\($0)") } }

    static func plan(people count: Int, size: Int, rounds: Int, seed: UInt64) throws -> Plan {
        let document = H.exercise(steps: [H.step("groups", seconds: 60, groups: size, rounds: rounds)])
        return try Planner(registry: BuiltInHandlers.registry()).plan(document, participants: people(count), seed: seed)
    }

    /// How many pairs meet more than once over the step's rounds.
    static func repeatedPairs(_ plan: Plan) -> Int {
        var met: [String: Int] = [:]
        for segment in plan.steps.flatMap(\.segments) {
            for group in segment.groups { for pair in H.pairs(group) { met[pair, default: 0] += 1 } }
        }
        return met.values.filter { $0 > 1 }.count
    }

    @Test(arguments: [2, 3, 4, 5, 6])
    func groupSizesAreWithinOneOfEachOtherForTwoToFortyPeople(size: Int) throws {
        for count in 2...40 {
            for seed in UInt64(0)..<2 {
                let plan = try Self.plan(people: count, size: size, rounds: 2, seed: seed)
                for segment in plan.steps[0].segments {
                    let sizes = segment.groups.map(\.count)
                    let everyone = segment.groups.flatMap { $0 }
                    #expect(sizes.max()! - sizes.min()! <= 1, "\(count) people in groups of about \(size): \(sizes)")
                    #expect(sizes.min()! >= min(2, count), "\(count) people: a group of one")
                    #expect(Set(everyone).count == count && everyone.count == count, "\(count) people: someone missing or twice")
                    #expect(sizes.count == Planner.groupCount(people: count, size: size))
                }
            }
        }
    }

    @Test func keptGroupsStayTheSameEveryRound() throws {
        let yaml = """
            id: x
            title: X
            steps:
              - id: trios
                handler: groups
                groups: { size: 3, keep: true }
                rounds: 4
                duration: 2m
            """
        for count in [6, 7, 11, 20] {
            for seed in UInt64(0)..<50 {
                let people = (1...count).map { "P\($0)" }
                let segments = try Fixtures.plan(yaml, people: people, seed: seed).steps[0].segments
                #expect(segments.count == 4)
                #expect(Set(segments.map(\.groups)).count == 1, "\(count) people, seed \(seed)")
            }
        }
        let diagnostics = try LoaderHarness.diagnostics(yaml.replacingOccurrences(of: "keep: true", with: "keep: always"))
        #expect(diagnostics.map(\.code) == [.wrongType])
    }

    /// Rooms where fresh groups exist for every round: 16 in fours over 3 rounds (the case
    /// that used to repeat 4 pairs), and others of pairs, trios, fours and fives. (With fewer
    /// groups than people in a group, a second round must repeat pairs: 12 in fours, say.)
    @Test(arguments: [(16, 4, 3), (12, 3, 3), (12, 2, 5), (20, 4, 3), (25, 5, 3), (10, 2, 5), (18, 3, 4), (30, 3, 3), (40, 4, 3), (9, 3, 2)])
    func noPairMeetsTwiceWhereTheRoomAllowsIt(people: Int, size: Int, rounds: Int) throws {
        var failures: [UInt64] = []
        for seed in UInt64(0)..<1000 {
            let plan = try Self.plan(people: people, size: size, rounds: rounds, seed: seed)
            if Self.repeatedPairs(plan) > 0 { failures.append(seed) }
        }
        #expect(failures.isEmpty, "\(people) people in groups of \(size) over \(rounds) rounds repeat pairs with seeds \(failures.prefix(10))")
    }
}
