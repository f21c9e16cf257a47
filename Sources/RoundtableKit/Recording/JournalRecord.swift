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
    /// The session was resumed at session time `at` after standing still for `length` of
    /// wall-clock time (a crash, `/quit`, a closed laptop): the agenda's slip counts it.
    case interrupted(at: Duration, length: Duration)

    public var time: Duration? {
        switch self {
        case .session: return nil
        case .line(_, let at), .contribution(_, let at), .inputClosed(let at), .heartbeat(let at), .stepStarted(_, _, let at), .finished(_, let at),
             .interrupted(let at, _):
            return at
        }
    }
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
        /// An interruption's wall-clock length, in nanoseconds.
        var length: Int64?
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
        case .interrupted(let at, let length):
            line.type = "interrupted"; line.t = Self.nanoseconds(at); line.length = Self.nanoseconds(length)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(line)) ?? Data()
    }

    /// The latest session time a record may carry: a session longer than 30 days is a
    /// damaged record, not a time to compute with.
    public static let maxTime: Duration = .seconds(30 * 24 * 3600)
    /// The longest interruption a record may carry: a session resumed after more than a
    /// year is a damaged record.
    public static let maxInterruption: Duration = .seconds(366 * 24 * 3600)
    /// Step numbers beyond this are damaged records.
    public static let maxStep = 100_000

    /// Decodes one journal line, or nil if it is not a record (damaged, or out of bounds).
    public static func decode(_ data: Data) -> JournalRecord? {
        guard let line = try? JSONDecoder().decode(Line.self, from: data) else { return nil }
        if let t = line.t, !(0...nanoseconds(maxTime)).contains(t) { return nil }
        if let step = line.step, !(0..<maxStep).contains(step) { return nil }
        if let length = line.length, !(0...nanoseconds(maxInterruption)).contains(length) { return nil }
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
        case "interrupted": if let at, let length = line.length { return .interrupted(at: at, length: .nanoseconds(length)) }
        default: return nil
        }
        return nil
    }
}
