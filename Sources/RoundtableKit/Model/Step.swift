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
    /// Ids of the earlier steps whose artifacts this step takes, in the order written
    /// (`input: a` or `input: [a, b]`).
    public var inputs: [String] = []
    /// The first of ``inputs``; setting it makes it the only one.
    public var input: String? {
        get { inputs.first }
        set { inputs = newValue.map { [$0] } ?? [] }
    }
    /// Earlier results of other exercises of the agenda that this step takes instead of
    /// ``inputs``, as `<exercise>.<step>`: set by an agenda item's `inputs:`.
    public var agendaInputs: [AgendaInputSource] = []
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
        self.inputs = input.map { [$0] } ?? []
        self.timer = timer
        self.config = config
        self.location = location
    }

    /// The step's whole length for a group of `participants`.
    public func totalDuration(participants: Int) -> Duration {
        duration * (rounds * (eachParticipant ? max(participants, 1) : 1))
    }
}

