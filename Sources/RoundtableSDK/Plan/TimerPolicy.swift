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
