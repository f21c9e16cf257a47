extension RunResult {
    /// How long each person spoke in the whole session (turns, and `/speaker`).
    public var airtime: [String: Duration] {
        timings.reduce(into: [:]) { total, timing in
            for (name, time) in timing.airtime { total[name, default: .zero] += time }
        }
    }

    /// The steps a confirmed fit dropped, to carry to the next session.
    public var dropped: [PlannedStep] {
        zip(plan.steps, timings).filter { $0.1.dropped }.map(\.0)
    }
}
