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

    /// The kind of carried item a dropped step becomes in the team's ledger.
    public static let droppedStepKind = "dropped step"

    /// The dropped steps as items the team carries to its next session (`history` lists them).
    public func droppedItems(session: String) -> [CarriedItem] {
        dropped.map { step in
            let exercise = step.exerciseIndex.map { plan.exercises[$0].title + ": " } ?? ""
            return CarriedItem(id: "\(session)#dropped-\(step.index)", kind: Self.droppedStepKind, text: exercise + step.title,
                               session: session)
        }
    }
}
