/// A role of an exercise and how it passes from person to person.
public struct RoleSpec: Sendable, Hashable {
    public var name: String
    public var rotation: Rotation
    public var summary: String?
    public var location: SourceLocation
    /// Each group of a step with `groups:` has its own holder, rotating within the group
    /// (`scope: group`); in a step without groups the role passes as usual.
    public var perGroup = false

    public init(name: String, rotation: Rotation, summary: String? = nil, location: SourceLocation) {
        self.name = name
        self.rotation = rotation
        self.summary = summary
        self.location = location
    }
}
