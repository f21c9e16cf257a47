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
    /// Warnings found while loading (a role no step names, `input:` nobody reads, …): the
    /// exercise runs, but probably not as its author meant.
    public var warnings: [Diagnostic] = []

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

    /// Planned length for `participants` people: per-speaker steps grow with the group,
    /// and a repeated block's steps count once per pass.
    public func duration(participants count: Int) -> Duration {
        steps.reduce(.zero) { $0 + $1.totalDuration(participants: count) * ($1.structure.block?.passes(participants: count) ?? 1) }
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

