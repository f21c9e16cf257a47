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

    /// The largest count a history holds: a team that met every minute for a century stays
    /// below it; a larger one read from a journal is damage.
    public static let maxCount = 100_000_000

    public mutating func add(role: String, person: String, times: Int = 1) {
        counts[role, default: [:]][person, default: 0].addBounded(times)
    }

    /// Why a history read from disk cannot be used, if anything: counts outside
    /// 0…``maxCount`` would overflow the sums that rotation makes.
    public var problem: String? {
        let all = counts.values.flatMap(\.values) + (sessionCounts?.values.flatMap(\.values) ?? []) + [sessions ?? 0]
        guard let bad = all.first(where: { !(0...Self.maxCount).contains($0) }) else { return nil }
        return "its role history holds a count of \(bad) (at most \(Self.maxCount))"
    }

    /// Counts one session in which `holders` held their roles (each pair once).
    public mutating func addSession(holders: Set<RoleHolder>) {
        var total = sessions ?? 0
        total.addBounded(1)
        sessions = total
        var perSession = sessionCounts ?? [:]
        sessionCounts = nil
        for holder in holders { perSession[holder.role, default: [:]][holder.person, default: 0].addBounded(1) }
        sessionCounts = perSession
    }

    /// Counts one session from its holders and the steps each held their role in.
    public mutating func addSession(_ holders: [(role: String, person: String, steps: Int)]) {
        var total = sessions ?? 0
        total.addBounded(1)
        sessions = total
        var perSession = sessionCounts ?? [:]
        sessionCounts = nil  // so that the dictionary is changed in place, not copied
        for holder in holders {
            if holder.steps > 0 { add(role: holder.role, person: holder.person, times: holder.steps) }
            perSession[holder.role, default: [:]][holder.person, default: 0].addBounded(1)
        }
        sessionCounts = perSession
    }

    public mutating func merge(_ other: RoleHistory) {
        for (role, people) in other.counts {
            for (person, count) in people { add(role: role, person: person, times: count) }
        }
        if let otherSessions = other.sessions {
            var total = sessions ?? 0
            total.addBounded(otherSessions)
            sessions = total
            var perSession = sessionCounts ?? [:]
            for (role, people) in other.sessionCounts ?? [:] {
                for (person, count) in people { perSession[role, default: [:]][person, default: 0].addBounded(count) }
            }
            sessionCounts = perSession
        }
    }

    public var roles: [String] { counts.keys.sorted() }

    /// Whether anyone held any role in the history.
    public var isEmpty: Bool { counts.isEmpty }
}

extension Int {
    /// Adds `other`, stopping at the largest (or smallest) Int instead of trapping: counts
    /// come from files, and a damaged one must not stop a session.
    mutating func addBounded(_ other: Int) {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? (other > 0 ? .max : .min) : sum
    }
}
