/// What a session produced: the plan, what happened when, and every artifact.
public struct RunResult: Sendable {
    public var plan: Plan
    /// Artifacts of each step, in ``Plan/steps`` order.
    public var artifacts: [[Artifact]]
    public var timings: [RunnerMachine.StepTiming]
    /// False when the session was quit before its end.
    public var completed: Bool
    /// Session time when it ended.
    public var elapsed: Duration

    public var allArtifacts: [Artifact] { artifacts.flatMap { $0 } }
}
