import BuiltInHandlers
import Foundation
import RoundtableKit
import Testing

/// Exercises built in code, and the people to plan them for.
enum PlannerHarness {
    static let file = "plan.yaml"
    static let names = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kim", "Lea"]
    static let counts = 2...12
    static let seeds: Range<UInt64> = 0..<40

    static func people(_ count: Int) -> [Participant] { names.prefix(count).map { Participant($0) } }

    static func at(_ line: Int) -> RoundtableKit.SourceLocation {
        RoundtableKit.SourceLocation(file: file, line: line, column: 3)
    }

    static func role(_ name: String, _ rotation: Rotation, line: Int = 2) -> RoleSpec {
        RoleSpec(name: name, rotation: rotation, location: at(line))
    }

    static func step(
        _ id: String, seconds: Int64, each: Bool = false, groups: Int? = nil, rounds: Int = 1
    ) -> Step {
        // A handler whose rules the step keeps: the plan binds every step.
        Step(id: id, title: id, handler: each ? "round" : (groups == nil ? "timebox" : "groups"), duration: .seconds(seconds), eachParticipant: each,
             groupSize: groups, rounds: rounds, location: at(10))
    }

    static func exercise(
        _ id: String = "drill", min: Int = 2, max: Int? = nil, roles: [RoleSpec] = [], steps: [Step]
    ) -> Document {
        .exercise(Exercise(
            id: id, title: id, participants: ParticipantRange(min: min, max: max), roles: roles, steps: steps,
            location: RoundtableKit.SourceLocation(file: file, line: 1, column: 1)))
    }

    static func plan(_ document: Document, _ count: Int, seed: UInt64) throws -> Plan {
        try Planner(registry: BuiltInHandlers.registry()).plan(document, participants: people(count), seed: seed)
    }

    /// Every rotation kind, including a fixed role listed after a per-exercise one.
    static let everyRotation = exercise(
        roles: [
            role("facilitator", .perExercise),
            role("host", .fixed("Ana")),
            role("timekeeper", .perStep),
            role("coach", .perRound),
            role("observer", .random),
        ],
        steps: [
            step("check-in", seconds: 30, each: true),
            step("pairs", seconds: 120, groups: 2, rounds: 3),
            step("talk", seconds: 300, rounds: 2),
            step("share", seconds: 45, each: true, rounds: 2),
            step("close", seconds: 60),
        ])

    /// How often each person held `role`, once per (step, round) the role was assigned for.
    static func holdCounts(of role: String, in plan: Plan, perRound: Bool) -> [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: plan.names.map { ($0, 0) })
        for step in plan.steps {
            var seenRounds: Set<Int> = []
            for segment in step.segments where seenRounds.insert(perRound ? segment.round : 0).inserted {
                if let person = segment.holder(of: role) { counts[person, default: 0] += 1 }
            }
        }
        return counts
    }

    static func pairs(_ group: [String]) -> [String] {
        var result: [String] = []
        for i in group.indices {
            for j in group.indices where i < j { result.append([group[i], group[j]].sorted().joined(separator: "+")) }
        }
        return result
    }
}

@Suite struct PlannerTests {
    typealias H = PlannerHarness

    // MARK: Determinism

    @Test(arguments: PlannerHarness.counts)
    func theSameInputsGiveTheSamePlan(count: Int) throws {
        var distinct: Set<[[Segment]]> = []
        for seed in H.seeds {
            let first = try H.plan(H.everyRotation, count, seed: seed)
            let second = try H.plan(H.everyRotation, count, seed: seed)
            let segments = first.steps.map(\.segments)
            #expect(segments == second.steps.map(\.segments), "\(count) people, seed \(seed)")
            #expect(first.steps.map(\.id) == second.steps.map(\.id))
            #expect(first.seed == seed)
            distinct.insert(segments)
        }
        // The seed is used: forty seeds do not all give one plan.
        #expect(distinct.count > 1)
    }

    // MARK: Roles

