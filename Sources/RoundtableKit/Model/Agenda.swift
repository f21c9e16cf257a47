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
