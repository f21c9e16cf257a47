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
    /// Older ledgers read before `path` (written elsewhere earlier); new lines go to `path` only.
    public let alsoReading: [String]

    public init(path: String, alsoReading: [String] = []) {
        self.path = path
        self.alsoReading = alsoReading
    }

    private struct Line: Codable {
        var team: String
        var commitment: Commitment
    }

    /// Every commitment of `team`, in the order first made, with its latest status.
    public func commitments(team: String) -> [Commitment] {
        let files = (alsoReading + [path]).compactMap { FileManager.default.contents(atPath: $0) }
        var order: [String] = []
        var latest: [String: Commitment] = [:]
        for slice in files.flatMap({ $0.split(separator: 0x0A) }) {
            guard let line = try? JSONDecoder().decode(Line.self, from: Data(slice)), line.team == team else { continue }
            if latest[line.commitment.id] == nil { order.append(line.commitment.id) }
            latest[line.commitment.id] = line.commitment
        }
        return order.compactMap { latest[$0] }
    }

    public func open(team: String) -> [Commitment] { commitments(team: team).filter(\.status.isOpen) }

    /// Records what a session did to the team's commitments: new action items with an
    /// owner, and the statuses its accountability steps decided.
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
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.synchronize()
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
