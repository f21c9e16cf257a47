/// An exercise as placed in a plan.
public struct PlannedExercise: Sendable {
    /// The exercise's `id:`.
    public var id: String
    /// The exercise's title, as the room sees it.
    public var title: String
    /// The file it was loaded from.
    public var file: String
    /// Credit for the method (`source:`).
    public var source: String?
    /// The roles it declares, in order.
    public var roles: [RoleSpec]
    /// Its steps' positions in ``Plan/steps``.
    public var stepRange: Range<Int>

    package init(id: String, title: String, file: String, source: String? = nil, roles: [RoleSpec], stepRange: Range<Int>) {
        self.id = id
        self.title = title
        self.file = file
        self.source = source
        self.roles = roles
        self.stepRange = stepRange
    }
}
