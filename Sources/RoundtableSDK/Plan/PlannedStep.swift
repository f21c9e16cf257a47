/// A step (or a break) with its start, its timers and who holds which role.
///
/// A handler sees its step as ``StepContext/step``: the text the room sees (`title`,
/// `instructions`, `prompt`, already shown by the runner when the step starts), the
/// `config:` as written, and the ``segments`` it will walk through.
public struct PlannedStep: Sendable {
    /// Position in ``Plan/steps``.
    public var index: Int
    /// Position in ``Plan/exercises``; nil for a break.
    public var exerciseIndex: Int?
    /// 1-based position in its exercise, and the exercise's step count.
    public var number: Int
    /// How many steps its exercise has.
    public var count: Int
    /// The step's `id:`; artifacts carry it as ``Artifact/stepID``.
    public var id: String
    /// The title, with params filled.
    public var title: String
    /// The handler's name; nil for a break.
    public var handler: String?
    /// The step's `instructions:`, with params filled (role placeholders stay; see ``StepContext/fill(_:)``).
    public var instructions: String?
    /// The question the room works on (`prompt:`), with params filled.
    public var prompt: String?
    /// Positions in ``Plan/steps`` of the steps whose artifacts this one takes, in the
    /// order written (`input: [a, b]`, or an agenda item's `inputs:`); the handler's
    /// ``StepContext/input`` holds their artifacts one step after another.
    public var inputIndices: [Int] = []
    /// The first of ``inputIndices``; setting it makes it the only one.
    public var inputIndex: Int? {
        get { inputIndices.first }
        set { inputIndices = newValue.map { [$0] } ?? [] }
    }
    /// Warnings and what happens at zero.
    public var timer: TimerPolicy
    /// Whether the step has `each: participant` (one segment per speaker).
    public var eachParticipant: Bool
    /// The handler's `config:` as written, with params filled; handlers read it through ``HandlerConfig``.
    public var config: SourceNode?
    /// Where the step is written; nil for a break.
    public var location: SourceLocation?
    /// Turns and rounds, each with its own timer.
    public var segments: [Segment]
    /// Timed parts of every segment, in order (`phases:`); empty when a segment is one stretch.
    public var phases: [StepPhase] = []
    /// The earlier result this step runs over, one item per round (`for_each:`); nil otherwise.
    public var itemLoop: ItemLoop?
    /// The earlier result that picks who has a turn (`only:`); nil when everyone does.
    public var turnFilter: TurnFilter?
    /// The earlier step whose groups this step's groups join whole, and how many make one
    /// (`groups: { from: pairs, join: 2 }`); nil otherwise.
    public var groupJoin: (from: String, count: Int)?
    /// The repeated block and pass this step belongs to, if any.
    public var blockPass: BlockPass?
    /// How far the step may shrink or stretch when the session is fitted to its timebox.
    public var fit = FitBounds()
    /// A seed for the handler's own draws (who holds which card in a round, say): a pure
    /// function of the plan's seed, the exercise's place and the step's id, so a replay or
    /// a resume draws the same.
    public var seed: UInt64 = 0
    /// The thumbs vote at the end of every round's timebox (`extend_vote:`); nil without one.
    public var thumbsVote: ThumbsVote?

    package init(index: Int, exerciseIndex: Int? = nil, number: Int, count: Int, id: String, title: String, handler: String? = nil, instructions: String? = nil, prompt: String? = nil, inputIndex: Int? = nil, timer: TimerPolicy, eachParticipant: Bool, config: SourceNode? = nil, location: SourceLocation? = nil, segments: [Segment]) {
        self.index = index
        self.exerciseIndex = exerciseIndex
        self.number = number
        self.count = count
        self.id = id
        self.title = title
        self.handler = handler
        self.instructions = instructions
        self.prompt = prompt
        self.inputIndices = inputIndex.map { [$0] } ?? []
        self.timer = timer
        self.eachParticipant = eachParticipant
        self.config = config
        self.location = location
        self.segments = segments
    }

    /// Whether this is an agenda's break rather than a step of an exercise.
    public var isBreak: Bool { handler == nil }
    /// Planned start, from the session's start.
    public var start: Duration { segments.first?.start ?? .zero }
    /// Planned length: every segment's timer added up.
    public var duration: Duration { segments.reduce(.zero) { $0 + $1.duration } }
    /// Planned end, from the session's start.
    public var end: Duration { start + duration }
}
