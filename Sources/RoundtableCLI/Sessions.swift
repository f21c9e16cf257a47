import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sessions", abstract: "List recorded sessions: id, exercise or agenda, start, state, rehearsal or not.",
            discussion: """
                Sessions are kept in sessions/ of \(SessionsHome.defaultDescription), or in the folder \
                ROUNDTABLE_SESSIONS or --sessions-dir name. Sessions that earlier versions kept in \
                ./.roundtable/sessions are listed, resumed and reported too when roundtable runs \
                from their folder; --move moves them over, with their commitments.

                A session is running while a `run` or `resume` of it lives (its process id is \
                shown). Rehearsals (--speed other than 1 or --input, without --record) are \
                marked; they do not count in the team's history, fair rotation or commitments.
                """)

        @OptionGroup var sessionsOption: SessionsDirOption

        @Flag(help: "Move the sessions in ./.roundtable/sessions (where earlier versions kept them) into the sessions folder.")
        var move = false

        @OptionGroup var formatOption: FormatOption
        var format: OutputFormat { formatOption.format }

        struct Row: Encodable {
            var id: String
            var title: String
            var started: String
            var state: String
            var lines: Int
            var rehearsal: Bool
        }

        func run() async throws {
            try await reportingFailures {
                var store = try SessionsHome.store(option: sessionsOption.sessionsDir)
                if move {
                    try moveOlder(&store)
                    return
                }
                let rows: [Row] = store.ids().map { id in
                    // Everything shown comes from files anyone could have written: it is
                    // neutralized before it reaches the terminal.
                    let shownID = id.neutralized()
                    guard let journal = try? Journal.read(store.journalPath(id)), let header = journal.header else {
                        return Row(id: shownID, title: "?", started: "?", state: "damaged journal", lines: 0, rehearsal: false)
                    }
                    let lines = journal.records.filter { if case .line = $0 { return true } else { return false } }.count
                    var state: String
                    switch journal.completed {
                    case true?: state = "finished"
                    case false?: state = "stopped"
                    case nil: state = "interrupted"
                    }
                    if let holder = store.holder(id) {
                        state = "running" + (holder.map { " (process \($0.pid))" } ?? "")
                    }
                    if state != "finished", let step = journal.currentStep { state += " at step \(step + 1)" }
                    if !journal.damagedLines.isEmpty {
                        let count = journal.damagedLines.count
                        state += " (\(count) damaged line\(count == 1 ? "" : "s") skipped)"
                    }
                    return Row(id: shownID, title: header.title.neutralized(), started: header.started.neutralized(),
                               state: state.neutralized(), lines: lines, rehearsal: header.isRehearsal)
                }
                let console = Console()
                if format == .json {
                    console.out(try JSONOutput.encode(rows))
                    return
                }
                guard !rows.isEmpty else {
                    console.out("No sessions in \(store.place.neutralized()). `roundtable run` starts one.")
                    return
                }
                console.out(TextTable.render(["id", "title", "started", "state", "kind", "lines"],
                                             rows.map { [$0.id, $0.title, $0.started, $0.state, $0.rehearsal ? "rehearsal" : "session", String($0.lines)] }))
                if let older = store.older {
                    let count = store.ids().filter { store.folder(of: $0) == older }.count
                    if count > 0 {
                        console.err("note: \(count) of these \(count == 1 ? "is" : "are") in ./\(older), where earlier versions kept sessions; `roundtable sessions --move` moves \(count == 1 ? "it" : "them") to \(store.folder.neutralized())")
                    }
                }
            }
        }

        /// Moves ./.roundtable/sessions into the chosen sessions folder.
        private func moveOlder(_ store: inout SessionStore) throws {
            let console = Console()
            let older = SessionsHome.olderFolder
            guard SessionStore.absolute(older) != SessionStore.absolute(store.folder), SessionStore(folder: older).hasContent else {
                console.out("Nothing to move: no sessions in ./\(older) here.")
                return
            }
            store.older = older
            let commitments = FileManager.default.fileExists(atPath: older + "/commitments.jsonl")
            let (moved, kept) = try store.moveOlder()
            console.out("Moved \(moved.count) session\(moved.count == 1 ? "" : "s")\(commitments ? " and the team's commitments" : "") from ./\(older) to \(store.folder).")
            if !kept.isEmpty {
                console.err("warning: left \(kept.map { $0.neutralized() }.joined(separator: ", ")) in ./\(older): a session with the same id is already in \(store.folder.neutralized())")
            }
        }
    }
}
