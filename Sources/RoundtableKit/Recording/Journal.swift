import Foundation

/// One line of a session journal.
///
/// A journal holds what cannot be recomputed: how the session was set up, and every line
/// typed with the session time at which the runner took it. Everything else — roles,
/// timers, artifacts, the report — follows from replaying those lines through the same
/// plan and handlers, which is how a session is resumed and how a report is made while
/// it still runs.
public enum JournalRecord: Sendable, Hashable {
    /// The first record: what to plan again on resume.
    case session(SessionHeader)
    /// A line as typed (commands included), taken at session time `at`.
    case line(String, at: Duration)
    /// A contribution from outside the keyboard (a participant's device), taken at `at`.
    case contribution(Contribution, at: Duration)
    /// Typed input ended (a script ran out).
    case inputClosed(at: Duration)
    /// The session was still running at this time (bounds the time lost to a crash).
    case heartbeat(at: Duration)
    /// A step started, with every role holder of the step: where a session is
    /// (`roundtable sessions`) and who led what (`roundtable history`, `fair` rotation).
    case stepStarted(Int, roles: [RoleHolder], at: Duration)
    /// The session ended; nothing follows.
    case finished(completed: Bool, at: Duration)

    public var time: Duration? {
        switch self {
        case .session: return nil
        case .line(_, let at), .contribution(_, let at), .inputClosed(let at), .heartbeat(let at), .stepStarted(_, _, let at), .finished(_, let at):
            return at
        }
    }
}

/// How a session was set up: enough to plan it again, and to notice if its files changed.
public struct SessionHeader: Sendable, Hashable, Codable {
    public var version = 1
    public var id: String
    public var title: String
    /// What was given to `run`: an id or a path.
    public var name: String
    /// Absolute path of the exercise or agenda file.
    public var document: String
    /// Absolute library folders used to resolve ids.
    public var library: [String]
    public var participants: [Participant]
    public var seed: UInt64
    public var params: [String: String]
    public var speed: Double
    /// Started, as an ISO 8601 date.
    public var started: String
    /// A digest of the plan; a resume refuses a plan that no longer matches.
    public var fingerprint: String
    /// The team's role history the plan was made with (`fair` rotation), kept so that a
    /// resume makes the same plan.
    public var history: RoleHistory?
    /// What the team carried into the session (open commitments …) when it started.
    public var carried: [CarriedItem]?
    /// Where the team's history lives, if a team file was used.
    public var team: String?

    public init(
        id: String, title: String, name: String, document: String, library: [String], participants: [Participant],
        seed: UInt64, params: [String: String], speed: Double, started: String, fingerprint: String, team: String? = nil
    ) {
        self.id = id
        self.title = title
        self.name = name
        self.document = document
        self.library = library
        self.participants = participants
        self.seed = seed
        self.params = params
        self.speed = speed
        self.started = started
        self.fingerprint = fingerprint
        self.team = team
    }
}

extension Plan {
    /// A digest of what the runner depends on: steps, handlers, segment timings and holders.
    public var fingerprint: String {
        var hasher = FNV1a()
        for step in steps {
            hasher.add(step.id)
            hasher.add(step.handler ?? "break")
            hasher.add(step.config?.canonicalText ?? "")
            for segment in step.segments {
                hasher.add("\(segment.start)|\(segment.duration)|\(segment.speaker ?? "")|\(segment.roles.map(\.person))|\(segment.groups)")
            }
        }
        return hasher.hex
    }
}

/// FNV-1a, 64 bits: a stable digest (Swift's Hasher is seeded per process).
struct FNV1a {
    private var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        value ^= 0xFF
        value = value &* 0x100_0000_01b3
    }

    var hex: String { String(value, radix: 16) }
}

// MARK: Encoding

extension JournalRecord {
    private struct Line: Codable {
        var type: String
        var t: Int64?
        var text: String?
        var step: Int?
        var completed: Bool?
        var roles: [[String]]?
        var session: SessionHeader?
        var author: String?
        var device: String?
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }

    /// One JSON object, no newline.
    public func encoded() -> Data {
        var line = Line(type: "")
        switch self {
        case .session(let header): line.type = "session"; line.session = header
        case .line(let text, let at): line.type = "line"; line.text = text; line.t = Self.nanoseconds(at)
        case .contribution(let contribution, let at):
            line.type = "contribution"; line.text = contribution.text; line.t = Self.nanoseconds(at)
            line.author = contribution.author
            if case .device(let name) = contribution.source { line.device = name }
        case .inputClosed(let at): line.type = "input-closed"; line.t = Self.nanoseconds(at)
        case .heartbeat(let at): line.type = "heartbeat"; line.t = Self.nanoseconds(at)
        case .stepStarted(let index, let roles, let at):
            line.type = "step"; line.step = index; line.t = Self.nanoseconds(at)
            line.roles = roles.map { [$0.role, $0.person] }
        case .finished(let completed, let at): line.type = "finished"; line.completed = completed; line.t = Self.nanoseconds(at)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(line)) ?? Data()
    }

