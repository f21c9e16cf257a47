import RoundtableKit
import Testing

/// Groups as structures over 1,000 seeds: a member who stays never moves while the others
/// re-mix, groups joined from an earlier step's keep those groups whole, sizes stay within
/// one (or within one earlier group) for 2 to 40 people, and nobody holds two roles.
@Suite struct GroupStructurePropertyTests {
    static func names(_ count: Int) -> [String] { (1...count).map { "P\($0)" } }

    /// Tables of about `size` for `rounds` rounds, a host who stays at each.
    static func cafe(size: Int, rounds: Int) -> String {
        """
        id: cafe
        title: Cafe
        roles:
          facilitator: per-exercise
          timekeeper: per-round
          host: { rotate: per-step, scope: group }
        steps:
          - id: tables
            handler: groups
            groups: { size: \(size), stay: host }
            rounds: \(rounds)
            duration: 20m
            instructions: "{{host}} stay at your table; {{facilitator}} and {{timekeeper}} keep time."
        """
    }

    /// Pairs for two rounds (kept), then groups joining `join` of them, re-mixed over `rounds`.
    static func interviews(join: Int, rounds: Int) -> String {
        """
        id: interviews
        title: Interviews
        roles:
          facilitator: per-exercise
          reporter: { rotate: per-round, scope: group }
        steps:
          - id: pairs
            handler: groups
            groups: { size: 2, keep: true }
            rounds: 2
            duration: 7m
          - id: fours
            handler: groups
            groups: { from: pairs, join: \(join) }
            rounds: \(rounds)
            duration: 15m
            instructions: "{{facilitator}} and {{reporter}}"
        """
    }

    static func pairs(_ group: [String]) -> [String] {
        var result: [String] = []
        for i in group.indices { for j in group.indices where i < j { result.append([group[i], group[j]].sorted().joined(separator: "|")) } }
        return result
    }

    /// Every segment: each person once, in groups within one of each other, no one in two roles.
    static func checkRoom(_ segment: Segment, people: Int, context: String) {
        let everyone = segment.groups.flatMap { $0 }
        #expect(everyone.count == people && Set(everyone).count == people, "\(context): someone missing or twice")
        let holders = segment.roles.map(\.person)
        if people >= segment.roles.count {
            #expect(Set(holders).count == holders.count, "\(context): a double role in \(segment.roles)")
        }
    }

