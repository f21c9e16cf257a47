/// A step that runs once per item of an earlier step's result, in rank order (`for_each:`).
///
/// The plan gives the step ``top`` rounds; when the earlier step ends, its items (see
/// ``InputItem``: votes and scores ranked by total, else ideas in order) fill them, one
/// item per round, and rounds left without an item are not run. ``Segment/item`` names
/// the item of a round, `{{item}}` in text shows it, and artifacts carry it as
/// ``Artifact/item``.
///
/// ```swift
/// if let item = step.segment.item { step.announce("Now: \(item)") }
/// ```
extension PlannedStep {
    /// The title as the room sees it outside a round: in a `for_each:` step, `{{item}}`
    /// reads "each item" (a round names its own item, see ``Segment/placeholderValues``).
    public var generalTitle: String {
        itemLoop == nil ? title : Placeholders.fill(title, with: ["item": "each item"])
    }
}

public struct ItemLoop: Sendable, Hashable {
    /// Position in ``Plan/steps`` of the step whose result gives the items.
    public var fromIndex: Int
    /// That step's `id:`.
    public var fromID: String
    /// The most items the loop takes.
    public var top: Int

    public init(fromIndex: Int, fromID: String, top: Int) {
        self.fromIndex = fromIndex
        self.fromID = fromID
        self.top = top
    }

    /// The items the loop takes from the artifacts of its `from` step, best first.
    public func items(from artifacts: [Artifact]) -> [String] {
        Array(InputItem.items(from: artifacts).prefix(top).map(\.text))
    }
}
