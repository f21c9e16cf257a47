extension StepContext {
    /// A contribution and the segment it was made in.
    public struct Line: Sendable, Hashable {
        /// The text as typed or sent, without the newline (not trimmed).
        public var text: String
        /// Index into ``PlannedStep/segments``.
        public var segment: Int
        /// The contribution behind it: its source and, from a device, its author.
        public var contribution: Contribution
        /// The facilitator's command, when the line is one the handler accepted (see ``StepCommand``).
        public var command: StepCommand?
        /// The session time it was typed or sent at, as journaled: the same when a session is resumed.
        public var time: Duration = .zero

        /// Who it is from, when the source says so (a device); nil for a keyboard line.
        public var author: String? { contribution.author }
    }

    /// The clock as the handler may read it.
    public struct TimerReading: Sendable {
        /// Time left on the current segment's timer (negative in overtime).
        public var remaining: Duration
        /// Session time at which the current segment's timer reaches zero.
        public var deadline: Duration?
        /// Whether the facilitator has paused the clock (`/pause`).
        public var isPaused: Bool

        package init(remaining: Duration, deadline: Duration?, isPaused: Bool) {
            self.remaining = remaining
            self.deadline = deadline
            self.isPaused = isPaused
        }
    }
}