    @Test func aMemberWhoStaysNeverMovesAndTheOthersReMixForTwoToFortyPeople() throws {
        var moved = 0
        for seed in UInt64(0)..<1000 {
            let people = 2 + Int(seed % 39)
            let size = [3, 4, 5][Int(seed / 39) % 3]
            let plan = try Fixtures.plan(Self.cafe(size: size, rounds: 3), people: Self.names(people), seed: seed)
            let segments = plan.steps[0].segments
            let hosts = segments[0].roles.filter { $0.role == "host" }
            #expect(hosts.map(\.group) == Array(1...segments[0].groups.count).map(Optional.some), "seed \(seed)")
            for segment in segments {
                let context = "\(people) people in tables of \(size), seed \(seed), round \(segment.round)"
                #expect(segment.roles.filter { $0.role == "host" } == hosts, "\(context): the hosts changed")
                for host in hosts where !segment.groups[host.group! - 1].contains(host.person) { moved += 1 }
                let sizes = segment.groups.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 1, "\(context): \(sizes)")
                #expect(sizes.count == Planner.groupCount(people: people, size: size), "\(context)")
                #expect(segment.stayRole == "host")
                Self.checkRoom(segment, people: people, context: context)
            }
            if people >= 2 * size && segments[0].groups != segments[1].groups {
                continue
            } else if people >= 2 * size {
                Issue.record("\(people) people, seed \(seed): nobody moved between rounds")
            }
        }
        #expect(moved == 0, "a host left their table \(moved) times")
    }

    /// Rooms where each guest can meet new people at every table: the hosts stay and no
    /// pair meets twice over the rounds. (A table's new guests must come from different
    /// other tables, so there must be at least as many tables as people at one: 12 in
    /// fours, three tables, cannot.)
    @Test(arguments: [(16, 4, 3), (20, 4, 3), (25, 5, 2), (9, 3, 2), (18, 3, 3), (24, 4, 3)])
    func guestsMeetNewPeopleAtEachTableWhereTheRoomAllowsIt(people: Int, size: Int, rounds: Int) throws {
        var failures: [UInt64] = []
        for seed in UInt64(0)..<200 {
            let plan = try Fixtures.plan(Self.cafe(size: size, rounds: rounds), people: Self.names(people), seed: seed)
            var met: [String: Int] = [:]
            for segment in plan.steps[0].segments { for group in segment.groups { for pair in Self.pairs(group) { met[pair, default: 0] += 1 } } }
            if met.values.contains(where: { $0 > 1 }) { failures.append(seed) }
        }
        #expect(failures.isEmpty, "\(people) people at tables of \(size) over \(rounds) rounds repeat pairs with \(failures.count) of 200 seeds, e.g. \(failures.prefix(5))")
    }

    @Test func groupsJoinedFromPairsKeepThePairsWithSizesWithinOnePairForTwoToFortyPeople() throws {
        for seed in UInt64(0)..<1000 {
            let people = 2 + Int(seed % 39)
            let join = seed % 5 == 4 ? 3 : 2
            let rounds = seed % 3 == 0 ? 2 : 1
            let plan = try Fixtures.plan(Self.interviews(join: Int(join), rounds: rounds), people: Self.names(people), seed: seed)
            let pairs = Set(plan.steps[0].segments.last!.groups.map { Set($0) })
            for segment in plan.steps[1].segments {
                let context = "\(people) people joining \(join) pairs, seed \(seed), round \(segment.round)"
                Self.checkRoom(segment, people: people, context: context)
                var units: [Int] = []
                for group in segment.groups {
                    let inside = pairs.filter { $0.isSubset(of: Set(group)) }
                    #expect(inside.reduce(0) { $0 + $1.count } == group.count, "\(context): a pair split across \(segment.groups)")
                    units.append(inside.count)
                }
                #expect(units.max()! - units.min()! <= 1, "\(context): \(units) pairs per group")
                #expect(pairs.count < 2 || units.min()! >= 2, "\(context): a pair left on its own")
                let sizes = segment.groups.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 2, "\(context): \(sizes)")
                #expect(segment.groups.count == Planner.groupCount(people: pairs.count, size: Int(join)), "\(context)")
            }
        }
    }

    @Test func anOddNumberOfPairsMakesOneGroupOfThreePairs() throws {
        for seed in UInt64(0)..<50 {
            let plan = try Fixtures.plan(Self.interviews(join: 2, rounds: 1), people: Self.names(10), seed: seed)
            #expect(plan.steps[1].segments[0].groups.map(\.count).sorted() == [4, 6])
            let three = try Fixtures.plan(Self.interviews(join: 2, rounds: 1), people: Self.names(7), seed: seed)
            #expect(three.steps[1].segments[0].groups.map(\.count) == [7], "two pairs and a trio are one group")
        }
    }

    @Test func joinedGroupsReMixedOverRoundsMeetNewPairsWhereTheRoomAllowsIt() throws {
        // 16 people: 8 pairs in fours over 3 rounds; pairs of pairs never repeat.
        for seed in UInt64(0)..<100 {
            let plan = try Fixtures.plan(Self.interviews(join: 2, rounds: 3), people: Self.names(16), seed: seed)
            let pairs = Set(plan.steps[0].segments[0].groups.map { Set($0) })
            var met: [String: Int] = [:]
            for segment in plan.steps[1].segments {
                for group in segment.groups { for pair in Self.pairs(group) where !pairs.contains(Set(pair.split(separator: "|").map(String.init))) { met[pair, default: 0] += 1 } }
            }
            #expect(!met.values.contains { $0 > 1 }, "seed \(seed)")
        }
    }

    @Test func theSameSeedGivesTheSameTablesAndJoins() throws {
        for seed in UInt64(0)..<20 {
            let a = try Fixtures.plan(Self.cafe(size: 4, rounds: 3), people: Self.names(14), seed: seed)
            let b = try Fixtures.plan(Self.cafe(size: 4, rounds: 3), people: Self.names(14), seed: seed)
            #expect(a.steps.flatMap(\.segments) == b.steps.flatMap(\.segments))
            let c = try Fixtures.plan(Self.interviews(join: 2, rounds: 1), people: Self.names(13), seed: seed)
            let d = try Fixtures.plan(Self.interviews(join: 2, rounds: 1), people: Self.names(13), seed: seed)
            #expect(c.steps.flatMap(\.segments) == d.steps.flatMap(\.segments))
        }
    }
}
