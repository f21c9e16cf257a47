import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Print the report of a session, finished or not (even while it runs elsewhere).",
            discussion: "The journal is replayed through the same plan, so the report holds everything typed so far.")

        @Argument(help: ArgumentHelp("A session id (or a unique part of one); default: the latest session.", valueName: "session"))
        var id: String?

        @Option(help: "markdown, json or csv.")
        var format: ReportFormat = .markdown

        @OptionGroup var sessionsOption: SessionsDirOption

        enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case markdown, json, csv }

        func run() async throws {
            try await reportingFailures {
                let store = try SessionsHome.store(option: sessionsOption.sessionsDir)
                guard let name = id ?? store.ids().last else {
                    throw CLIError(message: "no sessions in \(store.place)", hint: "`roundtable run` starts one", code: 66)
                }
                let (id, journal) = try store.journal(name)
                let console = Console()
                // While the session runs, its last line may be the record being written now:
                // not damage worth a warning.
                let running = store.holder(id) != nil
                console.report(journal.warnings.filter { !(running && $0.location?.line == journal.damagedLines.last
                                                           && $0.message.hasPrefix("the journal's last line")) })
                guard let header = journal.header else { throw CLIError(message: "the journal has no header") }
                let registry = try RoundtableCommand.registry()
                let plan = try SessionStore.replan(header, registry: registry, folder: store.sessionFolder(id))
                let runner = Runner(plan: plan, registry: registry, clock: ContinuousClock(), display: SilentDisplay(),
                                    input: ScriptedInput([]), carried: header.carried ?? [])
                var result = await runner.run(resuming: journal.replayRecords, live: false)
                // The replay knows the typed lines and commands; the session's own clock
                // and date come from the journal.
                result.completed = journal.completed ?? false
                result.elapsed = journal.lastTime
                let date = ISO8601DateFormatter().date(from: header.started) ?? Date()
                switch format {
                case .markdown: console.out(MarkdownReport.render(result, date: date).trimmingTrailingNewline())
                case .json: console.out(try ReportExport.json(result, header: header))
                case .csv: console.out(ReportExport.csv(result).trimmingTrailingNewline())
                }
            }
        }
    }
}

/// A display that shows nothing (reports replay a session without a screen).
struct SilentDisplay: RunDisplay {
    var wantsTicks: Bool { false }
    func show(_ event: DisplayEvent) {}
    func refresh(_ status: RunStatus) {}
}

/// Machine-readable forms of a session's result.
enum ReportExport {
    struct View: Encodable {
        var session: String
        var title: String
        var participants: [String]
        var completed: Bool
        var elapsedSeconds: Double
        var steps: [StepView]
    }

    struct StepView: Encodable {
        var id: String
        var title: String
        var handler: String?
        var plannedSeconds: Int64
        var startedSeconds: Double?
        var endedSeconds: Double?
        var skipped: Bool
        /// The length the step ran with when the session was fitted to its timebox.
        var fittedSeconds: Int64?
        /// Dropped by a confirmed fit, to carry to the next session.
        var dropped: Bool
        /// Who spoke how long in this step.
        var airtimeSeconds: [String: Double]
        var artifacts: [Artifact]
        /// The votes and scores ranked as in the Markdown report (and on the screen).
        var tallies: [ReportTally]
        /// What earlier runs of the step produced, and answers withdrawn with `/undo`: not counted.
        var superseded: [Artifact]
    }

    static func json(_ result: RunResult, header: SessionHeader) throws -> String {
        let view = View(
            session: header.id, title: result.plan.title, participants: result.plan.names, completed: result.completed,
            elapsedSeconds: result.elapsed.secondsValue,
            steps: result.plan.steps.map { step in
                let timing = result.timings[step.index]
                return StepView(id: step.id, title: step.title, handler: step.handler, plannedSeconds: step.duration.wholeSeconds,
                                startedSeconds: timing.started?.secondsValue, endedSeconds: timing.ended?.secondsValue,
                                skipped: timing.skipped, fittedSeconds: timing.fitted?.wholeSeconds, dropped: timing.dropped,
                                airtimeSeconds: timing.airtime.mapValues(\.secondsValue), artifacts: result.artifacts[step.index],
                                tallies: ReportTally.tallies(of: result.artifacts[step.index],
                                                             view: result.views.indices.contains(step.index) ? result.views[step.index] : nil),
                                superseded: result.superseded.indices.contains(step.index) ? result.superseded[step.index] : [])
            })
        return try JSONOutput.encode(view)
    }

    /// One row per artifact; the columns after `round` came later (older readers find theirs in place).
    ///
    /// `owners` lists every owner of an action ("Ben; Chen"), `reason` why a refused line was
    /// refused, and `status` says whether the row counts (`counted`), belongs to an earlier run
    /// of a step that was run again (`superseded`) or was taken back with `/undo` (`withdrawn`).
    static func csv(_ result: RunResult) -> String {
        var rows = ["step,kind,text,author,owner,due,value,category,round,owners,reason,status,item,turn,speaker"]
        func row(_ step: PlannedStep, _ artifact: Artifact, status: String) -> String {
            var category = artifact.category
            var status = status
            if let label = category, label == "withdrawn" || label.hasPrefix("withdrawn: ") {
                status = "withdrawn"
                category = label == "withdrawn" ? nil : String(label.dropFirst("withdrawn: ".count))
            }
            let fields = [step.id, artifact.kind.rawValue, artifact.text, artifact.author ?? "", artifact.owner ?? "",
                          artifact.due ?? "", artifact.value.map { MarkdownReport.format($0) } ?? "",
                          category ?? "", artifact.round.map(String.init) ?? "",
                          artifact.allOwners.joined(separator: "; "), artifact.reason ?? "", status, artifact.item ?? "",
                          artifact.turn.map(String.init) ?? "", artifact.speaker ?? ""]
            return fields.map(quote).joined(separator: ",")
        }
        for step in result.plan.steps {
            for artifact in result.artifacts[step.index] { rows.append(row(step, artifact, status: "counted")) }
            if result.superseded.indices.contains(step.index) {
                for artifact in result.superseded[step.index] { rows.append(row(step, artifact, status: "superseded")) }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// One CSV cell, safe for spreadsheets and terminals.
    ///
    /// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
    /// with `'` so that a spreadsheet shows it instead of running it as a formula (a plain
    /// number such as `-2` stays a number). A cell holding `,` or `;` (the separator of
    /// many locales), a quote, a newline or `'` is quoted as in RFC 4180. Control
    /// characters other than newlines are made visible.
    static func quote(_ field: String) -> String {
        var text = field
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(text) {
            text = "'" + text
        }
        text = text.neutralized(keepingNewlines: true)
        guard text.contains(where: { ",;\"'\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `-2` or `-0.5`: a number, not a formula.
    static func isPlainNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