    /// Decodes one journal line, or nil if it is not a record.
    public static func decode(_ data: Data) -> JournalRecord? {
        guard let line = try? JSONDecoder().decode(Line.self, from: data) else { return nil }
        let at = line.t.map { Duration.nanoseconds($0) }
        switch line.type {
        case "session": return line.session.map(JournalRecord.session)
        case "line": if let text = line.text, let at { return .line(text, at: at) }
        case "contribution":
            if let text = line.text, let at {
                let source: Contribution.Source = line.device.map { .device($0) } ?? .keyboard
                return .contribution(Contribution(text, source: source, author: line.author), at: at)
            }
        case "input-closed": if let at { return .inputClosed(at: at) }
        case "heartbeat": if let at { return .heartbeat(at: at) }
        case "step":
            if let step = line.step, let at {
                let roles = (line.roles ?? []).compactMap { $0.count == 2 ? RoleHolder(role: $0[0], person: $0[1]) : nil }
                return .stepStarted(step, roles: roles, at: at)
            }
        case "finished": if let completed = line.completed, let at { return .finished(completed: completed, at: at) }
        default: return nil
        }
        return nil
    }
}

/// A session journal read back: its records, and what was wrong with its end, if anything.
public struct Journal: Sendable {
    public var records: [JournalRecord]
    /// Warnings about a torn last line (a crash mid-write) that was left out.
    public var warnings: [Diagnostic]
    /// Bytes of the file that hold whole records (a resume appends after them).
    public var validLength: Int

    public var header: SessionHeader? {
        if case .session(let header)? = records.first { return header }
        return nil
    }

    /// Whether the session ran to its end (true) or was ended by `/quit` or Ctrl-C
    /// (false); nil while it has not finished (running, or cut off by a crash).
    public var completed: Bool? {
        if case .finished(let completed, _)? = records.last { return completed }
        return nil
    }

    /// The records to replay: a `/quit` only stopped the process, so a resumed session
    /// or a report goes on past it.
    public var replayRecords: [JournalRecord] {
        records.filter { record in
            if case .line(let text, _) = record, Runner<ContinuousClock>.isQuit(text) { return false }
            return true
        }
    }

    /// The step the session was in when the journal ends.
    public var currentStep: Int? {
        records.reversed().lazy.compactMap { if case .stepStarted(let index, _, _) = $0 { return index } else { return nil } }.first
    }

    /// Who held which role in the steps this journal saw start.
    public var roleHistory: RoleHistory {
        var history = RoleHistory()
        for record in records {
            if case .stepStarted(_, let roles, _) = record {
                for holder in Set(roles) { history.add(role: holder.role, person: holder.person) }
            }
        }
        return history
    }

    /// The session time of the last record: how long the session had run when the journal ends.
    public var lastTime: Duration { records.reversed().lazy.compactMap(\.time).first ?? .zero }

    /// Reads a journal file.
    ///
    /// A torn or corrupt last line is left out with a warning (power loss mid-write); a
    /// corrupt line before the end is an error, since what follows it may depend on it.
    ///
    /// - Throws: ``LoadError`` with the located problem.
    public static func read(_ path: String) throws(LoadError) -> Journal {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError([.error("cannot read the journal", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        var records: [JournalRecord] = []
        var warnings: [Diagnostic] = []
        var validLength = 0
        var offset = 0
        var lineNumber = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            lineNumber += 1
            let end = bytes[offset...].firstIndex(of: 0x0A)
            let slice = Data(bytes[offset..<(end ?? bytes.count)])
            let location = SourceLocation(file: path, line: lineNumber, column: 1)
            if let record = JournalRecord.decode(slice), end != nil {
                records.append(record)
                offset = end! + 1
                validLength = offset
                continue
            }
            let isLast = end == nil || end! + 1 >= bytes.count
            if isLast {
                warnings.append(Diagnostic(.warning, "the journal's last line is incomplete or damaged (the session was cut off while writing); it is left out", at: location,
                                           hint: "nothing typed before it is lost"))
                break
            }
            throw LoadError([.error("the journal is damaged at this line", at: location,
                                    hint: "restore the file from a backup; lines after it cannot be trusted")])
        }
        if records.isEmpty || { if case .session = records[0] { return false } else { return true } }() {
            throw LoadError([.error("this is not a session journal (no session header)", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return Journal(records: records, warnings: warnings, validLength: validLength)
    }
}

/// Where the runner writes what must survive a crash; every call returns only once the
/// record is on disk.
public protocol SessionRecorder: Sendable {
    /// Writes `record`; returns false when it could not be put on disk (disk full, file
    /// gone), so that the room can be told while there is still time to act.
    @discardableResult
    func record(_ record: JournalRecord) -> Bool
}

/// Appends records to a journal file, each followed by `fsync`.
public final class JournalWriter: SessionRecorder {
    private let descriptor: Int32
    private let lock = NSLock()
    public let path: String

    /// Opens (creating if needed) the journal at `path`, cutting it to `validLength`
    /// first when a torn last line must be dropped.
    ///
    /// - Throws: ``LoadError`` when the file cannot be opened.
    public init(path: String, truncatingTo validLength: Int? = nil) throws(LoadError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw LoadError([.error("cannot write the session journal: \(String(cString: strerror(errno)))",
                                    at: SourceLocation(file: path, line: 1, column: 1), hint: "choose another --sessions-dir")])
        }
        if let validLength { _ = ftruncate(fd, off_t(validLength)) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    @discardableResult
    public func record(_ record: JournalRecord) -> Bool {
        var data = record.encoded()
        data.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        return written && fsync(descriptor) == 0
    }
}
