import Foundation

/// Something a participant committed to in one session, to be checked in the next.
///
/// Action items with an owner become commitments of the team when their session ends.
/// The `accountability` handler of a later session goes through the open ones and records
/// each as done, not yet (it stays open) or dropped.
public struct Commitment: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open
        case done
        case notYet = "not yet"
        case dropped

        /// Still to be checked next time.
        public var isOpen: Bool { self == .open || self == .notYet }
    }

    /// `<session id>#<n>`: stable, so recording a session twice changes nothing.
    public var id: String
    public var text: String
    public var owner: String?
    public var due: String?
    /// The session it was made in.
    public var session: String
    public var status: Status

    public init(id: String, text: String, owner: String?, due: String?, session: String, status: Status = .open) {
        self.id = id
        self.text = text
        self.owner = owner
        self.due = due
        self.session = session
        self.status = status
    }
}

/// A team's commitments, kept in a JSON-lines file next to the session journals.
///
/// Each line adds a commitment or changes the status of one; the latest line about an id
/// wins, so writing the same session's outcome again is harmless.
public struct CommitmentLedger: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    private struct Line: Codable {
        var team: String
        var commitment: Commitment
    }

    /// Why the ledger could not be written.
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The largest ledger read.
    static let maxBytes = 64 << 20

    /// Every commitment of `team`, in the order first made, with its latest status.
    ///
    /// Damaged lines are skipped; a ledger that is not a regular file reads as empty.
    public func commitments(team: String) -> [Commitment] {
        guard let data = try? RegularFile.read(path, maxBytes: Self.maxBytes) else { return [] }
        var order: [String] = []
        var latest: [String: Commitment] = [:]
        for slice in data.split(separator: 0x0A) {
            guard let line = try? JSONDecoder().decode(Line.self, from: Data(slice)), line.team == team else { continue }
            if latest[line.commitment.id] == nil { order.append(line.commitment.id) }
            latest[line.commitment.id] = line.commitment
        }
        return order.compactMap { latest[$0] }
    }

    public func open(team: String) -> [Commitment] { commitments(team: team).filter(\.status.isOpen) }

    /// Records what a session did to the team's commitments: new action items with an
    /// owner, and the statuses its accountability steps decided.
    ///
    /// Sessions of one folder share the ledger: the lines are appended under an exclusive
    /// `flock`, and a failed write is cut back so that no torn line stays in the file.
    ///
    /// - Throws: ``WriteError`` when the ledger cannot be written.
    public func record(_ result: RunResult, session: String, team: String, known: [Commitment]) throws {
        var lines: [Line] = []
        let actions = result.allArtifacts.filter { $0.kind == .action && $0.owner != nil }
        for (index, action) in actions.enumerated() {
            lines.append(Line(team: team, commitment: Commitment(
                id: "\(session)#\(index + 1)", text: action.text, owner: action.owner, due: action.due, session: session)))
        }
        let byID = Dictionary(known.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for artifact in result.allArtifacts where artifact.kind == .decision {
            guard let ref = artifact.ref, var commitment = byID[ref],
                  let status = artifact.category.flatMap(Commitment.Status.init(rawValue:)) else { continue }
            commitment.status = status
            lines.append(Line(team: team, commitment: commitment))
        }
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

extension SessionHeader {
    /// Whose history and commitments this session shares: the team file, or the set of names.
    public var teamKey: String { Self.teamKey(team: team, names: participants.map(\.name)) }

    /// The key for a team file's path, or else for a set of names (case and order ignored).
    public static func teamKey(team: String?, names: [String]) -> String {
        team ?? "people:" + names.map { $0.lowercased() }.sorted().joined(separator: ",")
    }
}
