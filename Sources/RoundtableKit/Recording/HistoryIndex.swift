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
        /// Who held which role, as the index writes it (`role␟person␟steps`, joined by ␞),
        /// once some run needed it: parsed straight into a team's sum, never one by one.
        var holders: String?
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
        // Bytes, not Characters: splitting a String walks grapheme clusters, ten times slower
        // for a file read at every start.
        let bytes = [UInt8](data)
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true)[...]
        guard let first = lines.popFirst(), String(decoding: first, as: UTF8.self) == header else { return index }
        for line in lines {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count == 6, let size = Int64(String(decoding: fields[1], as: UTF8.self)),
                  let modified = Int64(String(decoding: fields[2], as: UTF8.self)) else { continue }
            let holders = fields[5].elementsEqual([UInt8(ascii: "-")]) ? nil : String(decoding: fields[5], as: UTF8.self)
            index.entries[String(decoding: fields[0], as: UTF8.self)] = Entry(
                size: size, modified: modified, team: String(decoding: fields[3], as: UTF8.self),
                rehearsal: fields[4].elementsEqual([UInt8(ascii: "1")]), holders: holders)
        }
        return index
    }

    /// Who held which role in `team`'s recorded sessions among `journals` (id and path,
    /// rehearsals left out), from the index where a journal is unchanged.
    public mutating func history(team: String, journals: [(id: String, path: String)]) -> RoleHistory {
        var sum = Sum()
        var seen: Set<String> = []
        for (id, path) in journals {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            seen.insert(id)
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
                entry = Entry(size: size, modified: modified, team: header.teamKey, rehearsal: header.isRehearsal, holders: nil)
            }
            guard entry.team == team, !entry.rehearsal else {
                store(entry, for: id)
                continue
            }
            if entry.holders == nil || !sum.add(entry.holders!) {
                guard let read = try? Journal.roleHistory(path) else { continue }
                entry.holders = Self.text(read)
                // A name the line format cannot hold is not cached: read again next time.
                if entry.holders == nil || !sum.add(entry.holders!) { sum.history.merge(read) }
            }
            store(entry, for: id)
        }
        for id in entries.keys where !seen.contains(id) {
            entries.removeValue(forKey: id)
            changed = true
        }
        return sum.history
    }

    /// A team's history summed from index texts.
    private struct Sum {
        var history = RoleHistory()

        /// Adds one session's holders; false (adding nothing) when the text is damaged.
        mutating func add(_ text: String) -> Bool {
            var items: [(role: String, person: String, steps: Int)] = []
            var text = text
            // One pass over the bytes: role ␟ person ␟ steps, items joined by ␞.
            let parsed = text.withUTF8 { bytes -> Bool in
                guard !bytes.isEmpty else { return true }
                var starts = [0]  // where each field of the current item starts
                func finish(_ end: Int) -> Bool {
                    guard starts.count == 3, end > starts[2], end - starts[2] <= 9 else { return false }
                    var steps = 0
                    for index in starts[2]..<end {
                        let digit = Int(bytes[index]) - 48
                        guard (0...9).contains(digit) else { return false }
                        steps = steps * 10 + digit
                    }
                    guard steps <= RoleHistory.maxCount else { return false }
                    items.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[0]..<(starts[1] - 1)]), as: UTF8.self),
                                  String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[1]..<(starts[2] - 1)]), as: UTF8.self),
                                  steps))
                    return true
                }
                for index in 0..<bytes.count {
                    if bytes[index] == 0x1F {
                        guard starts.count < 3 else { return false }
                        starts.append(index + 1)
                    } else if bytes[index] == 0x1E {
                        guard finish(index) else { return false }
                        starts = [index + 1]
                    }
                }
                return finish(bytes.count)
            }
            guard parsed else { return false }
            history.addSession(items)
            return true
        }
    }

    /// One journal's holders as the index writes them.
    static func text(_ history: RoleHistory) -> String? {
        let unsafe = { (name: String) in name.contains(where: { "\t\n\r\u{1E}\u{1F}".contains($0) }) }
        var items: [String] = []
        let roles = Set(history.counts.keys).union(history.sessionCounts?.keys ?? [:].keys)
        for role in roles.sorted() {
            let people = Set(history.counts[role]?.keys ?? [:].keys).union(history.sessionCounts?[role]?.keys ?? [:].keys)
            for person in people.sorted() {
                if unsafe(role) || unsafe(person) { return nil }
                items.append("\(role)\u{1F}\(person)\u{1F}\(history.count(role: role, person: person))")
            }
        }
        return items.joined(separator: "\u{1E}")
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
            let texts = [id, entry.team]
            guard !texts.contains(where: { $0.contains(where: { "\t\n\r\u{1E}\u{1F}".contains($0) }) }) else { continue }
            let holders = entry.holders ?? "-"
            lines.append([id, String(entry.size), String(entry.modified), entry.team, entry.rehearsal ? "1" : "0", holders].joined(separator: "\t"))
        }
        let path = folder + "/" + Self.fileName
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((lines.joined(separator: "\n") + "\n").utf8)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) } else { changed = false }
    }
}
