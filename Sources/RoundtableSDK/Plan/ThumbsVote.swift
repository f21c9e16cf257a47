import Foundation

/// A thumbs vote that steers time (`extend_vote:`): when a round's timebox runs out, the
/// room votes thumbs up (more time), sideways (either way) or down (move on).
///
/// Lean Coffee's "Roman vote": while thumbs up outnumber thumbs down, the round goes on for
/// the next of ``extensions``, each shorter than the one before; otherwise, on a tie, or
/// when nobody votes, the room moves on. Once every extension has been granted the round
/// ends as its timer says.
///
/// ```swift
/// if let vote = step.step.thumbsVote { step.say("Thumbs at the end: up to \(vote.extensions.count) extensions") }
/// ```
public struct ThumbsVote: Sendable, Hashable {
    /// The extensions the room may grant, in order, each shorter than the one before.
    public var extensions: [Duration]

    public init(extensions: [Duration]) {
        self.extensions = extensions
    }

    /// How long a vote stays open unless everyone has voted or `/next` closes it first.
    public static let window: Duration = .seconds(30)
    /// The shortest extension a halving start (`extend_vote: 4m`) goes down to.
    public static let shortest: Duration = .seconds(30)
    /// The most extensions one vote list may hold.
    public static let limit = 10

    /// `extend_vote: 4m`: the start, then half of it, and so on while at least ``shortest``
    /// (4m, 2m, 1m, 30s), in whole seconds.
    public static func halving(from start: Duration) -> [Duration] {
        var extensions: [Duration] = []
        var length = start.components.seconds
        while length >= shortest.components.seconds || extensions.isEmpty, extensions.count < limit {
            extensions.append(.seconds(length))
            length /= 2
            if length == 0 { break }
        }
        return extensions
    }
}

/// One participant's thumb in a ``ThumbsVote``.
public enum Thumb: String, Sendable, Hashable, Codable, CaseIterable {
    case up, sideways, down

    /// The thumb a word stands for: `up`, `sideways` or `down`, and their usual short forms
    /// (`+`, `~`, `-`, `yes`, `side`, `no`, 👍 👎); nil for anything else.
    public init?(word: String) {
        switch word.trimmingCharacters(in: .whitespaces).lowercased() {
        case "up", "u", "+", "yes", "y", "more", "👍": self = .up
        case "sideways", "side", "s", "~", "=", "either", "meh", "👋": self = .sideways
        case "down", "d", "-", "no", "n", "next", "👎": self = .down
        default: return nil
        }
    }
}

/// How many thumbs of each kind.
public struct ThumbCount: Sendable, Hashable, Codable {
    public var up: Int
    public var sideways: Int
    public var down: Int

    public init(up: Int = 0, sideways: Int = 0, down: Int = 0) {
        self.up = up
        self.sideways = sideways
        self.down = down
    }

    public var total: Int { up + sideways + down }

    /// Whether the room wants more time: more thumbs up than down (a tie moves on).
    public var extends: Bool { up > down }

    public static func + (left: ThumbCount, right: ThumbCount) -> ThumbCount {
        ThumbCount(up: left.up + right.up, sideways: left.sideways + right.sideways, down: left.down + right.down)
    }

    public mutating func add(_ thumb: Thumb, count: Int = 1) {
        switch thumb {
        case .up: up += count
        case .sideways: sideways += count
        case .down: down += count
        }
    }

    /// "3 up · 1 sideways · 2 down".
    public var summary: String { "\(up) up · \(sideways) sideways · \(down) down" }
}

/// A thumbs vote as it went, for the screen and the report.
public struct ThumbsVoteRecord: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The room wanted more: the round went on for this long.
        case extended(Duration)
        /// A tie, more thumbs down, or nobody voted: the room moved on.
        case movedOn
        /// A command (`/skip`, `/back`, `/extend`, `/pause` …) closed the vote before it counted.
        case setAside
    }

    /// Which round (segment index) of the step, its 1-based round and its item, if any.
    public var segment: Int
    public var round: Int
    public var item: String?
    /// Which vote of the round this was (1 for the first), and the extension it offered.
    public var number: Int
    public var offered: Duration
    /// Session times the vote opened and closed.
    public var opened: Duration
    public var closed: Duration
    /// The count: named votes (keyboard `Ana: up`, devices) and the typed tally together.
    public var count: ThumbCount
    /// Who voted by name, in the order they first voted.
    public var voters: [String]
    public var outcome: Outcome

    public init(segment: Int, round: Int, item: String?, number: Int, offered: Duration, opened: Duration, closed: Duration,
                count: ThumbCount, voters: [String], outcome: Outcome) {
        self.segment = segment
        self.round = round
        self.item = item
        self.number = number
        self.offered = offered
        self.opened = opened
        self.closed = closed
        self.count = count
        self.voters = voters
        self.outcome = outcome
    }
}
