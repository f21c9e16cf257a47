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

    /// Every item of `team`, in the order first made, with its latest state.
    public func items(team: String) -> [CarriedItem] {
        let files = (alsoReading + [path]).compactMap { FileManager.default.contents(atPath: $0) }
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
    /// - Parameters:
    ///   - result: The finished session.
    ///   - session: Its id.
    ///   - team: The team's key.
    ///   - known: The team's open items when the session started.
    ///   - carryovers: The carry-overs of the registered handlers.
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
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.synchronize()
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
