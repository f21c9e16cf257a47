import Foundation
import RoundtableKit

/// The sessions folder: one folder per session holding its journal.
struct SessionStore {
    var folder: String
    /// A folder of sessions kept by earlier versions, read as well; new sessions go to `folder`.
    var older: String?

    init(folder: String, older: String? = nil) {
        self.folder = folder
        self.older = older
    }

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

    func journalPath(_ id: String) -> String { folder(of: id) + "/" + id + "/journal.jsonl" }

    /// What the team carries from session to session (commitments …), kept in the file that
    /// held commitments before carry-overs existed; the older folder's is read first, so this
    /// one's statuses win.
    var ledger: TeamLedger {
        TeamLedger(path: folder + "/commitments.jsonl", alsoReading: older.map { [$0 + "/commitments.jsonl"] } ?? [])
    }

    /// Who held which role in the steps of the team's recorded sessions.
    func history(team: String) -> RoleHistory {
        var history = RoleHistory()
        for id in ids() {
            guard let journal = try? Journal.read(journalPath(id)), journal.header?.teamKey == team else { continue }
            history.merge(journal.roleHistory)
        }
        return history
    }

    /// Team keys of all recorded sessions, with a name to show for each.
    func teams() -> [(key: String, name: String)] {
        var seen: [String: String] = [:]
        var order: [String] = []
        for id in ids() {
            guard let header = (try? Journal.read(journalPath(id)))?.header else { continue }
            if seen[header.teamKey] == nil {
                order.append(header.teamKey)
                seen[header.teamKey] = header.team ?? header.participants.map(\.name).joined(separator: ", ")
            }
        }
        return order.map { ($0, seen[$0]!) }
    }

    /// A new id: the time and the exercise or agenda name, unique in the folder.
    func newID(for document: Document) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let name: String
        switch document {
        case .exercise(let exercise): name = exercise.id
        case .agenda: name = URL(fileURLWithPath: document.location.file).deletingPathExtension().lastPathComponent
        }
        let slug = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40))
        let base = "\(formatter.string(from: Date()))-\(slug)"
        var id = base
        var counter = 2
        while FileManager.default.fileExists(atPath: folder + "/" + id) {
            id = "\(base)-\(counter)"
            counter += 1
        }
        return id
    }

    /// Creates the session's folder and journal, with its header on disk.
    func create(_ header: SessionHeader) throws -> JournalWriter {
        let path = journalPath(header.id)
        do {
            try FileManager.default.createDirectory(atPath: folder + "/" + header.id, withIntermediateDirectories: true)
        } catch {
            throw CLIError(message: "cannot create the session folder \(folder)/\(header.id): \(error.localizedDescription)",
                           hint: "pass --sessions-dir with a writable folder", code: 73)
        }
        let writer = try JournalWriter(path: path)
        writer.record(.session(header))
        return writer
    }

    /// Session ids, oldest first (those of the older folder too).
    func ids() -> [String] {
        var ids: Set<String> = []
        for folder in [folder] + (older.map { [$0] } ?? []) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            ids.formUnion(names.filter { FileManager.default.fileExists(atPath: folder + "/" + $0 + "/journal.jsonl") })
        }
        return ids.sorted()
    }

    /// Reads a session's journal; `name` is an id or a unique prefix of one.
    func journal(_ name: String) throws -> (id: String, journal: Journal) {
        let ids = ids()
        let matches = ids.contains(name) ? [name] : ids.filter { $0.hasPrefix(name) || $0.contains(name) }
        guard matches.count == 1, let id = matches.first else {
            if matches.isEmpty {
                throw CLIError(message: "no session '\(name)' in \(place)", hint: "`roundtable sessions` lists them", code: 66)
            }
            throw CLIError(message: "'\(name)' matches \(matches.count) sessions: \(matches.joined(separator: ", "))",
                           hint: "give more of the id")
        }
        return (id, try Journal.read(journalPath(id)))
    }

    /// The latest session that has not finished.
    func latestUnfinished() throws -> (id: String, journal: Journal) {
        for id in ids().reversed() {
            // A journal that cannot be read is shown, not passed over for an older session.
            let journal = try Journal.read(journalPath(id))
            if journal.completed == true { continue }
            return (id, journal)
        }
        throw CLIError(message: "no unfinished session in \(place)", hint: "`roundtable sessions` lists them; `roundtable run` starts one", code: 66)
    }

    /// Plans a journaled session again, checking that its files still give the same plan.
    static func replan(_ header: SessionHeader, registry: HandlerRegistry) throws -> Plan {
        let library = Library(roots: header.library.filter { FileManager.default.fileExists(atPath: $0) },
                              embedded: RoundtableCommand.libraryFiles, loader: Loader(registry: registry))
        let document = try library.document(named: header.document)
        let plan = try Planner(registry: registry).plan(document, participants: header.participants, seed: header.seed, params: header.params,
                                      history: header.history ?? RoleHistory())
        guard plan.fingerprint == header.fingerprint else {
            throw CLIError(message: "\(header.document) has changed since session \(header.id) started, so its plan no longer matches",
                           hint: "restore the file as it was (or run the exercise as a new session)", code: 65)
        }
        return plan
    }
}
