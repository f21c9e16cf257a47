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
                that step had left. Without an id: the latest unfinished session.
                """)

        @Argument(help: ArgumentHelp("A session id (or a unique part of one) from `roundtable sessions`.", valueName: "session"))
        var id: String?

        @OptionGroup var session: SessionOptions

        func validate() throws { try session.check() }

        func run() async throws {
            try await reportingFailures(noColor: session.noColor) {
                let store = try SessionsHome.store(option: session.sessionsDir)
                let (id, journal) = try id.map { try store.journal($0) } ?? store.latestUnfinished()
                let console = Console(noColor: session.noColor)
                console.report(journal.warnings)
                guard let header = journal.header else { throw CLIError(message: "session \(id) has no header") }
                if journal.completed == true {
                    throw CLIError(message: "session \(id) is finished", hint: "`roundtable report \(id)` shows what it produced", code: 65)
                }
                let registry = try RoundtableCommand.registry()
                let plan = try SessionStore.replan(header, registry: registry)
                let writer = try JournalWriter(path: store.journalPath(id), truncatingTo: journal.validLength)
                var options = session
                options.speed = session.speed ?? header.speed
                let reportPath = session.report ?? store.reportPath(id)
                try SessionRunner.checkWritable(reportPath)
                try await SessionRunner.run(plan: plan, registry: registry, options: options, recorder: writer,
                                            journal: journal.replayRecords, reportPath: reportPath, header: header, store: store)
            }
        }
    }
}
