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
    /// Each step's handler, configured once with the step's params filled (nil for a break).
    public var handlers: [(any ExerciseHandler)?]
    /// What the plan does that the room may not expect: groups smaller than asked for, a
    /// timebox overrun. Located in the exercise or agenda file.
    public var warnings: [Diagnostic] = []
    /// How the session keeps to its timebox (an agenda's `fit:` and `breaks:`).
    public var fitting = AgendaFitting()
    /// Each step's length as written, when the plan was fitted before it started (`fit: auto`).
    public var writtenLengths: [Duration]?
    /// The whole length as written, when the plan was fitted before it started.
    public var writtenDuration: Duration? { writtenLengths?.reduce(.zero, +) }

    public var duration: Duration { steps.reduce(.zero) { $0 + $1.duration } }

    public var names: [String] { participants.map(\.name) }

    /// Planned start of segment `segment` of step `step`.
    public func start(step: Int, segment: Int) -> Duration {
        steps[step].segments[segment].start
    }
}

