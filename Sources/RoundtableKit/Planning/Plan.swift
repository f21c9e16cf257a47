/// The whole schedule of a session, computed before anything runs.
///
/// A plan is a pure function of the document, the participants, the seed and (for
/// `fair` rotation) the role history: `roundtable show` prints it and the runner
/// walks it. Times are offsets from the session's start.
public struct Plan: Sendable {
    public var title: String
    public var timebox: Duration?
    public var participants: [Participant]
    public var seed: UInt64
    public var exercises: [PlannedExercise]
    /// Every step of every exercise, and the breaks, in order.
    public var steps: [PlannedStep]

    public var duration: Duration { steps.reduce(.zero) { $0 + $1.duration } }

    public var names: [String] { participants.map(\.name) }

    /// Planned start of segment `segment` of step `step`.
    public func start(step: Int, segment: Int) -> Duration {
        steps[step].segments[segment].start
    }
}

/// An exercise as placed in a plan.
public struct PlannedExercise: Sendable {
    public var id: String
    public var title: String
    public var file: String
    public var source: String?
    public var roles: [RoleSpec]
    public var stepRange: Range<Int>
}

/// A step (or a break) with its start, its timers and who holds which role.
public struct PlannedStep: Sendable {
    /// Position in ``Plan/steps``.
    public var index: Int
    /// Position in ``Plan/exercises``; nil for a break.
    public var exerciseIndex: Int?
    /// 1-based position in its exercise, and the exercise's step count.
    public var number: Int
    public var count: Int
    public var id: String
    public var title: String
    /// The handler's name; nil for a break.
    public var handler: String?
    public var instructions: String?
    public var prompt: String?
    /// Position in ``Plan/steps`` of the step whose artifacts this one takes.
    public var inputIndex: Int?
    public var timer: TimerPolicy
    public var eachParticipant: Bool
    public var config: SourceNode?
    public var location: SourceLocation?
    /// Turns and rounds, each with its own timer.
    public var segments: [Segment]

    public var isBreak: Bool { handler == nil }
    public var start: Duration { segments.first?.start ?? .zero }
    public var duration: Duration { segments.reduce(.zero) { $0 + $1.duration } }
    public var end: Duration { start + duration }
}

/// One timer's worth of a step: a round, or one speaker's turn in a round.
public struct Segment: Sendable, Hashable {
    public var round: Int
    public var rounds: Int
    /// The speaker of a per-participant turn.
    public var speaker: String?
    public var turn: Int?
    public var turns: Int?
    public var start: Duration
    public var duration: Duration
    /// Role holders in the exercise's role order.
    public var roles: [RoleHolder]
    /// Groups of names for steps with `groups:`.
    public var groups: [[String]]

    /// Holder of `role`, if the exercise has that role.
    public func holder(of role: String) -> String? { roles.first { $0.role == role }?.person }

    /// Values for `{{placeholders}}` in this segment.
    public var placeholderValues: [String: String] {
        var values: [String: String] = ["round": String(round), "rounds": String(rounds)]
        for holder in roles { values[holder.role] = holder.person }
        if let speaker {
            values["speaker"] = speaker
            values["participant"] = speaker
        }
        return values
    }
}

public struct RoleHolder: Sendable, Hashable {
    public var role: String
    public var person: String

    public init(role: String, person: String) {
        self.role = role
        self.person = person
    }
}
