import Foundation
import RoundtableKit

extension RoundtableCommand.History {
    /// Airtime per person over the team's recorded sessions, each replayed from its journal
    /// through the same plan (sessions whose files changed since are left out and counted).
    static func airtimeTable(team: String, journals: [(id: String, journal: Journal)]) async -> String {
        var total: [String: Duration] = [:]
        var sessions = 0
        var unreadable = 0
        guard let registry = try? RoundtableCommand.registry() else { return "Airtime: the handlers could not be loaded" }
        for (_, journal) in journals {
            guard let header = journal.header, header.teamKey == team, !header.isRehearsal else { continue }
            guard let plan = try? SessionStore.replan(header, registry: registry) else {
                unreadable += 1
                continue
            }
            let runner = Runner(plan: plan, registry: registry, clock: ContinuousClock(), display: SilentDisplay(),
                                input: ScriptedInput([]), carried: header.carried ?? [])
            let result = await runner.run(resuming: journal.replayRecords, live: false)
            for (name, time) in result.airtime { total[name, default: .zero] += time }
            sessions += 1
        }
        let spoken = total.values.reduce(Duration.zero, +)
        let note = unreadable > 0 ? " (\(unreadable) session\(unreadable == 1 ? "" : "s") left out: the exercise file changed)" : ""
        guard spoken > .zero else { return "Airtime: none recorded yet" + note }
        let people = total.keys.sorted { total[$0]! != total[$1]! ? total[$0]! > total[$1]! : $0 < $1 }
        let rows = people.map { person in
            [person.neutralized(), DurationText.clock(total[person]!), "\(Int((total[person]! / spoken * 100).rounded()))%"]
        }
        return "Airtime over \(sessions) session\(sessions == 1 ? "" : "s")\(note):\n"
            + TextTable.render(["person", "spoke", "share"], rows)
    }
}
