import Foundation
import Synchronization

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
    /// True for a rehearsal (run with `--speed` other than 1 or with `--input`, and without
    /// `--record`): the team's history, `fair` rotation and commitments leave it out.
    /// Journals written before rehearsals were marked have no value: real sessions.
    public var rehearsal: Bool?

    public var isRehearsal: Bool { rehearsal ?? false }

    /// The clock speeds a session may run at: a tenth of real time up to 10,000 times faster.
    /// Beyond them the runner's time arithmetic would overflow.
    public static let speeds: ClosedRange<Double> = 0.1...10_000

    public init(
        id: String, title: String, name: String, document: String, library: [String], participants: [Participant],
        seed: UInt64, params: [String: String], speed: Double, started: String, fingerprint: String, team: String? = nil,
        rehearsal: Bool = false
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
        self.rehearsal = rehearsal
    }

    /// What makes a header read from disk unusable, if anything: values that would trap
    /// or exhaust the runner are refused where they are read.
    var problem: String? {
        guard speed.isFinite, Self.speeds.contains(speed) else {
            return "its speed (\(speed)) is outside \(Self.speeds.lowerBound)…\(Int(Self.speeds.upperBound))"
        }
        guard participants.count <= Participant.limit else {
            return "it lists \(participants.count) participants (at most \(Participant.limit))"
        }
        guard version == 1 else { return "it has format version \(version), which this roundtable does not know" }
        return nil
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
            // Bounds decide what /fit does on a replay; plans without them keep their old digest.
            if !step.fit.isDefault { hasher.add("fit|\(String(describing: step.fit.min))|\(String(describing: step.fit.max))|\(step.fit.priority)|\(step.fit.locked)") }
        }
        if fitting.mode == .auto { hasher.add("fit: auto") }
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

    /// The latest session time a record may carry: a session longer than 30 days is a
    /// damaged record, not a time to compute with.
    public static let maxTime: Duration = .seconds(30 * 24 * 3600)
    /// Step numbers beyond this are damaged records.
    public static let maxStep = 100_000

    /// Decodes one journal line, or nil if it is not a record (damaged, or out of bounds).
    public static func decode(_ data: Data) -> JournalRecord? {
        guard let line = try? JSONDecoder().decode(Line.self, from: data) else { return nil }
        if let t = line.t, !(0...nanoseconds(maxTime)).contains(t) { return nil }
        if let step = line.step, !(0..<maxStep).contains(step) { return nil }
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

/// A session journal read back: its records, and what was wrong with it, if anything.
public struct Journal: Sendable {
    public var records: [JournalRecord]
    /// Warnings about damaged lines that were skipped, and about a torn last line (a
    /// crash mid-write) that was left out.
    public var warnings: [Diagnostic]
    /// The numbers of the lines skipped as damaged (a torn last line included).
    public var damagedLines: [Int]
    /// Bytes of the file up to the end of its last whole record (a resume appends after them).
    public var validLength: Int

    /// The largest journal read; a session typing a line a second for a day writes a few MB.
    public static let maxBytes = 256 << 20
    /// The longest line that can be a record (a header holds the team's history and commitments).
    public static let maxRecordBytes = 8 << 20
    /// Damaged lines reported one by one; more are summed up in one warning.
    static let maxLineWarnings = 10

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
    /// A damaged line anywhere (a disk error, an edit, a value out of bounds) is skipped
    /// with a warning naming its line; every record before and after it is kept. A torn
    /// last line (power lost mid-write) is left out the same way. Only a journal without
    /// a usable session header on its first line cannot be read.
    ///
    /// - Throws: ``LoadError`` when the file is not a regular file, cannot be read or has
    ///   no usable header.
    public static func read(_ path: String) throws(LoadError) -> Journal {
        // The path names a folder that anyone could have named: it is shown, never obeyed.
        let shown = path.neutralized()
        let start = SourceLocation(file: shown, line: 1, column: 1)
        let data: Data
        do {
            data = try RegularFile.read(path, maxBytes: maxBytes)
        } catch {
            throw LoadError([.error("the journal \(error.message)", at: start)])
        }
        var records: [JournalRecord] = []
        var damaged: [Int] = []
        var warnings: [Diagnostic] = []
        var validLength = 0
        var offset = 0
        var lineNumber = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            lineNumber += 1
            let end = bytes[offset...].firstIndex(of: 0x0A)
            let next = end.map { $0 + 1 } ?? bytes.count
            defer { offset = next }
            let location = SourceLocation(file: shown, line: lineNumber, column: 1)
            var record: JournalRecord?
            if let end, end - offset <= maxRecordBytes { record = JournalRecord.decode(Data(bytes[offset..<end])) }
            switch record {
            case .session(let header)? where records.isEmpty:
                if let problem = header.problem {
                    throw LoadError([.error("the session header is damaged: \(problem)", at: location,
                                            hint: "the session cannot be planned again from it; its report may still be in reports/")])
                }
            case .session?:
                record = nil  // a second header is not part of this session
            default:
                break
            }
            if let record, !records.isEmpty || lineNumber == 1 {
                records.append(record)
                validLength = next
                continue
            }
            damaged.append(lineNumber)
            if end == nil || next >= bytes.count {
                warnings.append(Diagnostic(.warning, "the journal's last line is incomplete or damaged (the session was cut off while writing); it is left out", at: location,
                                           hint: "nothing typed before it is lost"))
            } else if damaged.count <= maxLineWarnings {
                warnings.append(Diagnostic(.warning, "this journal line is damaged and is skipped", at: location,
                                           hint: "what it held is lost; every record before and after it is kept"))
            }
        }
        if case .session? = records.first {} else {
            throw LoadError([.error("this is not a session journal (its first line is no session header)", at: start,
                                    hint: "`roundtable sessions` lists the sessions of this folder")])
        }
        let unreported = damaged.count - warnings.count
        if unreported > 0 {
            warnings.append(Diagnostic(.warning, "\(unreported) more damaged line\(unreported == 1 ? " is" : "s are") skipped", at: start))
        }
        return Journal(records: records, warnings: warnings, damagedLines: damaged, validLength: validLength)
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
///
/// A record is either wholly in the file or not at all: after a failed write (a full
/// disk) the file is cut back to the end of the last whole record before anything else
/// is written, so that no torn record is left in the middle of the journal.
public final class JournalWriter: SessionRecorder {
    /// The system calls the writer makes; tests swap in failing ones to act out a full disk.
    public struct SystemCalls: Sendable {
        public var write: @Sendable (Int32, UnsafeRawPointer, Int) -> Int
        public var fsync: @Sendable (Int32) -> Int32
        public var truncate: @Sendable (Int32, Int) -> Int32

        public init(
            write: @escaping @Sendable (Int32, UnsafeRawPointer, Int) -> Int,
            fsync: @escaping @Sendable (Int32) -> Int32,
            truncate: @escaping @Sendable (Int32, Int) -> Int32
        ) {
            self.write = write
            self.fsync = fsync
            self.truncate = truncate
        }

        public static let system = SystemCalls(
            write: { Foundation.write($0, $1, $2) }, fsync: { Foundation.fsync($0) }, truncate: { ftruncate($0, off_t($1)) })
    }

    private struct State {
        /// Bytes of the file that hold whole records.
        var length: Int
        /// A write failed and the file could not be cut back yet.
        var torn = false
        var finished = false
    }

    private let descriptor: Int32
    private let calls: SystemCalls
    private let state: Mutex<State>
    public let path: String

    /// Opens (creating if needed) the journal at `path`, cutting it to `validLength`
    /// first when a torn last line must be dropped.
    ///
    /// - Throws: ``LoadError`` when the file cannot be opened or is not a regular file.
    public init(path: String, truncatingTo validLength: Int? = nil, calls: SystemCalls = .system) throws(LoadError) {
        self.path = path
        self.calls = calls
        let location = SourceLocation(file: path.neutralized(), line: 1, column: 1)
        let kind = FileKind(path: path, followingLinks: false)
        guard kind == .regular || kind == .missing else {
            throw LoadError([.error("the session journal is \(kind.phrase), not a regular file", at: location)])
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            throw LoadError([.error("cannot write the session journal: \(String(cString: strerror(errno)))",
                                    at: location, hint: "choose another --sessions-dir")])
        }
        var info = stat()
        guard fstat(fd, &info) == 0, FileKind(mode: info.st_mode) == .regular else {
            close(fd)
            throw LoadError([.error("the session journal is \(FileKind(mode: info.st_mode).phrase), not a regular file", at: location)])
        }
        var length = Int(info.st_size)
        if let validLength, validLength < length, ftruncate(fd, off_t(validLength)) == 0 { length = validLength }
        descriptor = fd
        state = Mutex(State(length: length))
    }

    deinit { close(descriptor) }

    /// True once this writer has put a `finished` record on disk.
    public var hasRecordedFinish: Bool { state.withLock { $0.finished } }

    @discardableResult
    public func record(_ record: JournalRecord) -> Bool {
        var data = record.encoded()
        data.append(0x0A)
        let finishing = if case .finished = record { true } else { false }
        return state.withLock { state in
            if state.torn {
                guard calls.truncate(descriptor, state.length) == 0 else { return false }
                state.torn = false
            }
            let whole = data.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let count = calls.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return false }
                    offset += count
                }
                return true
            }
            guard whole, calls.fsync(descriptor) == 0 else {
                // Back to the last whole record; if even that fails, the next write tries first.
                state.torn = calls.truncate(descriptor, state.length) != 0
                return false
            }
            state.length += data.count
            if finishing { state.finished = true }
            return true
        }
    }
}
