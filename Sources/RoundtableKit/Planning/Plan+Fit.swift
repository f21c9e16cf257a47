extension TimeFit {
    /// `total` seconds shared among parts in proportion to their `planned` seconds, in
    /// whole seconds that add up to `total` (equal parts when nothing is planned).
    public static func share(_ total: Int, among planned: [Int]) -> [Int] {
        guard !planned.isEmpty else { return [] }
        let sum = planned.reduce(0, +)
        let sizes = planned.map { sum > 0 ? Double(total) * Double($0) / Double(sum) : Double(total) / Double(planned.count) }
        return rounded(sizes, items: sizes.map { _ in Item(planned: 0, min: 0, max: total + 1) })
    }
}

/// A plan fitted to a length before it runs (`roundtable show --fit 55m`).
public struct FittedPlan: Sendable {
    /// The plan with fitted lengths and start times; dropped steps take no time.
    public var plan: Plan
    /// Each step's length as first planned.
    public var planned: [Duration]
    /// Steps to drop (and carry to the next session) because even the minimums do not fit.
    public var dropped: Set<Int>
    /// The length asked for.
    public var target: Duration
    /// Seconds left over (maximums bind) or over (minimums and locked steps bind).
    public var gap: Int
}

extension Plan {
    /// This plan fitted into `target`, within every step's bounds.
    ///
    /// - Parameter target: How long the whole session may take.
    /// - Returns: The fitted plan, with what it drops.
    public func fitted(into target: Duration) -> FittedPlan {
        let items = steps.map { $0.fitItem(length: $0.duration) }
        let result = TimeFit.fit(items, into: Int(target.components.seconds))
        var plan = self
        plan.timebox = target
        // Later fits keep to the author's bounds, not to ones derived from fitted lengths.
        for index in plan.steps.indices {
            let item = items[index]
            plan.steps[index].fit.min = .seconds(item.min)
            plan.steps[index].fit.max = .seconds(item.max)
        }
        plan.writtenLengths = writtenLengths ?? steps.map(\.duration)
        var clock = Duration.zero
        for index in plan.steps.indices {
            let length = result.lengths[index]
            let shares = TimeFit.share(length, among: plan.steps[index].segments.map { Int($0.duration.components.seconds) })
            for segment in plan.steps[index].segments.indices {
                plan.steps[index].segments[segment].start = clock
                plan.steps[index].segments[segment].duration = .seconds(shares[segment])
                clock += .seconds(shares[segment])
            }
        }
        return FittedPlan(plan: plan, planned: plan.writtenLengths!, dropped: Set(result.dropped), target: target, gap: result.gap)
    }
}