    @Test(arguments: PlannerHarness.counts)
    func nobodyHoldsTwoRolesAtOnceWhenThereArePeopleEnough(count: Int) throws {
        let roles = ["facilitator", "host", "timekeeper", "coach", "observer"]
        for seed in H.seeds {
            let plan = try H.plan(H.everyRotation, count, seed: seed)
            let segments = plan.steps.flatMap(\.segments)
            #expect(segments.allSatisfy { $0.roles.map(\.role) == roles })
            #expect(segments.allSatisfy { $0.roles.allSatisfy { plan.names.contains($0.person) } })
            #expect(segments.allSatisfy { $0.holder(of: "host") == "Ana" })
            if count >= roles.count {
                let doubled = segments.filter { Set($0.roles.map(\.person)).count < roles.count }
                #expect(doubled.isEmpty, "\(count) people, seed \(seed): \(doubled.map(\.roles))")
            }
        }
    }

    @Test(arguments: PlannerHarness.counts)
    func perExerciseAndFixedRolesKeepOneHolderThroughTheExercise(count: Int) throws {
        for seed in H.seeds {
            let plan = try H.plan(H.everyRotation, count, seed: seed)
            let segments = plan.steps.flatMap(\.segments)
            #expect(Set(segments.compactMap { $0.holder(of: "facilitator") }).count == 1)
            #expect(Set(segments.compactMap { $0.holder(of: "host") }) == ["Ana"])
        }
    }

