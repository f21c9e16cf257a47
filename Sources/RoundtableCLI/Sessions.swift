import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sessions", abstract: "List recorded sessions: id, exercise or agenda, start, state.")

        @Option(help: ArgumentHelp("Where session journals are kept.", valueName: "folder"))
        var sessionsDir = ".roundtable/sessions"

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        struct Row: Encodable {
            var id: String
            var title: String
            var started: String
            var state: String
            var lines: Int
        }

        func run() async throws {
            try await reportingFailures {
                let store = SessionStore(folder: sessionsDir)
                let rows: [Row] = store.ids().map { id in
                    guard let journal = try? Journal.read(store.journalPath(id)), let header = journal.header else {
                        return Row(id: id, title: "?", started: "?", state: "damaged journal", lines: 0)
                    }
                    let lines = journal.records.filter { if case .line = $0 { return true } else { return false } }.count
                    var state: String
                    switch journal.completed {
                    case true?: state = "finished"
                    case false?: state = "stopped"
                    case nil: state = "interrupted"
                    }
                    if state != "finished", let step = journal.currentStep { state += " at step \(step + 1)" }
                    if !journal.warnings.isEmpty { state += " (torn last line)" }
                    return Row(id: id, title: header.title, started: header.started, state: state, lines: lines)
                }
                let console = Console()
                if format == .json {
                    console.out(try JSONOutput.encode(rows))
                    return
                }
                guard !rows.isEmpty else {
                    console.out("No sessions in \(sessionsDir). `roundtable run` starts one.")
                    return
                }
                console.out(TextTable.render(["id", "title", "started", "state", "lines"],
                                             rows.map { [$0.id, $0.title.neutralized(), $0.started, $0.state, String($0.lines)] }))
            }
        }
    }
}
