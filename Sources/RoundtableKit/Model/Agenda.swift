/// A timed workshop: exercises and breaks in order, optionally with its own people.
public struct Agenda: Sendable {
    public enum Item: Sendable {
        case exercise(ExerciseRef)
        case pause(Break)
    }

    /// An agenda line naming an exercise by id or path, with parameter values.
    public struct ExerciseRef: Sendable {
        public var reference: String
        public var with: [String: String]
        public var location: SourceLocation
        /// The exercise it names, once resolved.
        public var exercise: Exercise?
        /// Bounds for the whole exercise when the session is fitted to its timebox.
        public var fit = FitBounds()
        /// Results of earlier items handed to steps of this one (`inputs:`).
        public var inputs: [AgendaInput] = []
    }

    public struct Break: Sendable {
        public var duration: Duration
        public var title: String
        public var location: SourceLocation
        /// Bounds for the break when the session is fitted to its timebox.
        public var fit = FitBounds()
    }

    public var title: String
    public var summary: String?
    public var timebox: Duration?
    /// Where `timebox:` is written, for the warning when the plan runs over it.
    public var timeboxLocation: SourceLocation?
    public var participants: [Participant]?
    public var items: [Item]
    public var location: SourceLocation
    /// `fit:` and `breaks:` — how the session keeps to its timebox.
    public var fitting = AgendaFitting()

    /// Planned length for `participants` people.
    public func duration(participants count: Int) -> Duration {
        items.reduce(.zero) { total, item in
            switch item {
            case .exercise(let ref): return total + (ref.exercise?.duration(participants: count) ?? .zero)
            case .pause(let pause): return total + pause.duration
            }
        }
    }
}

/// What a file holds: an exercise or an agenda.
public enum Document: Sendable {
    case exercise(Exercise)
    case agenda(Agenda)

    public var title: String {
        switch self {
        case .exercise(let exercise): return exercise.title
        case .agenda(let agenda): return agenda.title
        }
    }

    public var location: SourceLocation {
        switch self {
        case .exercise(let exercise): return exercise.location
        case .agenda(let agenda): return agenda.location
        }
    }
}

/// `inputs: { vote: round-robin-brainstorm.ideas }` on an agenda item: the item's step
/// `vote` takes the artifacts of step `ideas` of an earlier item's exercise, instead of
/// its own `input:`.
public struct AgendaInput: Sendable {
    /// The id of a step of the item's exercise.
    public var step: String
    /// Where the step's id is written (the key).
    public var location: SourceLocation
    /// The earlier results it takes, in the order written.
    public var sources: [AgendaInputSource]

    public init(step: String, location: SourceLocation, sources: [AgendaInputSource]) {
        self.step = step
        self.location = location
        self.sources = sources
    }
}

/// `<exercise>.<step>`: a step of an earlier agenda item, named by its exercise's id.
///
/// When the same exercise is on the agenda twice, the latest one before the item counts.
public struct AgendaInputSource: Sendable, Hashable {
    public var exercise: String
    public var step: String
    public var location: SourceLocation

    public init(exercise: String, step: String, location: SourceLocation) {
        self.exercise = exercise
        self.step = step
        self.location = location
    }

    /// How it is written: `round-robin-brainstorm.ideas`.
    public var text: String { "\(exercise).\(step)" }
}