    @Test(arguments: PlannerHarness.counts)
    func perStepRolesAreSharedEvenly(count: Int) throws {
        let roles = ["facilitator", "timekeeper", "scribe"]
        let document = H.exercise(
            roles: roles.map { H.role($0, .perStep) },
            steps: [
                H.step("a", seconds: 60), H.step("b", seconds: 30, each: true), H.step("c", seconds: 60, rounds: 3),
                H.step("d", seconds: 60, groups: 2), H.step("e", seconds: 60), H.step("f", seconds: 30, each: true),
                H.step("g", seconds: 60), H.step("h", seconds: 60), H.step("i", seconds: 60), H.step("j", seconds: 60),
                H.step("k", seconds: 60),
            ])
        for seed in H.seeds {
            let plan = try H.plan(document, count, seed: seed)
            for role in roles {
                let counts = H.holdCounts(of: role, in: plan, perRound: false)
                #expect(counts.values.reduce(0, +) == 11)
                #expect(counts.values.max()! - counts.values.min()! <= 1,
                        "\(count) people, seed \(seed), \(role): \(counts)")
            }
        }
    }

    @Test(arguments: PlannerHarness.counts)
    func perRoundRolesAreSharedEvenly(count: Int) throws {
        let roles = ["client", "coach"]
        let document = H.exercise(
            roles: roles.map { H.role($0, .perRound) },
            steps: [
                H.step("troika", seconds: 300, rounds: 5), H.step("turns", seconds: 30, each: true, rounds: 3),
                H.step("pause", seconds: 60), H.step("again", seconds: 120, groups: 2, rounds: 4),
            ])
        for seed in H.seeds {
            let plan = try H.plan(document, count, seed: seed)
            for role in roles {
                let counts = H.holdCounts(of: role, in: plan, perRound: true)
                #expect(counts.values.reduce(0, +) == 13)
                #expect(counts.values.max()! - counts.values.min()! <= 1,
                        "\(count) people, seed \(seed), \(role): \(counts)")
            }
            // Holders change at every round, not within a round's turns.
            for step in plan.steps {
                let pairs = zip(step.segments, step.segments.dropFirst())
                #expect(pairs.allSatisfy { $0.round != $1.round || $0.roles == $1.roles })
            }
        }
    }

    @Test func tooFewParticipantsIsAnErrorNamingTheMinimum() throws {
        let document = H.exercise("trio", min: 3, max: 5, steps: [H.step("talk", seconds: 60)])
        let error = try #require(throws: LoadError.self) { try H.plan(document, 2, seed: 0) }
        #expect(error.diagnostics.map(\.message) == ["'trio' needs at least 3 participants; 2 given"])
        #expect(error.diagnostics.first?.location == RoundtableKit.SourceLocation(file: H.file, line: 1, column: 1))
        let tooMany = try #require(throws: LoadError.self) { try H.plan(document, 6, seed: 0) }
        #expect(tooMany.diagnostics.map(\.message) == ["'trio' takes at most 5 participants; 6 given"])
        for count in 3...5 { _ = try H.plan(document, count, seed: 0) }
    }

    @Test func aFixedRoleNamingSomeoneAbsentIsAnErrorAtTheRole() throws {
        let document = H.exercise(
            roles: [H.role("facilitator", .perExercise, line: 3), H.role("host", .fixed("Zoe"), line: 4)],
            steps: [H.step("talk", seconds: 60)])
        let error = try #require(throws: LoadError.self) { try H.plan(document, 3, seed: 0) }
        #expect(error.diagnostics.count == 1)
        let absent = try #require(error.diagnostics.first)
        #expect(absent.message == "role 'host' is fixed to 'Zoe', who is not a participant")
        #expect(absent.location == H.at(4))
    }

    @Test func noParticipantsIsAnError() throws {
        let document = H.exercise(steps: [H.step("talk", seconds: 60)])
        let error = try #require(throws: LoadError.self) { try H.plan(document, 0, seed: 0) }
        #expect(error.diagnostics.map(\.message) == ["no participants"])
    }

    // MARK: Groups

    @Test(arguments: PlannerHarness.counts)
    func groupsPartitionEveryoneEachRoundIntoNearlyEqualSizes(count: Int) throws {
        let document = H.exercise(steps: [H.step("pairs", seconds: 120, groups: 2, rounds: 5)])
        for seed in H.seeds {
            let plan = try H.plan(document, count, seed: seed)
            let segments = try #require(plan.steps.first?.segments)
            #expect(segments.count == 5)
            let everyone = plan.names.sorted()
            let wrong = segments.map(\.groups).filter { groups in
                let sizes = groups.map(\.count)
                return groups.count != max(1, count / 2) || groups.flatMap { $0 }.sorted() != everyone
                    || sizes.min()! < 2 || sizes.max()! - sizes.min()! > 1
            }
            #expect(wrong.isEmpty, "\(count) people, seed \(seed): \(wrong)")
        }
    }

    @Test(arguments: [6, 8, 10, 12])
    func pairsDoNotRepeatWhileFreshPairsRemain(count: Int) throws {
        // With an even group of n, n - 1 rounds of pairs can all be new (a round-robin exists).
        let document = H.exercise(steps: [H.step("pairs", seconds: 120, groups: 2, rounds: 5)])
        for seed in H.seeds {
            let plan = try H.plan(document, count, seed: seed)
            var met: [String: Int] = [:]
            for segment in plan.steps.flatMap(\.segments) {
                for group in segment.groups { for pair in H.pairs(group) { met[pair, default: 0] += 1 } }
            }
            let repeated = met.filter { $0.value > 1 }
            #expect(repeated.isEmpty, "\(count) people, seed \(seed): repeated \(repeated.keys.sorted())")
        }
    }

    @Test(arguments: PlannerHarness.counts)
    func pairsRepeatOnlyWhenTheyMust(count: Int) throws {
        let document = H.exercise(steps: [H.step("pairs", seconds: 120, groups: 2, rounds: 5)])
        let possible = count * (count - 1) / 2
        for seed in H.seeds {
            let plan = try H.plan(document, count, seed: seed)
            var met: [String: Int] = [:]
            var meetings = 0
            for segment in plan.steps.flatMap(\.segments) {
                for group in segment.groups {
                    for pair in H.pairs(group) { met[pair, default: 0] += 1; meetings += 1 }
                }
            }
            // Spread evenly, no pair meets more than one time above the average.
            let even = (meetings + possible - 1) / possible
            #expect(met.values.max()! <= even + 1, "\(count) people, seed \(seed): \(met)")
        }
    }

    // MARK: Turns and time

    @Test(arguments: PlannerHarness.counts)
    func eachParticipantGivesEveryoneOneTurnPerRound(count: Int) throws {
        for rounds in 1...3 {
            let document = H.exercise(steps: [H.step("intro", seconds: 60), H.step("round", seconds: 45, each: true, rounds: rounds)])
            for seed in H.seeds {
                let plan = try H.plan(document, count, seed: seed)
                let step = plan.steps[1]
                #expect(step.eachParticipant)
                #expect(step.segments.count == count * rounds)
                for round in 1...rounds {
                    let turns = step.segments.filter { $0.round == round }
                    #expect(turns.compactMap(\.speaker).sorted() == plan.names.sorted())
                    #expect(turns.map(\.turn) == (1...count).map(Optional.some))
                    #expect(turns.allSatisfy { $0.turns == count && $0.rounds == rounds && $0.duration == .seconds(45) })
                }
                #expect(step.start == .seconds(60))
                #expect(step.duration == .seconds(45) * (count * rounds))
                #expect(plan.duration == .seconds(60) + .seconds(45) * (count * rounds))
                let pairs = zip(step.segments, step.segments.dropFirst())
                #expect(pairs.allSatisfy { $1.start == $0.start + $0.duration })
            }
        }
    }

    @Test func aStepOfRoundsHasOneTimedSegmentPerRound() throws {
        let plan = try H.plan(H.exercise(steps: [H.step("talk", seconds: 300, rounds: 3)]), 4, seed: 7)
        let segments = try #require(plan.steps.first?.segments)
        #expect(segments.map(\.round) == [1, 2, 3])
        #expect(segments.map(\.start) == [.zero, .seconds(300), .seconds(600)])
        #expect(segments.allSatisfy { $0.speaker == nil && $0.groups.isEmpty })
    }

    @Test(arguments: PlannerHarness.counts)
    func agendaBreaksAndStartOffsetsAddUp(count: Int) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("roundtable-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try """
            id: check-in
            title: Check-in
            roles: { scribe: per-step }
            steps:
              - id: arrive
                handler: round
                each: participant
                duration: 45s
                instructions: "{{scribe}} notes a word from each of us."
            """.write(to: root.appendingPathComponent("check-in.yaml"), atomically: true, encoding: .utf8)
        try """
            id: discuss
            title: Discuss
            roles: { scribe: per-step }
            steps:
              - id: share
                handler: round
                each: participant
                duration: 1m
                rounds: 2
              - id: wrap-up
                handler: round
                each: participant
                duration: 20s
                instructions: "{{scribe}} reads back the notes."
            """.write(to: root.appendingPathComponent("discuss.yaml"), atomically: true, encoding: .utf8)
        try """
            title: Workshop
            timebox: 2h
            agenda:
              - exercise: check-in
              - break: 10m
              - exercise: discuss
              - break: 5m
                title: Coffee
              - exercise: check-in
            """.write(to: root.appendingPathComponent("workshop.yaml"), atomically: true, encoding: .utf8)
        let library = Library(roots: [root.path], loader: Loader(registry: BuiltInHandlers.registry()))
        #expect(library.diagnostics.isEmpty, "\(LoadError(library.diagnostics))")
        let document = try library.document(named: "workshop")
        guard case .agenda(let agenda) = document else {
            Issue.record("workshop is not an agenda")
            return
        }
        let n = Int64(count)
        let expected: Duration = .seconds(45 * n + 600 + 60 * 2 * n + 20 * n + 300 + 45 * n)

        for seed: UInt64 in [0, 1, 2] {
            let plan = try Planner(registry: BuiltInHandlers.registry()).plan(document, participants: H.people(count), seed: seed)
            #expect(plan.title == "Workshop")
            #expect(plan.timebox == .seconds(7200))
            #expect(plan.steps.map(\.id) == ["arrive", "break", "share", "wrap-up", "break", "arrive"])
            #expect(plan.steps.map(\.isBreak) == [false, true, false, false, true, false])
            #expect(plan.steps.map(\.index) == Array(0..<6))
            #expect(plan.steps.map(\.exerciseIndex) == [0, nil, 1, 1, nil, 2])
            #expect(plan.exercises.map(\.id) == ["check-in", "discuss", "check-in"])
            #expect(plan.exercises.map(\.stepRange) == [0..<1, 2..<4, 5..<6])
            #expect(plan.steps[1].title == "Break")
            #expect(plan.steps[4].title == "Coffee")
            #expect(plan.steps[1].duration == .seconds(600))
            #expect(plan.steps[4].duration == .seconds(300))

            #expect(plan.steps.first?.start == .zero)
            for (previous, step) in zip(plan.steps, plan.steps.dropFirst()) {
                #expect(step.start == previous.end, "step \(step.index) starts when step \(previous.index) ends")
            }
            for step in plan.steps {
                for (previous, segment) in zip(step.segments, step.segments.dropFirst()) {
                    #expect(segment.start == previous.start + previous.duration)
                }
            }
            #expect(plan.duration == expected)
            #expect(plan.steps.last?.end == expected)
            #expect(agenda.duration(participants: count) == expected)
            #expect(plan.start(step: 2, segment: 0) == .seconds(45 * n + 600))
        }
    }
}
