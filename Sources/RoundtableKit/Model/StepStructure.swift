/// How a step is shaped beyond its timer: the phases inside each turn or round.
///
/// Kept apart from ``Step``'s timing keys (`duration`, `rounds`, `each`) so that the
/// structures grow in one place.
public struct StepStructure: Sendable, Hashable {
    /// Timed parts of every turn (with `each: participant`) or round, in order; empty
    /// for a step that is one stretch of time. The step's `duration` is their sum.
    public var phases: [StepPhase] = []

    public init(phases: [StepPhase] = []) {
        self.phases = phases
    }
}
