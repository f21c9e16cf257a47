import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show how often each person held each role, and the team's commitments.",
            discussion: """
                Counts come from the recorded sessions of the team (one per step a person held \
                a role). A team is a --team file, or the set of --participants names; without \
                either, every team found is shown. Rotation uses these counts: each rotating role goes \
                first to whoever held it in the fewest sessions. Airtime (who spoke how long, from \
                turns and /speaker) is summed over the team's sessions. \
                Rehearsals are left out (see `roundtable run --record`).
                """)

        @Option(help: ArgumentHelp("The team file the sessions were run with.", valueName: "file"))
        var team: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("The names the sessions were run with, e.g. Ana,Ben,Chen.", valueName: "names"))
        var participants: String?

        @OptionGroup var sessionsOption: SessionsDirOption

        func run() async throws {
            try await reportingFailures {
                let store = try SessionsHome.store(option: sessionsOption.sessionsDir)
                let console = Console()
                // A damaged journal is named, not silently left out of the counts.
                // Headers first (one line of each journal); then the chosen teams' step records.
                let (headers, problems) = store.headers()
                console.report(problems)
                var teams = store.teams(in: headers)
                if let team {
                    let key = SessionStore.absolute(team)
                    teams = [(key, team)]
                } else if let participants {
                    let names = participants.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    teams = [(SessionHeader.teamKey(team: nil, names: names), participants)]
                }
                guard !teams.isEmpty else {
                    let rehearsals = headers.filter { $0.header.isRehearsal }.count
                    console.out("No sessions in \(store.place.neutralized()) yet"
                                + (rehearsals > 0 ? " (\(rehearsals) rehearsal\(rehearsals == 1 ? "" : "s") left out; `roundtable run --record` counts a session)." : "."))
                    return
                }
                for (index, (key, name)) in teams.enumerated() {
                    if index > 0 { console.out("") }
                    console.out("Team: \(name.neutralized())")
                    let (history, damaged) = store.history(team: key, headers: headers)
                    console.report(damaged)
                    let people = Set(history.counts.values.flatMap(\.keys)).sorted()
                    if people.isEmpty {
                        console.out("  no roles recorded yet")
                    } else {
                        let roles = history.roles
                        let rows = people.map { person in [person] + roles.map { String(history.count(role: $0, person: person)) } }
                        console.out(TextTable.render(["person"] + roles, rows.map { $0.map { $0.neutralized() } }))
                    }
                    console.out(await Self.airtimeTable(team: key, store: store, headers: headers))
                    let carried = store.ledger.items(team: key)
                    for kind in carried.map(\.kind).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
                        console.out("Carried (\(kind.neutralized())s):")
                        for item in carried where item.kind == kind {
                            let owner = item.owner ?? "no owner"
                            console.out("  [\(item.status.neutralized())] \(item.text.neutralized()) — \(owner.neutralized())"
                                        + (item.due.map { ", due \($0.neutralized())" } ?? ""))
                        }
                    }
                }
            }
        }
    }
}
