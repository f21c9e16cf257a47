/// One timed step of an exercise, handed to the handler registered under `handler`.
public struct Step: Sendable {
    public var id: String
    public var title: String
    public var handler: String
    /// Time for one turn (with `each: participant`), else for one round.
    public var duration: Duration
    public var instructions: String?
    public var prompt: String?
    /// Each participant in turn gets `duration` (a per-speaker timer).
    public var eachParticipant: Bool
    /// Work in groups of this size (pairs = 2), re-mixed every round.
    public var groupSize: Int?
    /// A participant attribute (department, team …) that groups should mix.
    public var groupMix: String?
    public var rounds: Int
    /// Id of an earlier step whose artifacts this step takes.
    public var input: String?
    public var timer: TimerPolicy
    /// The handler's own settings, as written.
    public var config: SourceNode?
    public var location: SourceLocation
    /// Where `groups:` is written, for warnings about the room it forms.
    public var groupsLocation: SourceLocation?
    /// Phases and other structures of the step (see ``StepStructure``).
    public var structure = StepStructure()
    /// `min`, `max`, `priority` and `lock`: how the step may be fitted (per turn or round, like `duration`).
    public var fit = FitBounds()

    public init(
        id: String, title: String, handler: String, duration: Duration, instructions: String? = nil,
        prompt: String? = nil, eachParticipant: Bool = false, groupSize: Int? = nil, rounds: Int = 1,
        input: String? = nil, timer: TimerPolicy = TimerPolicy(), config: SourceNode? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.handler = handler
        self.duration = duration
        self.instructions = instructions
        self.prompt = prompt
        self.eachParticipant = eachParticipant
        self.groupSize = groupSize
        self.rounds = rounds
        self.input = input
        self.timer = timer
        self.config = config
        self.location = location
    }

    /// The step's whole length for a group of `participants`.
    public func totalDuration(participants: Int) -> Duration {
        duration * (rounds * (eachParticipant ? max(participants, 1) : 1))
    }
}

