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
    /// Artifacts of earlier runs of steps that the room went back to and ran again; they
    /// no longer count, and the report lists them apart.
    public var superseded: [[Artifact]]
    /// The last view each step published (nil for a step that published none).
    public var views: [StepView?]
    /// Each time the session stood still (a crash, `/quit`, a closed laptop) before it was
    /// resumed, with its wall-clock length.
    public var interruptions: [Interruption] = []

    public init(
        plan: Plan, artifacts: [[Artifact]], timings: [RunnerMachine.StepTiming], completed: Bool, elapsed: Duration,
        superseded: [[Artifact]]? = nil, views: [StepView?]? = nil
    ) {
        self.plan = plan
        self.artifacts = artifacts
        self.timings = timings
        self.completed = completed
        self.elapsed = elapsed
        self.superseded = superseded ?? Array(repeating: [], count: artifacts.count)
        self.views = views ?? Array(repeating: nil, count: artifacts.count)
    }

    public var allArtifacts: [Artifact] { artifacts.flatMap { $0 } }
}

/// A stretch of wall-clock time a session stood still before it was resumed.
public struct Interruption: Sendable, Hashable {
    /// The session time at which it was resumed.
    public var at: Duration
    /// How long it stood still, by the wall clock.
    public var length: Duration

    public init(at: Duration, length: Duration) {
        self.at = at
        self.length = length
    }
}
