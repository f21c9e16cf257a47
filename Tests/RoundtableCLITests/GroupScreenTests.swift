import BuiltInHandlers
import Foundation
@testable import RoundtableCLI
@testable import RoundtableKit
import Testing

/// World Café on the screen and in `show`: the host who stays at each table is marked, and
/// `show` lists each person's table round by round.
@Suite struct GroupScreenTests {
    static let people = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim", "Lea"]

    static func plan(_ path: String, seed: UInt64 = 4) throws -> Plan {
        let registry = BuiltInHandlers.registry()
        let document = try Loader(registry: registry).load(file: Binary.packageRoot.appendingPathComponent(path).path)
        return try Planner(registry: registry).plan(document, participants: people.map { Participant($0) }, seed: seed)
    }

    @Test func theScreenAndTheEventLinesMarkEachTablesHost() throws {
        let plan = try Self.plan("Exercises/meetings/world-cafe.yaml")
        let step = plan.steps[1]
        let segment = step.segments[1]
        let hosts = (0..<segment.groups.count).compactMap { segment.stayer(at: $0) }
        #expect(hosts.count == 3)
        var state = ScreenState()
        _ = state.apply(.segmentStarted(step, segment, instructions: nil))
        let frame = ScreenLayout(rows: 40, columns: 200, color: false).render(state).lines.joined(separator: "\n")
        let groups = try #require(frame.split(separator: "\n").first { $0.contains("Groups: ") })
        for (index, host) in hosts.enumerated() {
            #expect(groups.contains("\(host) (host) + "))
            #expect(segment.groups[index].first == host)
        }
        let lines = EventText.lines(for: .segmentStarted(step, segment, instructions: nil)).map(\.0)
        #expect(lines.contains { $0.hasPrefix("Groups: \(hosts[0]) (host) + ") })
        #expect(lines.contains { $0.contains("Host: \(hosts[0]) (group 1), \(hosts[1]) (group 2), \(hosts[2]) (group 3)") })
    }

    @Test func showListsEveryPersonsTableByRoundAndTheHostsInJSON() throws {
        let plan = try Self.plan("Exercises/meetings/world-cafe.yaml")
        let text = PlanText.render(plan)
        let segments = plan.steps[1].segments
        let host = try #require(segments[0].stayer(at: 1))
        #expect(text.contains("\(host) 2 2 2 (host, stays)"), "\(text)")
        let guest = try #require(segments[0].groups[0].last)
        let seats = segments.map { segment in String(segment.groups.firstIndex { $0.contains(guest) }! + 1) }.joined(separator: " ")
        #expect(text.contains("\(guest) \(seats)") && !text.contains("\(guest) \(seats) (host"))
        #expect(text.contains("round 3: 3 groups of 4: \(segments[2].stayer(at: 0)!) (host) + "))
        #expect(text.contains("each group's host stays at it every round; the others move"))
        let json = try PlanJSON.encode(plan)
        let hosts = (0..<3).compactMap { segments[0].stayer(at: $0) }.map { "\"\($0)\"" }
        #expect(json.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "").contains("\"stays\":[" + hosts.joined(separator: ",") + "]"))
    }

    @Test func showListsFoursMadeOfPairs() throws {
        let plan = try Self.plan("Exercises/rounds/appreciative-interviews.yaml")
        let text = PlanText.render(plan)
        #expect(text.contains("6 groups of 2: "))
        #expect(text.contains("3 groups of 4: "))
        let pairs = plan.steps[0].segments[0].groups
        let fours = plan.steps[1].segments[0].groups.map { $0.joined(separator: " + ") }
        for pair in pairs { #expect(fours.contains { $0.contains(pair.joined(separator: " + ")) }) }
        #expect(text.contains("each group joins 2 whole groups of 'interviews' (its last round), never one alone"))
        #expect(try PlanJSON.encode(plan).contains("\"join\""))
    }
}
