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
    /// The items written in the file (`for_each: [a, b]`), a round each, in order; empty
    /// for any other step.
    public var listedItems: [String] {
        guard itemLoop == nil else { return [] }
        var items: [String] = []
        for segment in segments { if let item = segment.item, !items.contains(item) { items.append(item) } }
        return items
    }

    /// The title as the room sees it outside a round: in a `for_each:` step, `{{item}}`
    /// reads "each item" (a round names its own item, see ``Segment/placeholderValues``).
    public var generalTitle: String {
        if itemLoop == nil && segments.contains(where: { $0.item != nil }) {
            // Items written in the file (`for_each: [a, b]`).
            return Placeholders.fill(title, with: ["item": "each item"])
        }
        guard let itemLoop else { return title }
        return Placeholders.fill(title, with: ["item": itemLoop.pick.map { "item \($0)" } ?? "each item"])
    }
}

public struct ItemLoop: Sendable, Hashable {
    /// Position in ``Plan/steps`` of the step whose result gives the items.
    public var fromIndex: Int
    /// That step's `id:`.
    public var fromID: String
    /// The most items the loop takes.
    public var top: Int
    /// In a pass of a block with `for_each:`, the rank (from 1) of the one item the pass
    /// works on, in all its rounds; nil for a step with a round per item.
    public var pick: Int?

    public init(fromIndex: Int, fromID: String, top: Int, pick: Int? = nil) {
        self.fromIndex = fromIndex
        self.fromID = fromID
        self.top = top
        self.pick = pick
    }

    /// The item of `round`, given the loop's items: the picked one in every round of a
    /// block's pass, else the round's own; nil when there are too few items.
    public func item(forRound round: Int, in items: [String]) -> String? {
        let rank = pick ?? round
        return rank <= items.count ? items[rank - 1] : nil
    }

    /// How many rounds of a step of `rounds` run with `items`: one per item (at most
    /// `rounds`), or for a block's pass all of them when its item exists, else none.
    public func roundsRun(of rounds: Int, items: [String]) -> Int {
        guard let pick else { return min(items.count, rounds) }
        return pick <= items.count ? rounds : 0
    }

    /// The items the loop takes from the artifacts of its `from` step, best first.
    public func items(from artifacts: [Artifact]) -> [String] {
        Array(InputItem.items(from: artifacts).prefix(top).map(\.text))
    }
}
