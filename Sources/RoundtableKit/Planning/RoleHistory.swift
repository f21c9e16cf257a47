/// How often each person held each role: the memory behind rotation across sessions.
///
/// Built from the journals of a team's past sessions (each step records its role holders),
/// and shown by `roundtable history`. Rotating roles go first to whoever held them least,
/// counted in sessions, then in steps.
public struct RoleHistory: Sendable, Hashable, Codable {
    /// role → person → count of steps
    public private(set) var counts: [String: [String: Int]] = [:]
    /// role → person → count of sessions in which the person held the role at least once.
    /// Nil in histories recorded before sessions were counted.
    public private(set) var sessionCounts: [String: [String: Int]]?
    /// How many sessions the history covers (nil in older records).
    public private(set) var sessions: Int?

    public init() {}

    public init(counts: [String: [String: Int]]) { self.counts = counts }

    public func count(role: String, person: String) -> Int { counts[role]?[person] ?? 0 }

    /// In how many of the team's sessions `person` held `role`.
    public func sessionCount(role: String, person: String) -> Int { sessionCounts?[role]?[person] ?? 0 }

    /// How many sessions the history covers.
    public var sessionTotal: Int { sessions ?? 0 }

    public mutating func add(role: String, person: String, times: Int = 1) {
        counts[role, default: [:]][person, default: 0] += times
    }

    /// Counts one session in which `holders` held their roles (each pair once).
    public mutating func addSession(holders: Set<RoleHolder>) {
        sessions = (sessions ?? 0) + 1
        var perSession = sessionCounts ?? [:]
        for holder in holders { perSession[holder.role, default: [:]][holder.person, default: 0] += 1 }
        sessionCounts = perSession
    }

    public mutating func merge(_ other: RoleHistory) {
        for (role, people) in other.counts {
            for (person, count) in people { add(role: role, person: person, times: count) }
        }
        if let otherSessions = other.sessions {
            sessions = (sessions ?? 0) + otherSessions
            var perSession = sessionCounts ?? [:]
            for (role, people) in other.sessionCounts ?? [:] {
                for (person, count) in people { perSession[role, default: [:]][person, default: 0] += count }
            }
            sessionCounts = perSession
        }
    }

    public var roles: [String] { counts.keys.sorted() }

    /// Whether anyone held any role in the history.
    public var isEmpty: Bool { counts.isEmpty }
}
