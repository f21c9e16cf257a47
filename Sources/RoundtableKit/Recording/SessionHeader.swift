import Foundation

/// How a session was set up: enough to plan it again, and to notice if its files changed.
public struct SessionHeader: Sendable, Hashable, Codable {
    public var version = 1
    public var id: String
    public var title: String
    /// What was given to `run`: an id or a path.
    public var name: String
    /// Absolute path of the exercise or agenda file.
    public var document: String
    /// Absolute library folders used to resolve ids.
    public var library: [String]
    public var participants: [Participant]
    public var seed: UInt64
    public var params: [String: String]
    public var speed: Double
    /// Started, as an ISO 8601 date.
    public var started: String
    /// A digest of the plan; a resume refuses a plan that no longer matches.
    public var fingerprint: String
    /// The team's role history the plan was made with (`fair` rotation), kept so that a
    /// resume makes the same plan.
    public var history: RoleHistory?
    /// What the team carried into the session (open commitments …) when it started.
    public var carried: [CarriedItem]?
    /// Where the team's history lives, if a team file was used.
    public var team: String?
    /// True for a rehearsal (run with `--speed` other than 1 or with `--input`, and without
    /// `--record`): the team's history, `fair` rotation and commitments leave it out.
    /// Journals written before rehearsals were marked have no value: real sessions.
    public var rehearsal: Bool?

    public var isRehearsal: Bool { rehearsal ?? false }

    /// The clock speeds a session may run at: a tenth of real time up to 10,000 times faster.
    /// Beyond them the runner's time arithmetic would overflow.
    public static let speeds: ClosedRange<Double> = 0.1...10_000

    public init(
        id: String, title: String, name: String, document: String, library: [String], participants: [Participant],
        seed: UInt64, params: [String: String], speed: Double, started: String, fingerprint: String, team: String? = nil,
        rehearsal: Bool = false
    ) {
        self.id = id
        self.title = title
        self.name = name
        self.document = document
        self.library = library
        self.participants = participants
        self.seed = seed
        self.params = params
        self.speed = speed
        self.started = started
        self.fingerprint = fingerprint
        self.team = team
        self.rehearsal = rehearsal
    }

    /// What makes a header read from disk unusable, if anything: values that would trap
    /// or exhaust the runner are refused where they are read.
    var problem: String? {
        guard speed.isFinite, Self.speeds.contains(speed) else {
            return "its speed (\(speed)) is outside \(Self.speeds.lowerBound)…\(Int(Self.speeds.upperBound))"
        }
        guard participants.count <= Participant.limit else {
            return "it lists \(participants.count) participants (at most \(Participant.limit))"
        }
        guard version == 1 else { return "it has format version \(version), which this roundtable does not know" }
        if let problem = history?.problem { return problem }
        return nil
    }
}
