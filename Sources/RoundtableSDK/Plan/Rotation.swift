/// When a role changes hands.
public enum Rotation: Sendable, Hashable, Codable {
    /// Always the named participant.
    case fixed(String)
    /// One holder for the whole exercise; the next exercise of an agenda passes it on.
    case perExercise
    /// A new holder at every step.
    case perStep
    /// A new holder at every round of a step with `rounds:` (and at every step).
    case perRound
    /// A seeded random holder at every step (free of other roles where possible).
    case random
    /// At every step, whoever has held the role least — in past sessions of the team (its
    /// role history) and in this one; ties go by the seeded order.
    case fair

    public static let names = ["per-exercise", "per-step", "per-round", "random", "fair"]

    public init?(name: String) {
        switch name {
        case "per-exercise": self = .perExercise
        case "per-step": self = .perStep
        case "per-round": self = .perRound
        case "random": self = .random
        case "fair": self = .fair
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .fixed(let who): return "fixed: \(who)"
        case .perExercise: return "per-exercise"
        case .perStep: return "per-step"
        case .perRound: return "per-round"
        case .random: return "random"
        case .fair: return "fair"
        }
    }
}
