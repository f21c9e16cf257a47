/// What the runner tells the screen. A display turns these into pixels or plain lines.
///
/// Text in events may come from exercise files or typed input; displays must neutralize
/// it before writing (``Swift/String/neutralized(keepingNewlines:)``).
public enum DisplayEvent: Sendable {
    case sessionStarted(Plan)
    case stepStarted(PlannedStep, exercise: PlannedExercise?)
    case segmentStarted(PlannedStep, Segment, instructions: String?)
    /// The next phase of a turn or round began (a bell); `phase` indexes ``PlannedStep/phases``.
    /// Its prompt and focus are filled for the segment.
    case phaseStarted(PlannedStep, Segment, phase: Int, prompt: String?, focus: String?)
    /// A handler's message to the room.
    case say(String)
    /// A handler waits for a line.
    case prompt(String, hidden: Bool)
    /// A typed line a handler took.
    case typed(String, hidden: Bool)
    case artifact(Artifact)
    /// What the room should see of the current step now (a handler published a new view).
    case view(StepView)
    /// The timer reached a warning point.
    case warning(remaining: Duration)
    /// The timer reached zero; `advancing` when the step moves on by itself.
    case timeUp(advancing: Bool)
    case paused
    case resumed
    case extended(by: Duration)
    /// A message from the runner itself (unknown command, step skipped …).
    case notice(String)
    case help([String])
    /// Lines the room should keep in sight, above the step, until replaced (how to join the
    /// session from a phone, with its QR code); no lines take the panel away. Plain text:
    /// displays draw it as they can.
    case panel([String])
    /// Clear the working area (secret ballots).
    case clear
    case stepFinished(PlannedStep, actual: Duration, skipped: Bool)
    case sessionFinished(RunResult)
}

/// The header's picture of the moment: what runs, how much time is left, who holds what.
public struct RunStatus: Sendable {
    public var title: String
    public var exercise: PlannedExercise?
    public var exerciseNumber: Int?
    public var exerciseCount: Int
    public var step: PlannedStep
    public var segment: Segment
    /// Time left (negative in overtime); for count-up steps, time elapsed.
    public var remaining: Duration
    public var length: Duration
    public var onZero: TimerPolicy.OnZero
    public var isPaused: Bool
    /// Positive: behind the plan; negative: ahead.
    public var slip: Duration
    public var timebox: Duration?
    public var elapsed: Duration
    /// The current phase of a step with `phases:`; ``remaining`` and ``length`` are then the phase's.
    public var phase: PhaseStatus?

    /// Where a turn or round with phases is.
    public struct PhaseStatus: Sendable {
        /// From 1.
        public var number: Int
        public var count: Int
        public var phase: StepPhase
        /// Time left in the whole turn or round.
        public var segmentRemaining: Duration
        public var segmentLength: Duration
    }
    /// Once the rest was fitted to the timebox: where the fitted plan ends (session time).
    public var projectedEnd: Duration?
}

/// Where the runner sends what the room should see.
public protocol RunDisplay: Sendable {
    func show(_ event: DisplayEvent)
    /// Called whenever the header changes, and every second while a timer runs if
    /// ``wantsTicks`` is true.
    func refresh(_ status: RunStatus)
    /// True for live displays that redraw a countdown every second.
    var wantsTicks: Bool { get }
}

/// Where typed lines come from: a terminal, a file, a test script.
public protocol RunInput: Sendable {
    /// Each line as typed (without its newline); the stream ends when input ends.
    func lines() -> AsyncStream<String>

    /// Every line, when all of them are known before the session starts (a script).
    ///
    /// A script is typed at once, at the moment the session starts (or resumes), before
    /// any time passes; then the input ends and the timers run. So a script gives the same
    /// session every time, however fast the clock runs. Nil (the default) for input that
    /// arrives as it is typed.
    var script: [String]? { get }
}

extension RunInput {
    public var script: [String]? { nil }
}

/// Lines given up front, typed at once when the session starts; the input then ends.
public struct ScriptedInput: RunInput {
    /// The lines, in the order they are typed.
    public var entries: [String]

    public init(_ lines: [String]) { entries = lines }

    public init(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        entries = lines
    }

    public func lines() -> AsyncStream<String> {
        AsyncStream { continuation in
            for line in entries { continuation.yield(line) }
            continuation.finish()
        }
    }

    public var script: [String]? { entries }
}
