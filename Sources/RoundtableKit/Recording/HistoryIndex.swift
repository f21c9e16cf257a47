import Foundation

/// What a sessions folder's journals say about teams, kept so that a `run` need not read
/// them again: for each journal, its size and modification time when it was read, its
/// team, whether it was a rehearsal, and (once some run needed it) who held which role.
///
/// A `run` looks at every journal of the folder to find its team's history. With the index
/// that costs one `stat` per journal: a journal read before and unchanged since is not
/// opened again, however long it is; one that changed (a session still running, a resume)
/// is read again — its header line, and only for the team at hand its step records.
///
/// The index is a cache: `.history-index.tsv` in the sessions folder (hidden: not the
/// team's data), one line per journal, rewritten whole (atomically) when it changed. A
/// damaged or missing index is rebuilt.
///
/// ```swift
/// var index = HistoryIndex.read(folder: sessions)
/// let history = index.history(team: key, journals: ids.map { ($0, sessions + "/" + $0 + "/journal.jsonl") })
/// index.writeIfChanged(folder: sessions)
/// ```
public struct HistoryIndex: Sendable {
    struct Entry: Sendable, Equatable {
        var size: Int64
        var modified: Int64
        var team: String
        var rehearsal: Bool
        var history: RoleHistory?
    }

    public static let fileName = ".history-index.tsv"
    static let header = "roundtable-history-index\t1"
    /// The largest index read (a hundred thousand sessions stay well below it).
    static let maxBytes = 64 << 20

    private var entries: [String: Entry] = [:]
    private var changed = false

    public init() {}

    /// The index of a sessions folder; an empty one when there is none or it is damaged.
    public static func read(folder: String) -> HistoryIndex {
        var index = HistoryIndex()
        guard let data = try? RegularFile.read(folder + "/" + fileName, maxBytes: maxBytes) else { return index }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.popFirst().map(String.init) == header else { return index }
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 6, let size = Int64(fields[1]), let modified = Int64(fields[2]) else { continue }
            var entry = Entry(size: size, modified: modified, team: String(fields[3]), rehearsal: fields[4] == "1", history: nil)
            if fields[5] != "-" {
                var history = RoleHistory()
                var holders: Set<RoleHolder> = []
                var valid = true
                for item in fields[5].split(separator: "\u{1E}") {
                    let parts = item.split(separator: "\u{1F}", omittingEmptySubsequences: false)
                    guard parts.count == 3, let steps = Int(parts[2]), (0...RoleHistory.maxCount).contains(steps) else { valid = false; break }
                    let holder = RoleHolder(role: String(parts[0]), person: String(parts[1]))
                    if steps > 0 { history.add(role: holder.role, person: holder.person, times: steps) }
                    holders.insert(holder)
                }
                guard valid else { continue }
                history.addSession(holders: holders)
                entry.history = history
            }
            index.entries[String(fields[0])] = entry
        }
        return index
    }

    /// Who held which role in `team`'s recorded sessions among `journals` (id and path,
    /// rehearsals left out), from the index where a journal is unchanged.
    public mutating func history(team: String, journals: [(id: String, path: String)]) -> RoleHistory {
        var history = RoleHistory()
        var seen: Set<String> = []
        for (id, path) in journals {
            seen.insert(id)
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            let size = Int64(info.st_size)
            let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            var entry: Entry
            if let known = entries[id], known.size == size, known.modified == modified {
                entry = known
            } else {
                guard let header = try? Journal.header(path) else {
                    if entries.removeValue(forKey: id) != nil { changed = true }
                    continue
                }
                entry = Entry(size: size, modified: modified, team: header.teamKey, rehearsal: header.isRehearsal, history: nil)
            }
            guard entry.team == team, !entry.rehearsal else {
                store(entry, for: id)
                continue
            }
            if entry.history == nil {
                guard let read = try? Journal.roleHistory(path) else { continue }
                entry.history = read
            }
            store(entry, for: id)
            history.merge(entry.history!)
        }
        for id in entries.keys where !seen.contains(id) {
            entries.removeValue(forKey: id)
            changed = true
        }
        return history
    }

    private mutating func store(_ entry: Entry, for id: String) {
        guard entries[id] != entry else { return }
        entries[id] = entry
        changed = true
    }

    /// Rewrites the index when it changed (best effort: a cache that cannot be written is
    /// rebuilt next time).
    public mutating func writeIfChanged(folder: String) {
        guard changed else { return }
        var lines = [Self.header]
        for (id, entry) in entries.sorted(by: { $0.key < $1.key }) {
            // A field that would break the line format is not cached; it is read again next time.
            let texts = [id, entry.team] + (entry.history.map { $0.counts.flatMap { [$0.key] + $0.value.keys } } ?? [])
            guard !texts.contains(where: { $0.contains(where: { "\t\n\r\u{1E}\u{1F}".contains($0) }) }) else { continue }
            var holders = "-"
            if let history = entry.history {
                var items: [String] = []
                let roles = Set(history.counts.keys).union(history.sessionCounts?.keys ?? [:].keys)
                for role in roles.sorted() {
                    let people = Set(history.counts[role]?.keys ?? [:].keys).union(history.sessionCounts?[role]?.keys ?? [:].keys)
                    for person in people.sorted() {
                        items.append("\(role)\u{1F}\(person)\u{1F}\(history.count(role: role, person: person))")
                    }
                }
                holders = items.joined(separator: "\u{1E}")
            }
            lines.append([id, String(entry.size), String(entry.modified), entry.team, entry.rehearsal ? "1" : "0", holders].joined(separator: "\t"))
        }
        let path = folder + "/" + Self.fileName
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) } else { changed = false }
    }
}
