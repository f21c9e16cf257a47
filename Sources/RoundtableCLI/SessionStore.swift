import Foundation
import RoundtableKit

/// The sessions folder: one folder per session holding its journal and its lock.
struct SessionStore {
    var folder: String
    /// A folder of sessions kept by earlier versions, read as well; new sessions go to `folder`.
    var older: String?

    init(folder: String, older: String? = nil) {
        self.folder = folder
        self.older = older
    }

    /// A session open for writing: its journal, and the lock that keeps every other
    /// process from writing it as long as this one lives.
    struct Writing {
        var writer: JournalWriter
        var lock: SessionLock
    }

    /// EX_TEMPFAIL from sysexits: the session is busy; try again when the other process ends.
    static let busyCode: Int32 = 75

    /// `path` made absolute; a `builtin:` address of the embedded library stays as it is.
    static func absolute(_ path: String) -> String {
        path.hasPrefix(Library.builtinScheme) ? path : URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The folder that holds session `id`: this one, or the older one if only it does.
    func folder(of id: String) -> String {
        guard let older, !FileManager.default.fileExists(atPath: folder + "/" + id),
              FileManager.default.fileExists(atPath: older + "/" + id + "/journal.jsonl") else { return folder }
        return older
    }

    func sessionFolder(_ id: String) -> String { folder(of: id) + "/" + id }

    func journalPath(_ id: String) -> String { sessionFolder(id) + "/journal.jsonl" }

    /// What the team carries from session to session (commitments …), kept in the file that
    /// held commitments before carry-overs existed; the older folder's is read first, so this
    /// one's statuses win.
    var ledger: TeamLedger {
        TeamLedger(path: folder + "/commitments.jsonl", alsoReading: older.map { [$0 + "/commitments.jsonl"] } ?? [])
    }

    /// The header of every readable journal of the folder, oldest first (each read from its
    /// first line alone), with the problems of those that cannot be read.
    func headers() -> (headers: [(id: String, header: SessionHeader)], problems: [Diagnostic]) {
        var headers: [(String, SessionHeader)] = []
        var problems: [Diagnostic] = []
        for id in ids() {
            do {
                headers.append((id, try Journal.header(journalPath(id))))
            } catch {
                problems += error.diagnostics.map { Diagnostic(.warning, $0.message + "; this session is left out", at: $0.location) }
            }
        }
        return (headers, problems)
    }

    /// Who held which role in the team's recorded sessions among `headers`, reading only
    /// the team's own journals, and of those only their step records.
    func history(team: String, headers: [(id: String, header: SessionHeader)]) -> (history: RoleHistory, problems: [Diagnostic]) {
        var history = RoleHistory()
        var problems: [Diagnostic] = []
        for (id, header) in headers where header.teamKey == team && !header.isRehearsal {
            do {
                history.merge(try Journal.roleHistory(journalPath(id)))
            } catch {
                problems += error.diagnostics.map { Diagnostic(.warning, $0.message + "; this session is left out", at: $0.location) }
            }
        }
        return (history, problems)
    }

    /// Who held which role in the steps of the team's recorded sessions (rehearsals left out).
    ///
    /// The folder's ``HistoryIndex`` spares reading journals unchanged since a run read
    /// them; a changed one has its header line read, and only for this team its step
    /// records: another team's journal, however long, costs a `stat`, and a team's thousand
    /// sessions cost little more than none.
    func history(team: String) -> RoleHistory {
        var index = HistoryIndex.read(folder: folder)
        // Every entry of the folder(s), without asking each for a journal first: the index
        // looks at each journal once, and skips what has none.
        var names: Set<String> = []
        for folder in [folder] + (older.map { [$0] } ?? []) {
            names.formUnion(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") })
        }
        let history = index.history(team: team, journals: names.sorted().map { ($0, journalPath($0)) })
        index.writeIfChanged(folder: folder)
        return history
    }

    /// Team keys of all recorded sessions (rehearsals left out), with a name to show for each.
    func teams(in headers: [(id: String, header: SessionHeader)]) -> [(key: String, name: String)] {
        var seen: [String: String] = [:]
        var order: [String] = []
        for (_, header) in headers {
            guard !header.isRehearsal else { continue }
            if seen[header.teamKey] == nil {
                order.append(header.teamKey)
                seen[header.teamKey] = header.team ?? header.participants.map(\.name).joined(separator: ", ")
            }
        }
        return order.map { ($0, seen[$0]!) }
    }

    /// The first part of a new session's id: the time and the exercise or agenda name.
    static func baseID(for document: Document, at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let name: String
        switch document {
        case .exercise(let exercise): name = exercise.id
        case .agenda: name = URL(fileURLWithPath: document.location.file).deletingPathExtension().lastPathComponent
        }
        let slug = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }.prefix(40))
        return "\(formatter.string(from: date))-\(slug)"
    }

