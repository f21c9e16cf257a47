/// One timed part of a turn or round: "the client explains, 2 minutes".
///
/// A step with `phases:` splits every segment (each turn with `each: participant`, else
/// each round) into these parts, in order; the segment lasts their sum. The header shows
/// the current phase and its countdown, and a bell marks the change to the next one.
///
/// ```swift
/// if let phase = step.step.phases.first { step.announce("First: \(phase.name)") }
/// ```
public struct StepPhase: Sendable, Hashable, Codable {
    /// What the room calls this part, e.g. "Client explains".
    public var name: String
    public var duration: Duration
    /// The question or task of this part; `{{speaker}}` and roles are filled per turn.
    public var prompt: String?
    /// Who is on during this part, e.g. "{{speaker}} listens, back turned".
    public var focus: String?

    public init(name: String, duration: Duration, prompt: String? = nil, focus: String? = nil) {
        self.name = name
        self.duration = duration
        self.prompt = prompt
        self.focus = focus
    }
}

extension Array where Element == StepPhase {
    /// The end of each phase, from the start of its segment.
    public var ends: [Duration] {
        var total = Duration.zero
        return map { phase in
            total += phase.duration
            return total
        }
    }
}
