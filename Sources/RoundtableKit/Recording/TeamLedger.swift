import Foundation

/// What a team carries from session to session, kept in a JSON-lines file next to the
/// session journals.
///
/// Each line adds an item or changes one; the latest line about an id wins, so writing
/// the same session's outcome again is harmless. What the items mean is up to the
/// ``Carryover``s of the registered handler modules: the ledger only keeps them.
public struct TeamLedger: Sendable {
    public let path: String
    /// Older ledgers read before `path` (written elsewhere earlier); new lines go to `path` only.
    public let alsoReading: [String]

    public init(path: String, alsoReading: [String] = []) {
        self.path = path
        self.alsoReading = alsoReading
    }

    private struct Line: Codable {
        var team: String
        var item: CarriedItem?
        /// The format of ledgers written before carry-overs: a commitment.
        var commitment: LegacyCommitment?
    }

    private struct LegacyCommitment: Codable {
        var id: String
        var text: String
        var owner: String?
        var due: String?
        var session: String
        var status: String
    }

    /// Why the ledger could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The largest ledger read.
    static let maxBytes = 64 << 20

    /// Every item of `team`, in the order first made, with its latest state.
    ///
    /// Damaged lines are skipped; a ledger that is not a regular file reads as empty.
    public func items(team: String) -> [CarriedItem] {
        let files = (alsoReading + [path]).compactMap { try? RegularFile.read($0, maxBytes: Self.maxBytes) }
        var order: [String] = []
        var latest: [String: CarriedItem] = [:]
        for slice in files.flatMap({ $0.split(separator: 0x0A) }) {
            guard let line = try? JSONDecoder().decode(Line.self, from: Data(slice)), line.team == team else { continue }
            let item = line.item ?? line.commitment.map { old in
                CarriedItem(id: old.id, kind: "commitment", text: old.text, owner: old.owner, due: old.due, session: old.session,
                            status: old.status, isOpen: old.status == "open" || old.status == "not yet")
            }
            guard let item else { continue }
            if latest[item.id] == nil { order.append(item.id) }
            latest[item.id] = item
        }
        return order.compactMap { latest[$0] }
    }

    /// The items of `team` that later sessions still see.
    public func open(team: String) -> [CarriedItem] { items(team: team).filter(\.isOpen) }

    /// Records what a session hands on: each carry-over's new and changed items.
    ///
    /// Sessions of one folder share the ledger: the lines are appended under an exclusive
    /// `flock`, and a failed write is cut back so that no torn line stays in the file.
    ///
    /// - Parameters:
    ///   - result: The finished session.
    ///   - session: Its id.
    ///   - team: The team's key.
    ///   - known: The team's open items when the session started.
    ///   - carryovers: The carry-overs of the registered handlers.
    /// - Throws: ``WriteError`` when the ledger cannot be written.
    public func record(
        _ result: RunResult, session: String, team: String, known: [CarriedItem], carryovers: [any Carryover.Type]
    ) throws {
        var lines: [Line] = []
        for carryover in carryovers {
            let mine = known.filter { $0.kind == carryover.kind }
            for item in carryover.carry(result.allArtifacts, session: session, known: mine) {
                var item = item
                item.kind = carryover.kind
                lines.append(Line(team: team, item: item))
            }
        }
        // Steps a confirmed fit dropped go to the next session too.
        lines += result.droppedItems(session: session).map { Line(team: team, item: $0) }
        guard !lines.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for line in lines {
            data.append(try encoder.encode(line))
            data.append(0x0A)
        }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try append(data)
    }

    private func append(_ data: Data) throws(WriteError) {
        func failure(_ what: String) -> WriteError { WriteError(description: "\(what): \(String(cString: strerror(errno)))") }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard fd >= 0 else { throw failure("cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot inspect") }
        let kind = FileKind(mode: info.st_mode)
        guard kind == .regular else { throw WriteError(description: "it is \(kind.phrase), not a regular file") }
        guard flock(fd, LOCK_EX) == 0 else { throw failure("cannot lock") }
        guard fstat(fd, &info) == 0 else { throw failure("cannot inspect") }
        let length = Int(info.st_size)
        var bytes = [UInt8](data)
        // A line torn by a crash long ago must not swallow the first of these.
        var last: UInt8 = 0x0A
        if length > 0 {
            let reader = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            if reader >= 0, pread(reader, &last, 1, off_t(length - 1)) == 1, last != 0x0A { bytes.insert(0x0A, at: 0) }
            if reader >= 0 { close(reader) }
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let error = failure("cannot write")
                _ = ftruncate(fd, off_t(length))
                throw error
            }
            offset += count
        }
        guard fsync(fd) == 0 else {
            let error = failure("cannot sync")
            _ = ftruncate(fd, off_t(length))
            throw error
        }
    }
}

extension HandlerRegistry {
    /// The carry-overs named by the registered handlers, each once.
    public var carryovers: [any Carryover.Type] {
        var seen: Set<String> = []
        return entries.compactMap { $0.type.carryover }.filter { seen.insert($0.kind).inserted }
    }
}

extension SessionHeader {
    /// Whose history and carried items this session shares: the team file, or the set of names.
    public var teamKey: String { Self.teamKey(team: team, names: participants.map(\.name)) }

    /// The key for a team file's path, or else for a set of names (case and order ignored).
    public static func teamKey(team: String?, names: [String]) -> String {
        team ?? "people:" + names.map { $0.lowercased() }.sorted().joined(separator: ",")
    }
}
