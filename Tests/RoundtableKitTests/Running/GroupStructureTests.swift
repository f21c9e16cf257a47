import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// Groups that stay and join: the located errors of `stay:` and `from:`, the example of
/// docs/FORMAT.md run through the engine, and the report naming each table's host.
@Suite struct GroupStructureTests {
    typealias H = LoaderHarness

    /// The YAML example of the "Groups that stay and join" section of docs/FORMAT.md.
    static func formatExample() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../docs/FORMAT.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        let section = try #require(doc.range(of: "### Groups that stay and join\n"))
        let rest = doc[section.upperBound...]
        let start = try #require(rest.range(of: "```yaml\n"))
        let end = try #require(rest[start.upperBound...].range(of: "```"))
        return "id: example\ntitle: Example\n" + rest[start.upperBound..<end.lowerBound]
    }

    static let people = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kim", "Lea", "Max", "Noa", "Oli", "Pia"]

    @Test func theFormatExampleRunsWithHostsWhoStayAndFoursMadeOfPairs() async throws {
        let rehearsal = try Rehearsal(yaml: try Self.formatExample(), handlers: BuiltInHandlers.all, participants: Self.people, seed: 7)
        let tables = rehearsal.plan.steps[0].segments
        let hosts = tables[0].roles.filter { $0.role == "host" }
        #expect(hosts.count == 4)
        for segment in tables {
            for host in hosts { #expect(segment.stayer(at: host.group! - 1) == host.person) }
            #expect(segment.groupLabels()[0].hasPrefix(hosts[0].person + " (host) + "))
        }
        let pairs = Set(rehearsal.plan.steps[1].segments[1].groups.map { Set($0) })
        #expect(pairs.count == 8)
        for group in rehearsal.plan.steps[2].segments[0].groups {
            #expect(group.count == 4 && pairs.filter { $0.isSubset(of: Set(group)) }.count == 2)
        }
        let guest = try #require(tables[0].groups[0].last)
        let rehearsed = await rehearsal.run(["\(guest): a first idea", "/next", "/next", "/next", "/next", "/next", "Ana: pairs joined", "/next"])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.artifacts(of: "tables").map(\.text).contains("a first idea"))
        #expect(rehearsed.artifacts(of: "fours").map(\.text) == ["pairs joined"])
        // The event lines mark the hosts; the report's agenda names each table's host.
        let shown = rehearsed.events.compactMap { _, event -> Segment? in
            if case .segmentStarted(let step, let segment, _) = event, step.id == "tables" { return segment }
            return nil
        }
        #expect(shown.count == 3 && shown.allSatisfy { $0.stayRole == "host" })
        // The groups handler's board titles each table with its host marked.
        let titles = Set(rehearsed.events.flatMap { _, event -> [String] in
            if case .view(let view) = event { return view.columns.map(\.title) }
            return []
        })
        for host in hosts { #expect(titles.contains("Group \(host.group!): \(host.person) (host) + " + tables[0].groups[host.group! - 1].dropFirst().joined(separator: " + "))) }
        let named = hosts.map { "\($0.person) (group \($0.group!), stays)" }.joined(separator: ", ")
        #expect(rehearsed.report.contains("host: " + named), "\(rehearsed.report)")
    }

    @Test func stayNamingNoGroupRoleOrBesideKeepOrFromIsLocated() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            roles:
              host: { rotate: per-step, scope: group }
              lead: per-step
            steps:
              - id: a
                handler: groups
                groups: { size: 4, stay: ‸lead }
                duration: 1m
                instructions: "{{host}} {{lead}}"
              - id: b
                handler: groups
                groups: { size: 4, stay: ‸hots }
                duration: 1m
              - id: c
                handler: groups
                groups: { size: 4, keep: true, stay: ‸host }
                duration: 1m
              - id: d
                handler: groups
                groups: { from: a, stay: ‸host }
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text).filter { $0.code == .invalidStay }
        #expect(diagnostics.map(\.location) == yaml.locations(in: H.file))
        #expect(diagnostics[1].notes.map(\.message) == ["did you mean 'host'?"])
        #expect(diagnostics.allSatisfy { $0.hint != nil })
    }

    @Test func fromNamingNoEarlierGroupedStepOrBesideSizeIsLocated() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                duration: 1m
              - id: pairs
                handler: groups
                groups: 2
                duration: 1m
              - id: a
                handler: groups
                groups: { from: ‸pair }
                duration: 1m
              - id: b
                handler: groups
                groups: { from: ‸talk }
                duration: 1m
              - id: c
                handler: groups
                groups: { from: pairs, size: ‸4 }
                duration: 1m
              - id: d
                handler: groups
                groups: { join: ‸2 }
                duration: 1m
              - id: e
                handler: groups
                groups: { from: ‸later }
                duration: 1m
              - id: later
                handler: groups
                groups: 3
                duration: 1m
            """)
        let diagnostics = try H.diagnostics(yaml.text).filter { $0.code == .invalidJoin }
        #expect(diagnostics.map(\.location) == yaml.locations(in: H.file))
        #expect(diagnostics[0].notes.map(\.message) == ["did you mean 'pairs'?"])
        #expect(diagnostics[0].hint == "earlier steps with groups: pairs")
    }

    @Test func aJoinInsideARepeatedBlockTakesThatPassesGroups() throws {
        let plan = try Fixtures.plan("""
            id: x
            title: X
            steps:
              - block: twice
                repeat: 2
                steps:
                  - id: pairs
                    handler: groups
                    groups: 2
                    duration: 1m
                  - id: fours
                    handler: groups
                    groups: { from: pairs }
                    duration: 1m
            """, people: Array(Self.people.prefix(8)), seed: 2)
        #expect(plan.steps.map(\.id) == ["pairs-1", "fours-1", "pairs-2", "fours-2"])
        for (pairs, fours) in [(0, 1), (2, 3)] {
            let units = plan.steps[pairs].segments[0].groups.map { Set($0) }
            for group in plan.steps[fours].segments[0].groups {
                #expect(units.filter { $0.isSubset(of: Set(group)) }.count == 2)
            }
        }
    }
}
