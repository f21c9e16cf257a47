import Foundation
import RoundtableKit
import Testing

/// The sessions folder's history index gives the same history as reading every journal,
/// and follows journals that change.
@Suite struct HistoryIndexTests {
    let team = ["Ana", "Ben", "Chen"].map { Participant($0) }
    let other = ["Xia", "Yan"].map { Participant($0) }

    func journal(_ folder: String, _ id: String, people: [Participant], rehearsal: Bool = false,
                 steps: [[RoleHolder]]) throws -> String {
        try FileManager.default.createDirectory(atPath: folder + "/" + id, withIntermediateDirectories: true)
        let path = folder + "/" + id + "/journal.jsonl"
        let writer = try JournalWriter(path: path)
        writer.record(.session(SessionHeader(id: id, title: "t", name: "n", document: "d", library: [], participants: people,
                                             seed: 0, params: [:], speed: 1, started: "", fingerprint: "", rehearsal: rehearsal)))
        for (index, roles) in steps.enumerated() { writer.record(.stepStarted(index, roles: roles, at: .seconds(Int64(index)))) }
        return path
    }

    @Test func theIndexGivesWhatTheJournalsSayAndFollowsAChangedOne() throws {
        let folder = NSTemporaryDirectory() + "index-" + UUID().uuidString
        let ana = RoleHolder(role: "facilitator", person: "Ana"), ben = RoleHolder(role: "facilitator", person: "Ben")
        let first = try journal(folder, "1", people: team, steps: [[ana], [ana]])
        let second = try journal(folder, "2", people: team, steps: [[ben]])
        _ = try journal(folder, "3", people: other, steps: [[RoleHolder(role: "facilitator", person: "Xia")]])
        _ = try journal(folder, "4", people: team, rehearsal: true, steps: [[ben]])
        let key = SessionHeader.teamKey(team: nil, names: team.map(\.name))
        let journals = ["1", "2", "3", "4"].map { ($0, folder + "/" + $0 + "/journal.jsonl") }

        var expected = try Journal.roleHistory(first)
        expected.merge(try Journal.roleHistory(second))
        var index = HistoryIndex.read(folder: folder)
        #expect(index.history(team: key, journals: journals) == expected)
        index.writeIfChanged(folder: folder)

        var again = HistoryIndex.read(folder: folder)
        let cached = again.history(team: key, journals: journals)
        #expect(cached == expected)
        #expect(cached.sessionCount(role: "facilitator", person: "Ana") == 1)
        #expect(cached.count(role: "facilitator", person: "Ana") == 2)
        #expect(cached.sessionTotal == 2)

        // A session resumed since: its journal grew, and the index reads it again.
        let writer = try JournalWriter(path: second)
        writer.record(.stepStarted(1, roles: [ana], at: .seconds(5)))
        var later = HistoryIndex.read(folder: folder)
        let updated = later.history(team: key, journals: journals)
        #expect(updated.count(role: "facilitator", person: "Ana") == 3)
        #expect(updated.sessionCount(role: "facilitator", person: "Ana") == 2)
    }
}

/// Counts from files are bounded: a damaged history cannot trap the planner.
@Suite struct RoleHistoryBoundsTests {
    @Test func aHeaderWhoseHistoryHoldsAHugeCountIsADamagedHeader() throws {
        let folder = NSTemporaryDirectory() + "bounds-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var header = SessionHeader(id: "s", title: "t", name: "n", document: "d", library: [], participants: [Participant("Ana")],
                                   seed: 0, params: [:], speed: 1, started: "", fingerprint: "")
        header.history = RoleHistory(counts: ["scribe": ["Ana": Int.max]])
        let path = folder + "/journal.jsonl"
        try JournalWriter(path: path).record(.session(header))
        #expect(throws: LoadError.self) { try Journal.read(path) }
        #expect(throws: LoadError.self) { try Journal.header(path) }
    }

    @Test func sumsOfCountsStopAtTheLargestInsteadOfTrapping() {
        var history = RoleHistory(counts: ["scribe": ["Ana": Int.max]])
        history.add(role: "scribe", person: "Ana", times: 5)
        #expect(history.count(role: "scribe", person: "Ana") == Int.max)
        var merged = RoleHistory()
        merged.merge(history)
        merged.merge(history)
        #expect(merged.count(role: "scribe", person: "Ana") == Int.max)
    }
}
