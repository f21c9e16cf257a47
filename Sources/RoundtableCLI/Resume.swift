import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Continue an interrupted session where it stopped, with everything typed intact.",
            discussion: """
                The journal is replayed through the same plan — same roles, same turns, the lines \
                typed so far — and the session goes on live in the step it was in, with the time \
                that step had left. Without an id: the latest unfinished session. A session \
                still running in another process is not touched: the resume is refused with \
                that process's id (exit status 75). A rehearsal stays a rehearsal. The session runs \
                from its own copy of its exercise and agenda files, so later edits do not touch \
                it; --use-edited takes the files as they are now when they give the same plan.
                """)

        @Argument(help: ArgumentHelp("A session id (or a unique part of one) from `roundtable sessions`.", valueName: "session"))
        var id: String?

        @OptionGroup var session: SessionOptions

        @Flag(help: "Go on with the exercise and agenda files as they are now, when they give the same plan (default: the session's own copy).")
        var useEdited = false

        func validate() throws { try session.check() }

        func run() async throws {
            try await reportingFailures(noColor: session.noColor) {
                let store = try SessionsHome.store(option: session.sessionsOption.sessionsDir)
                let id = try self.id.map { try store.resolve($0) } ?? store.latestUnfinished()
                // The lock first: the journal is read, and cut back, only by its one writer.
                let lock = try store.lock(id)
                let journal = try Journal.read(store.journalPath(id))
                let console = Console(noColor: session.noColor)
                console.report(journal.warnings)
                guard let header = journal.header else { throw CLIError(message: "session \(id) has no header") }
                if journal.completed == true {
                    throw CLIError(message: "session \(id) is finished", hint: "`roundtable report \(id)` shows what it produced", code: 65)
                }
                let registry = try RoundtableCommand.registry()
                let plan = try SessionStore.replan(header, registry: registry, folder: store.sessionFolder(id), useEdited: useEdited)
                var options = session
                options.speed = session.speed ?? header.speed
                let reportPath = session.report ?? store.reportPath(id)
                try SessionRunner.checkWritable(reportPath)
                let writer = try JournalWriter(path: store.journalPath(id), truncatingTo: journal.validLength)
                try await SessionRunner.run(plan: plan, registry: registry, options: options,
                                            writing: SessionStore.Writing(writer: writer, lock: lock),
                                            journal: journal.replayRecords, reportPath: reportPath, header: header, store: store,
                                            interruption: journal.downtime(until: Date()))
            }
        }
    }
}
