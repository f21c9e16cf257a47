import BuiltInHandlers
import Foundation
import RoundtableKit

/// The property every journal must have, however damaged: what `report`, `sessions` and
/// `resume` do with it ends, without a trap or a hang.
///
/// A journal is read whole (`sessions`, `report`, `resume`) and by its header line and step
/// records alone (`run`'s team history); when it reads, it is replayed through a plan of
/// many handlers (a report while the session runs, the first half of a resume), the report
/// is rendered, and the writer of a resume cuts it back and appends a record, after which
/// it must read again with that record last.
public enum JournalCheck {
    static let registry = BuiltInHandlers.registry()
    static let defaultPeople = ["Ana", "Ben", "Chen"].map { Participant($0) }

    /// An exercise of many handlers, so that replayed lines reach rounds, boards, votes,
    /// consent, actions and reviews.
    static let exercise = """
        id: fuzz
        title: Fuzz
        roles: { facilitator: per-exercise, scribe: per-step }
        steps:
          - { id: arrive, handler: round, each: participant, duration: 30s }
          - { id: ideas, handler: brainstorm, duration: 2m }
          - { id: board, handler: retro-board, duration: 2m, config: { preset: start-stop-continue, mode: prefix } }
          - { id: vote, handler: dot-vote, input: ideas, duration: 1m }
          - { id: consent, handler: consent, duration: 2m, config: { proposal: "Pairing Fridays" } }
          - { id: actions, handler: action-items, input: vote, duration: 2m }
          - { id: review, handler: accountability, duration: 1m }
          - { id: close, handler: checkout, each: participant, duration: 30s, config: { commitments: true } }
        """

    public enum Outcome: Sendable {
        case replayed(records: Int)
        case refused(diagnostics: Int)
    }

    /// A broken property, in one line.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    static let document: Document = {
        let loader = Loader(registry: registry)
        // The text is ours: it loads, or the fuzzer cannot start.
        return try! loader.document(from: loader.yaml.parse(text: exercise, file: "fuzz.yaml"))
    }()

    /// Checks one journal, written to a scratch file in `folder` (and kept there as
    /// `input.jsonl` until the next check).
    public static func check(_ data: Data, folder: String) async throws(Failure) -> Outcome {
        let path = folder + "/journal.jsonl"
        unlink(path)
        // The input as given, kept until the next one: after a crash it is what to replay.
        _ = FileManager.default.createFile(atPath: folder + "/input.jsonl", contents: data)
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw Failure(description: "cannot write the scratch journal \(path)")
        }
        // `run`'s history: header line first, then the step records, through the folder's
        // index (written, read back and summed again, as the next run would).
        if let header = try? Journal.header(path) {
            var index = HistoryIndex()
            let first = index.history(team: header.teamKey, journals: [("session", path)])
            index.writeIfChanged(folder: folder)
            var again = HistoryIndex.read(folder: folder)
            guard again.history(team: header.teamKey, journals: [("session", path)]) == first else {
                throw Failure(description: "the history index gives another history than the journal it was made from")
            }
        }
        _ = try? Journal.roleHistory(path)

        let journal: Journal
        do {
            journal = try Journal.read(path)
        } catch {
            guard !error.diagnostics.isEmpty, error.diagnostics.allSatisfy({ $0.location != nil && !$0.message.isEmpty }) else {
                throw Failure(description: "a journal refused without a located diagnostic: \(error.diagnostics)")
            }
            return .refused(diagnostics: error.diagnostics.count)
        }
        guard let header = journal.header else { throw Failure(description: "a journal read without a header") }
        guard journal.validLength <= data.count else {
            throw Failure(description: "validLength \(journal.validLength) beyond the file's \(data.count) bytes")
        }
        // What `sessions` shows.
        _ = (journal.completed, journal.currentStep, journal.lastTime, journal.roleHistory, journal.interruptions)
        _ = journal.downtime(until: Date())
        for warning in journal.warnings where warning.location == nil {
            throw Failure(description: "an unlocated warning: \(warning.message)")
        }

        // `report` and the first half of `resume`: the journal replayed through a plan.
        let planner = Planner(registry: registry)
        let plan = (try? planner.plan(document, participants: header.participants, seed: header.seed, history: header.history ?? RoleHistory()))
            ?? (try? planner.plan(document, participants: defaultPeople))
        guard let plan else { throw Failure(description: "the fuzz exercise does not plan") }
        let runner = Runner(plan: plan, registry: registry, clock: ContinuousClock(), display: Silent(), input: ScriptedInput([]),
                            carried: header.carried ?? [])
        let result = await runner.run(resuming: journal.replayRecords, live: false)
        _ = MarkdownReport.render(result)

        // The second half of `resume`: cut back to the last whole record, append, read again.
        let writer: JournalWriter
        do {
            writer = try JournalWriter(path: path, truncatingTo: journal.validLength)
        } catch {
            throw Failure(description: "the writer of a resume refused a journal that reads: \(error.diagnostics.map(\.message))")
        }
        let appended = JournalRecord.line("after the resume", at: journal.lastTime)
        guard writer.record(appended) else { throw Failure(description: "a record could not be appended") }
        let again: Journal
        do {
            again = try Journal.read(path)
        } catch {
            throw Failure(description: "a resumed journal no longer reads: \(error.diagnostics.map(\.message))")
        }
        guard again.records.last == appended else {
            throw Failure(description: "the record appended by a resume is not the journal's last")
        }
        return .replayed(records: journal.records.count)
    }

    /// A display that shows nothing: the replay is what is checked.
    struct Silent: RunDisplay {
        var wantsTicks: Bool { false }
        func show(_ event: DisplayEvent) {}
        func refresh(_ status: RunStatus) {}
    }
}
