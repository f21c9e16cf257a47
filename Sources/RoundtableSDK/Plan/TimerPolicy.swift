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
    /// What happens when the step's time is up (at the end of its last turn or round).
    public var onZero: OnZero
    /// What happens when one speaker's turn is up while turns remain: by default the bell
    /// rings and the next speaker starts, so a round of six needs no key presses; `bell`
    /// waits for `/next` at every turn.
    public var turns: OnZero

    public init(warnAt: [Duration]? = nil, onZero: OnZero = .bell, turns: OnZero = .advance) {
        self.warnAt = warnAt
        self.onZero = onZero
        self.turns = turns
    }

    enum CodingKeys: String, CodingKey { case warnAt, onZero, turns }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        warnAt = try container.decodeIfPresent([Duration].self, forKey: .warnAt)
        onZero = try container.decode(OnZero.self, forKey: .onZero)
        turns = try container.decodeIfPresent(OnZero.self, forKey: .turns) ?? .advance
    }

    /// The warnings for a timer of `length`: 1 minute before the end for timers of
    /// 3 minutes or more, and 10 seconds before the end; only those inside the timer.
    public func warnings(for length: Duration) -> [Duration] {
        let chosen = warnAt ?? (length >= .seconds(180) ? [.seconds(60), .seconds(10)] : [.seconds(10)])
        return Array(Set(chosen.filter { $0 > .zero && $0 < length })).sorted(by: >)
    }
}
