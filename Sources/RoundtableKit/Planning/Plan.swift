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
    /// The exercise's `id:`.
    public var id: String
    /// The exercise's title, as the room sees it.
    public var title: String
    /// The file it was loaded from.
    public var file: String
    /// Credit for the method (`source:`).
    public var source: String?
    /// The roles it declares, in order.
    public var roles: [RoleSpec]
    /// Its steps' positions in ``Plan/steps``.
    public var stepRange: Range<Int>
}

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
    /// Position in ``Plan/steps`` of the step whose artifacts this one takes.
    public var inputIndex: Int?
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

    /// Whether this is an agenda's break rather than a step of an exercise.
    public var isBreak: Bool { handler == nil }
    /// Planned start, from the session's start.
    public var start: Duration { segments.first?.start ?? .zero }
    /// Planned length: every segment's timer added up.
    public var duration: Duration { segments.reduce(.zero) { $0 + $1.duration } }
    /// Planned end, from the session's start.
    public var end: Duration { start + duration }
}

/// One timer's worth of a step: a round, or one speaker's turn in a round.
///
/// A handler reads the current one as ``StepContext/segment`` and moves on with
/// ``StepContext/nextSegment()``. A step with `each: participant` has one segment per
/// speaker per round; otherwise one per round (`rounds:`, default 1).
///
/// ```swift
/// let who = step.segment.speaker ?? step.segment.holder(of: "scribe") ?? "the room"
/// step.announce("Round \(step.segment.round) of \(step.segment.rounds): \(who)")
/// ```
public struct Segment: Sendable, Hashable {
    /// The round, from 1.
    public var round: Int
    /// How many rounds the step has.
    public var rounds: Int
    /// The speaker of a per-participant turn.
    public var speaker: String?
    /// The turn within the round, from 1; nil without `each: participant`.
    public var turn: Int?
    /// How many turns the round has; nil without `each: participant`.
    public var turns: Int?
    /// Planned start, from the session's start.
    public var start: Duration
    /// The length of this segment's timer.
    public var duration: Duration
    /// Role holders in the exercise's role order.
    public var roles: [RoleHolder]
    /// Groups of names for steps with `groups:`.
    public var groups: [[String]]

    /// Holder of `role`, if the exercise has that role.
    ///
    /// - Parameter role: A role name as the exercise declares it, e.g. `scribe`.
    /// - Returns: The person holding it in this segment, or nil.
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

/// Who holds a role during a segment.
public struct RoleHolder: Sendable, Hashable {
    /// The role's name, as the exercise declares it.
    public var role: String
    /// The participant holding it.
    public var person: String

    /// A role and its holder.
    ///
    /// - Parameters:
    ///   - role: The role's name.
    ///   - person: The participant's name.
    public init(role: String, person: String) {
        self.role = role
        self.person = person
    }
}