    /// Starts a new session: claims an id by creating its folder, locks it and writes
    /// `header` (with that id) as the journal's first record.
    ///
    /// `mkdir` fails when the folder exists, so two runs started in the same second in
    /// one folder get two ids (`…-2`) instead of sharing a journal.
    func create(_ header: SessionHeader, for document: Document, sources: SessionSources? = nil, at date: Date = Date()) throws -> (SessionHeader, Writing) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError(message: "cannot create the sessions folder \(folder): \(error.localizedDescription)",
                           hint: "pass --sessions-dir with a writable folder", code: 73)
        }
        var header = header
        do {
            header.id = try SessionFolder.claim(Self.baseID(for: document, at: date), in: folder)
        } catch {
            throw CLIError(message: "cannot create a session folder: \(error)", hint: "pass --sessions-dir with a writable folder", code: 73)
        }
        let lock = try lock(header.id)
        // The session's own copy of its files, on disk before its first record.
        do {
            try sources?.write(toFolder: sessionFolder(header.id))
        } catch {
            throw CLIError(message: "cannot keep a copy of the session's files: \(error)",
                           hint: "free some space, or pass --sessions-dir with a writable folder", code: 73)
        }
        let writer = try JournalWriter(path: journalPath(header.id))
        guard writer.record(.session(header)) else {
            throw CLIError(message: "cannot write the session journal \(journalPath(header.id))",
                           hint: "free some space, or pass --sessions-dir with a writable folder", code: 73)
        }
        return (header, Writing(writer: writer, lock: lock))
    }

    /// Takes the lock of session `id`, or fails naming who holds it.
    func lock(_ id: String) throws -> SessionLock {
        do {
            return try SessionLock.acquire(folder: sessionFolder(id))
        } catch .held(let holder) {
            let who = holder.map { "process \($0.pid), running since \($0.started)" } ?? "another process"
            throw CLIError(message: "session \(id) is in use by \(who)",
                           hint: "a session has one writer at a time: end it there with /quit or Ctrl-C, or wait for it to finish; "
                               + "`roundtable report \(id)` shows it meanwhile",
                           code: Self.busyCode)
        } catch .unusable(let reason) {
            throw CLIError(message: "cannot lock session \(id): \(reason)", hint: "check the permissions of \(folder)", code: 73)
        }
    }

    /// Who is writing session `id` right now, if anyone.
    func holder(_ id: String) -> SessionLock.Holder?? { SessionLock.holder(folder: sessionFolder(id)) }

    /// Session ids, oldest first (those of the older folder too).
    func ids() -> [String] {
        var ids: Set<String> = []
        for folder in [folder] + (older.map { [$0] } ?? []) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            ids.formUnion(names.filter { FileManager.default.fileExists(atPath: folder + "/" + $0 + "/journal.jsonl") })
        }
        return ids.sorted()
    }

    /// The session `name` stands for: an id or a unique part of one.
    func resolve(_ name: String) throws -> String {
        let ids = ids()
        let matches = ids.contains(name) ? [name] : ids.filter { $0.hasPrefix(name) || $0.contains(name) }
        guard matches.count == 1, let id = matches.first else {
            if matches.isEmpty {
                throw CLIError(message: "no session '\(name)' in \(place)", hint: "`roundtable sessions` lists them", code: 66)
            }
            throw CLIError(message: "'\(name)' matches \(matches.count) sessions: \(matches.joined(separator: ", "))",
                           hint: "give more of the id")
        }
        return id
    }

    /// Reads a session's journal; `name` is an id or a unique part of one.
    func journal(_ name: String) throws -> (id: String, journal: Journal) {
        let id = try resolve(name)
        return (id, try Journal.read(journalPath(id)))
    }

    /// The latest session that has not finished.
    func latestUnfinished() throws -> String {
        for id in ids().reversed() {
            // A journal that cannot be read is shown, not passed over for an older session.
            let journal = try Journal.read(journalPath(id))
            if journal.completed == true { continue }
            return id
        }
        throw CLIError(message: "no unfinished session in \(place)", hint: "`roundtable sessions` lists them; `roundtable run` starts one", code: 66)
    }

    /// Plans a journaled session again, from the session's own copy of its files when it
    /// has one, checking that it still gives the same plan.
    ///
    /// With `useEdited`, the library's files as they are now are planned instead, and
    /// accepted only when they give the same plan (an edited prompt or instruction, say):
    /// otherwise the lines typed so far could land in other steps or turns.
    static func replan(_ header: SessionHeader, registry: HandlerRegistry, folder: String? = nil, useEdited: Bool = false) throws -> Plan {
        let loader = Loader(registry: registry)
        let planner = Planner(registry: registry)
        let copy = folder.flatMap { SessionSources.read(fromFolder: $0) }
        func plan(_ document: Document) throws -> Plan {
            try planner.plan(document, participants: header.participants, seed: header.seed, params: header.params,
                             history: header.history ?? RoleHistory())
        }
        let shown = header.document.neutralized()
        if let copy, !useEdited {
            let planned = try plan(try copy.document(loader: loader))
            guard planned.matches(fingerprint: header.fingerprint) else {
                throw CLIError(message: "the copy of \(shown) kept with session \(header.id.neutralized()) no longer gives its plan "
                                   + "(this roundtable reads the files differently from the one that started it)",
                               hint: "run it with the roundtable version that started it", code: 65)
            }
            return planned
        }
        let library = Library(roots: header.library.filter { FileManager.default.fileExists(atPath: $0) },
                              embedded: RoundtableCommand.libraryFiles, loader: loader)
        let edited: Document
        do {
            edited = try library.document(named: header.document)
        } catch {
            if useEdited { throw error }
            throw CLIError(message: "\(shown) cannot be read, and session \(header.id.neutralized()) has no copy of it "
                               + "(it was started before sessions kept one)",
                           hint: "put the file back where it was", code: 65)
        }
        let planned = try plan(edited)
        guard planned.matches(fingerprint: header.fingerprint) else {
            if useEdited, let copy, let original = try? plan(try copy.document(loader: loader)) {
                let changed = Array(zip(original.stepFingerprints, planned.stepFingerprints)).firstIndex { $0 != $1 }
                let what = changed.map { "step \($0 + 1) '\(original.steps[$0].id.neutralized())' has changed (its timer, input, turns, roles, groups or config)" }
                    ?? "its steps were added or removed"
                throw CLIError(message: "the edited \(shown) does not fit session \(header.id.neutralized()): \(what), so the lines typed so far would land elsewhere",
                               hint: "resume without --use-edited to go on with the session's own copy", code: 65)
            }
            throw CLIError(message: "\(shown) has changed since session \(header.id.neutralized()) started, so its plan no longer matches",
                           hint: copy == nil ? "restore the file as it was (or run the exercise as a new session)"
                               : "resume without --use-edited to go on with the session's own copy", code: 65)
        }
        if useEdited, let folder, let sources = try? SessionSources.capture(edited, embedded: RoundtableCommand.libraryFiles) {
            // From now on the session runs, and reports, the edited text.
            try? sources.write(toFolder: folder)
        }
        return planned
    }
}
