/// How often each person held each role: the memory behind `fair` rotation.
///
/// Built from the journals of a team's past sessions (each step records its role holders),
/// and shown by `roundtable history`.
public struct RoleHistory: Sendable, Hashable, Codable {
    /// role → person → count
    public private(set) var counts: [String: [String: Int]] = [:]

    public init() {}

    public init(counts: [String: [String: Int]]) { self.counts = counts }

    public func count(role: String, person: String) -> Int { counts[role]?[person] ?? 0 }

    public mutating func add(role: String, person: String, times: Int = 1) {
        counts[role, default: [:]][person, default: 0] += times
    }

    public mutating func merge(_ other: RoleHistory) {
        for (role, people) in other.counts {
            for (person, count) in people { add(role: role, person: person, times: count) }
        }
    }

    public var roles: [String] { counts.keys.sorted() }
}
