/// Fits the remaining steps of a session into the time that is left.
///
/// The algorithm follows CSS Flexbox's "resolve flexible lengths" (§9.7): every step
/// that is not locked shrinks (or, when the session is ahead, stretches) by a share of
/// the difference proportional to its weight; a step pushed past its `min` or `max` is
/// frozen at that bound, and the rest is shared again among the others, until nothing
/// is violated. Each round freezes at least one step, so it ends after at most as many
/// rounds as there are steps, whatever the weights (zero ones included).
///
/// Weights make important steps keep their time: a step shrinks in proportion to its
/// planned length ÷ priority and stretches in proportion to its planned length ×
/// priority. Lengths are whole seconds, and the fitted lengths add up to the target
/// exactly unless bounds forbid it (the `gap` says by how much).
///
/// ```swift
/// let items = [TimeFit.Item(planned: 600, min: 300, max: 600), TimeFit.Item(planned: 300, locked: true)]
/// let result = TimeFit.fit(items, into: 780)   // lengths [480, 300]
/// ```
public enum TimeFit {
    /// A difference this small (in seconds) is left alone, so the plan does not fiddle.
    public static let deadBand = 15

    /// One step as the fitting sees it, in whole seconds.
    public struct Item: Sendable, Hashable {
        /// The length it has now (its planned length).
        public var planned: Int
        public var min: Int
        public var max: Int
        /// How much the step matters: it shrinks less and stretches more as this grows.
        public var priority: Double
        /// A locked step keeps its length and is never dropped.
        public var locked: Bool
        /// False for a step that cannot be dropped (the one that is starting).
        public var droppable = true

        /// An item; `min` defaults to `planned` and `max` to `planned`: it does not flex.
        public init(planned: Int, min: Int? = nil, max: Int? = nil, priority: Double = 1, locked: Bool = false) {
            self.planned = Swift.max(planned, 0)
            self.min = Swift.max(min ?? self.planned, 0)
            self.max = Swift.max(max ?? self.planned, self.min)
            self.priority = priority
            self.locked = locked
        }

        /// The least it can take: a locked step keeps its planned length.
        var floor: Int { locked ? planned : min }
        var ceiling: Int { locked ? planned : max }
    }

    /// What the fitting decided.
    public struct Result: Sendable, Hashable {
        /// The fitted length of every item, in seconds (0 for a dropped one).
        public var lengths: [Int]
        /// Items dropped (to carry to the next session) because even the minimums of all
        /// of them did not fit: lowest priority first, the latest first among equals.
        public var dropped: [Int]
        /// Target minus the fitted total: above zero the steps end early (their maximums
        /// bind), below zero they run over (locked steps and minimums).
        public var gap: Int
        /// False when the difference was within the dead band and nothing changed.
        public var changed: Bool

        public var total: Int { lengths.reduce(0, +) }
    }

    /// Fits `items` into `target` seconds.
    ///
    /// - Parameters:
    ///   - items: The remaining steps, in order.
    ///   - target: The seconds they should take together.
    ///   - deadBand: A difference up to this many seconds changes nothing.
    ///   - allowDrops: Whether to drop steps when even the minimums do not fit; without,
    ///     every step gets its minimum and the result runs over (a negative `gap`).
    /// - Returns: The fitted lengths, what to drop, and what is left over.
    public static func fit(_ items: [Item], into target: Int, deadBand: Int = TimeFit.deadBand, allowDrops: Bool = true) -> Result {
        let planned = items.map(\.planned)
        let total = planned.reduce(0, +)
        guard abs(target - total) > deadBand else {
            return Result(lengths: planned, dropped: [], gap: target - total, changed: false)
        }
        var active = Array(items.indices)
        var dropped: [Int] = []
        if allowDrops {
            while active.reduce(0, { $0 + items[$1].floor }) > target {
                let candidates = active.filter { !items[$0].locked && items[$0].droppable }
                // Lowest priority first; among equals the latest, since what comes last is
                // what the room has not started on and can carry to the next session.
                guard let victim = candidates.min(by: { a, b in
                    items[a].priority != items[b].priority ? items[a].priority < items[b].priority : a > b
                }) else { break }
                active.removeAll { $0 == victim }
                dropped.append(victim)
            }
        }
        let resolved = resolve(active.map { items[$0] }, into: target)
        var lengths = Array(repeating: 0, count: items.count)
        for (position, index) in active.enumerated() { lengths[index] = resolved[position] }
        let fitted = lengths.reduce(0, +)
        return Result(lengths: lengths, dropped: dropped.sorted(), gap: target - fitted, changed: lengths != planned)
    }

    /// Flexible lengths, frozen one bound at a time, rounded to whole seconds.
    static func resolve(_ items: [Item], into target: Int) -> [Int] {
        guard !items.isEmpty else { return [] }
        let total = items.reduce(0) { $0 + $1.planned }
        let growing = target > total
        var sizes = items.map { Double($0.planned) }
        var frozen = items.map(\.locked)
        while frozen.contains(false) {
            let open = items.indices.filter { !frozen[$0] }
            let fixed = items.indices.filter { frozen[$0] }.reduce(0.0) { $0 + sizes[$1] }
            let remaining = Double(target) - fixed - open.reduce(0.0) { $0 + Double(items[$1].planned) }
            var weights = open.map { i -> Double in
                let item = items[i]
                guard item.priority > 0 else { return 0 }
                return Double(item.planned) * (growing ? item.priority : 1 / item.priority)
            }
            // Nothing to weigh by (zero lengths, zero priorities): equal shares.
            if weights.reduce(0, +) <= 0 { weights = open.map { _ in 1 } }
            let sum = weights.reduce(0, +)
            var violation = 0.0
            var clamped: [Int: Double] = [:]
            for (position, i) in open.enumerated() {
                let tentative = Double(items[i].planned) + remaining * weights[position] / sum
                let bounded = Swift.min(Swift.max(tentative, Double(items[i].min)), Double(items[i].max))
                sizes[i] = tentative
                clamped[i] = bounded
                violation += bounded - tentative
            }
            if abs(violation) < 1e-9 {
                for i in open { sizes[i] = clamped[i]! }
                break
            }
            // Positive: minimums were violated, so those items freeze; negative: maximums.
            for i in open {
                let bounded = clamped[i]!
                if violation > 0 ? bounded > sizes[i] : bounded < sizes[i] {
                    sizes[i] = bounded
                    frozen[i] = true
                }
            }
        }
        return rounded(sizes, items: items)
    }

    /// Whole seconds adding up to the rounded total, within each item's bounds: the
    /// seconds lost to rounding down go to the largest fractions, the earliest first.
    static func rounded(_ sizes: [Double], items: [Item]) -> [Int] {
        var result = sizes.enumerated().map { i, size in
            Swift.min(Swift.max(Int(size.rounded(.down)), items[i].floor), items[i].ceiling)
        }
        var missing = Int(sizes.reduce(0, +).rounded()) - result.reduce(0, +)
        let order = sizes.indices.sorted { a, b in
            let (fa, fb) = (sizes[a] - sizes[a].rounded(.down), sizes[b] - sizes[b].rounded(.down))
            return fa != fb ? fa > fb : a < b
        }
        // Every pass moves at least one second or stops: no endless loop at the bounds.
        var moved = true
        while missing != 0 && moved {
            moved = false
            for i in order where missing != 0 {
                let step = missing > 0 ? 1 : -1
                guard step > 0 ? result[i] < items[i].ceiling : result[i] > items[i].floor else { continue }
                result[i] += step
                missing -= step
                moved = true
            }
        }
        return result
    }
}
