/// One timer's worth of a step: a round, or one speaker's turn in a round.
///
/// A handler reads the current one as ``StepContext/segment`` and moves on with
/// ``StepContext/nextSegment()``. A step with `each: participant` has one segment per
/// speaker per round; otherwise one per round (`rounds:`, default 1).
///
/// ```swift
/// let who = step.segment.speaker ?? step.segment.holder(of: "scribe") ?? "the room"
/// step.announce("Round \(step.segment.round) of \(step.segment.rounds): \(who)")
/// ```
public struct Segment: Sendable, Hashable {
    /// The round, from 1.
    public var round: Int
    /// How many rounds the step has.
    public var rounds: Int
    /// The speaker of a per-participant turn.
    public var speaker: String?
    /// The turn within the round, from 1; nil without `each: participant`.
    public var turn: Int?
    /// How many turns the round has; nil without `each: participant`.
    public var turns: Int?
    /// Planned start, from the session's start.
    public var start: Duration
    /// The length of this segment's timer.
    public var duration: Duration
    /// Role holders in the exercise's role order.
    public var roles: [RoleHolder]
    /// Groups of names for steps with `groups:`.
    public var groups: [[String]]
    /// The `scope: group` role whose holders stay at their group while the others move
    /// (`groups: { stay: host }`); nil in other steps.
    public var stayRole: String?
    /// The item this round works on, in a step with `for_each:`; known once the step it
    /// comes from has ended (nil before, and in other steps).
    public var item: String?
    /// The item's rank and how many items there are, when they differ from ``round`` and
    /// ``rounds``: in a pass of a block with `for_each:` ("Item 2/3" in a one-round step).
    public var itemRank: Int?
    public var itemCount: Int?

    package init(round: Int, rounds: Int, speaker: String? = nil, turn: Int? = nil, turns: Int? = nil, start: Duration, duration: Duration, roles: [RoleHolder], groups: [[String]]) {
        self.round = round
        self.rounds = rounds
        self.speaker = speaker
        self.turn = turn
        self.turns = turns
        self.start = start
        self.duration = duration
        self.roles = roles
        self.groups = groups
    }

    /// Holder of `role`, if the exercise has that role.
    ///
    /// - Parameter role: A role name as the exercise declares it, e.g. `scribe`.
    /// - Returns: The person holding it in this segment, or nil.
    public func holder(of role: String) -> String? { roles.first { $0.role == role }?.person }

    /// "Item 2/3: Pairing Fridays" in a `for_each:` round whose item is known, else
    /// "Round 2/3" when the step has several rounds; nil for a single round.
    public var roundLabel: String? {
        if let item { return "Item \(itemRank ?? round)/\(itemCount ?? rounds): \(item)" }
        return rounds > 1 ? "Round \(round)/\(rounds)" : nil
    }

    /// The member who stays at group `index` (from 0) while the others move, in a step
    /// with `groups: { stay: role }`; nil otherwise.
    ///
    /// ```swift
    /// let host = step.segment.stayer(at: 0)   // "Ana", who hosts the first table
    /// ```
    public func stayer(at index: Int) -> String? {
        guard let stayRole else { return nil }
        return roles.first { $0.role == stayRole && $0.group == index + 1 }?.person
    }

    /// The groups as "Ana (host) + Ben + Chen", each name passed through `name` (say, to
    /// neutralise it) and the member who stays marked with the role.
    public func groupLabels(name: (String) -> String = { $0 }) -> [String] {
        groups.enumerated().map { index, group in
            let stayer = stayer(at: index)
            return group.map { $0 == stayer ? "\(name($0)) (\(stayRole ?? ""))" : name($0) }.joined(separator: " + ")
        }
    }

    /// Values for `{{placeholders}}` in this segment.
    public var placeholderValues: [String: String] {
        var values: [String: String] = ["round": String(round), "rounds": String(rounds)]
        for holder in roles {
            // A role held in every group names all its holders: "Ana, Dev".
            values[holder.role] = holder.group != nil && holder.group! > 1 ? (values[holder.role] ?? "") + ", " + holder.person : holder.person
        }
        if let item { values["item"] = item }
        if let speaker {
            values["speaker"] = speaker
            values["participant"] = speaker
            // The speaker's group, in a step with groups: "Ana, Ben, Chen".
            if let group = groups.first(where: { $0.contains(speaker) }) { values["group"] = group.joined(separator: ", ") }
        }
        return values
    }
}
