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

/// What the clock does during a step.
public struct TimerPolicy: Sendable, Hashable, Codable {
    /// What happens when a step's time is up.
    public enum OnZero: String, Sendable, Hashable, Codable, CaseIterable {
        /// Bell and banner; the clock counts overtime until the facilitator moves on.
        case bell
        /// The handler finishes with what it has and the next step starts.
        case advance
        /// No end: the clock counts up from zero (open-ended steps).
        case countUp = "count-up"
    }

    /// Remaining times at which to warn; nil means the default.
    public var warnAt: [Duration]?
    public var onZero: OnZero

    public init(warnAt: [Duration]? = nil, onZero: OnZero = .bell) {
        self.warnAt = warnAt
        self.onZero = onZero
    }

    /// The warnings for a timer of `length`: 1 minute before the end for timers of
    /// 3 minutes or more, and 10 seconds before the end; only those inside the timer.
    public func warnings(for length: Duration) -> [Duration] {
        let chosen = warnAt ?? (length >= .seconds(180) ? [.seconds(60), .seconds(10)] : [.seconds(10)])
        return Array(Set(chosen.filter { $0 > .zero && $0 < length })).sorted(by: >)
    }
}
