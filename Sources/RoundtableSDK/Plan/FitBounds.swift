/// How far a step may be shrunk or stretched when the rest of a session is fitted to its
/// timebox (`min`, `max`, `priority` and `lock` in a step or agenda item).
///
/// On an exercise's step the lengths are read like its `duration` (per turn with
/// `each: participant`, per round with `rounds:`); on a ``PlannedStep`` they are the whole
/// step's. Nil means the default: a step may shrink to half its length and does not
/// stretch.
public struct FitBounds: Sendable, Hashable {
    public var min: Duration?
    public var max: Duration?
    /// How much the step matters: it shrinks in proportion to its length ÷ priority and
    /// stretches in proportion to its length × priority.
    public var priority: Double
    /// A locked step keeps its length and is never dropped.
    public var locked: Bool

    public init(min: Duration? = nil, max: Duration? = nil, priority: Double = 1, locked: Bool = false) {
        self.min = min
        self.max = max
        self.priority = priority
        self.locked = locked
    }

    /// Whether the author set anything.
    public var isDefault: Bool { self == FitBounds() }

    /// The same bounds for a step `factor` times as long (turns × rounds).
    public func scaled(by factor: Int) -> FitBounds {
        FitBounds(min: min.map { $0 * factor }, max: max.map { $0 * factor }, priority: priority, locked: locked)
    }
}
