/// A group exercise as its author wrote it: metadata, roles and timed steps.
public struct Exercise: Sendable {
    public var id: String
    public var title: String
    public var summary: String?
    public var tags: [String]
    /// Credit for the method: who described it and where.
    public var source: String?
    public var participants: ParticipantRange
    public var roles: [RoleSpec]
    public var params: [Param]
    public var steps: [Step]
    /// Where the exercise was read from.
    public var location: SourceLocation

    public init(
        id: String, title: String, summary: String? = nil, tags: [String] = [], source: String? = nil,
        participants: ParticipantRange = ParticipantRange(min: 1, max: nil), roles: [RoleSpec] = [],
        params: [Param] = [], steps: [Step], location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.tags = tags
        self.source = source
        self.participants = participants
        self.roles = roles
        self.params = params
        self.steps = steps
        self.location = location
    }

    /// Planned length for `participants` people: per-speaker steps grow with the group.
    public func duration(participants count: Int) -> Duration {
        steps.reduce(.zero) { $0 + $1.totalDuration(participants: count) }
    }
}

/// How many people an exercise works with.
public struct ParticipantRange: Sendable, Hashable, Codable {
    public var min: Int
    public var max: Int?

    public init(min: Int, max: Int?) {
        self.min = min
        self.max = max
    }

    public func contains(_ count: Int) -> Bool { count >= min && (max.map { count <= $0 } ?? true) }

    public var description: String {
        switch max {
        case nil: return "\(min)+"
        case let max? where max == min: return "\(min)"
        case let max?: return "\(min)-\(max)"
        }
    }
}

/// A value an agenda can pass to an exercise with `with:`, used as `{{name}}` in its text.
public struct Param: Sendable, Hashable {
    public var name: String
    public var defaultValue: String?
    public var summary: String?
    public var location: SourceLocation
}

/// A role of an exercise and how it passes from person to person.
public struct RoleSpec: Sendable, Hashable {
    public var name: String
    public var rotation: Rotation
    public var summary: String?
    public var location: SourceLocation

    public init(name: String, rotation: Rotation, summary: String? = nil, location: SourceLocation) {
        self.name = name
        self.rotation = rotation
        self.summary = summary
        self.location = location
    }
}

/// When a role changes hands.
public enum Rotation: Sendable, Hashable, Codable {
    /// Always the named participant.
    case fixed(String)
    /// One holder for the whole exercise; the next exercise of an agenda passes it on.
    case perExercise
    /// A new holder at every step.
    case perStep
    /// A new holder at every round of a step with `rounds:` (and at every step).
    case perRound
    /// A seeded random holder at every step (free of other roles where possible).
    case random
    /// At every step, whoever has held the role least — in past sessions of the team (its
    /// role history) and in this one; ties go by the seeded order.
    case fair

    public static let names = ["per-exercise", "per-step", "per-round", "random", "fair"]

    public init?(name: String) {
        switch name {
        case "per-exercise": self = .perExercise
        case "per-step": self = .perStep
        case "per-round": self = .perRound
        case "random": self = .random
        case "fair": self = .fair
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .fixed(let who): return "fixed: \(who)"
        case .perExercise: return "per-exercise"
        case .perStep: return "per-step"
        case .perRound: return "per-round"
        case .random: return "random"
        case .fair: return "fair"
        }
    }
}
