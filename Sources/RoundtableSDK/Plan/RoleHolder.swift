/// Who holds a role during a segment.
public struct RoleHolder: Sendable, Hashable {
    /// The role's name, as the exercise declares it.
    public var role: String
    /// The participant holding it.
    public var person: String
    /// For a role with `scope: group`, the group (from 1) this holder serves.
    public var group: Int?

    /// A role and its holder.
    ///
    /// - Parameters:
    ///   - role: The role's name.
    ///   - person: The participant's name.
    public init(role: String, person: String) {
        self.role = role
        self.person = person
    }
}
