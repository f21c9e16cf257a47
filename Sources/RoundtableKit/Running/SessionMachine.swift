/// Every decision of a running session, apart from its effects.
///
/// It takes events with the session time at which they happen and answers with actions
/// for a driver to carry out. The clock's decisions (deadlines, warnings, pauses, which
/// segment runs) come from the ``RunnerMachine`` inside it; on top of them this machine
/// decides what happens to each contribution and when the step's handler runs:
///
/// - A handler is *busy* from its start until it says it waits (for input, or for the next
///   segment) or returns. While it is busy, every other event is queued and handled in
///   order once it waits again, so what a handler sees never depends on scheduling.
/// - A contribution goes to the handler when it waits for input in the room's current
///   segment; otherwise (it waits for the next segment, it has returned, a break runs)
///   the contribution is kept as a note of the step, so nothing typed or sent is lost.
/// - When the room moves to another segment, a handler waiting for input is told its
///   segment is over; a handler waiting for the next segment is moved there, one segment
///   at a time, so it visits every segment in order.
///
/// It never reads a clock and never sleeps: tests feed events and compare actions.
public struct SessionMachine: Sendable {
    public enum Event: Sendable, Hashable {
        case start
        /// The alarm set by the last ``RunnerMachine/Action/setAlarm(_:)`` went off.
        case alarm
        case command(RunnerMachine.Command)
        /// `/undo` or `/end`: for the handler, if it takes them now.
        case stepCommand(StepCommand)
        case contribution(Contribution)
        /// No more keyboard input will come: timers now move the session on by themselves.
        case inputClosed
        /// The handler of step visit `visit` waits for the next contribution of its `epoch`-th
        /// segment, or for one of the `accepting` commands.
        case handlerWaitsForInput(visit: Int, epoch: Int, accepting: Set<StepCommand> = [])
        /// The handler of step visit `visit` ends its `epoch`-th segment itself (a speaker passed).
        case handlerFinishesSegment(visit: Int, epoch: Int)
        /// The handler of step visit `visit` waits for the segment after its `epoch`-th one.
        case handlerWaitsForSegment(visit: Int, after: Int)
        /// The handler of step visit `visit` returned by itself.
        case handlerReturned(visit: Int)
        /// The driver finished closing the step it was told to end.
        case stepClosed
        /// The items of a `for_each:` step are known (see ``RunnerMachine/Event/itemsKnown(step:count:)``).
        case itemsKnown(step: Int, count: Int)
        /// Who speaks in a step with `only:` (see ``RunnerMachine/Event/speakersKnown(step:speakers:)``).
        case speakersKnown(step: Int, speakers: [String])
    }

    public enum Action: Sendable, Hashable {
        /// A decision of the clock (begin a step or segment, warn, end a step, set the alarm …).
        case clock(RunnerMachine.Action)
        /// Start the handler of the step that just began; `visit` numbers the step's visits
        /// (a `/back` runs a step again) so that late signals of an old run are ignored.
        case startHandler(step: Int, visit: Int)
        /// Hand the contribution to the waiting handler.
        case deliver(Contribution)
        /// Hand the waiting handler a command it takes over.
        case deliverCommand(StepCommand)
        /// Tell the handler, waiting for input, that its segment is over.
        case endHandlerSegment
        /// Move the handler, waiting for the next segment, to this segment.
        case moveHandler(toSegment: Int)
        /// Nobody reads this contribution now: keep it as a note of step `step`.
        case keep(Contribution, step: Int)
    }

    /// Where the step's handler is.
    public enum HandlerState: Sendable, Hashable {
        /// No handler runs (a break, or before the first step).
        case none
        /// Running: events wait until it waits or returns.
        case busy
        case waitingForInput(epoch: Int, accepting: Set<StepCommand> = [])
        case waitingForSegment(after: Int)
        case returned
    }

    public private(set) var clock: RunnerMachine

    /// Counts a stretch the session stood still (in session time) into the plan's clock.
    public mutating func stoodStill(for length: Duration) { clock.downtime += length }
    public private(set) var handler: HandlerState = .none
    /// Step visits so far; the current one's number.
    public private(set) var visit = 0
    /// The segments begun in the current step visit, in order (`/back` repeats one).
    public private(set) var epochs: [Int] = []
    /// Events that came while the handler was busy, with their times.
    public private(set) var pending: [(event: Event, time: Duration)] = []
    /// The session time of the last contribution or command handed to the handler (its own
    /// time, even when it waited in ``pending``).
    public private(set) var deliveredAt: Duration = .zero

    public init(plan: Plan) {
        clock = RunnerMachine(plan: plan)
    }

    public var plan: Plan { clock.plan }
    public var isFinished: Bool { clock.isFinished }
    /// Whether events wait for the handler: the driver lets it run before feeding more.
    public var isHandlerBusy: Bool { handler == .busy }

    public mutating func handle(_ event: Event, at now: Duration) -> [Action] {
        switch event {
        case .handlerWaitsForInput(let visit, let epoch, let accepting):
            guard visit == self.visit, handler == .busy else { return [] }
            if epoch < epochs.count - 1 { return [.endHandlerSegment] }
            handler = .waitingForInput(epoch: epoch, accepting: accepting)
            return drain()
        case .handlerFinishesSegment(let visit, let epoch):
            // The handler's own /next: only for the segment the room is in.
            guard visit == self.visit, epoch == epochs.count - 1, clock.phase == .running else { return [] }
            return clockActions(clock.handle(.command(.next), at: now))
        case .handlerWaitsForSegment(let visit, let after):
            guard visit == self.visit, handler == .busy else { return [] }
            if after < epochs.count - 1 { return [.moveHandler(toSegment: epochs[after + 1])] }
            handler = .waitingForSegment(after: after)
            return drain()
        case .handlerReturned(let visit):
            guard visit == self.visit, handler != .none, handler != .returned else { return [] }
            handler = .returned
            return clockActions(clock.handle(.handlerReturned, at: now)) + drain()
        case .stepClosed:
            return clockActions(clock.handle(.stepClosed, at: now)) + drain()
        case .itemsKnown(let step, let count):
            return clockActions(clock.handle(.itemsKnown(step: step, count: count), at: now))
        case .speakersKnown(let step, let speakers):
            return clockActions(clock.handle(.speakersKnown(step: step, speakers: speakers), at: now))
        case .start, .alarm, .command, .stepCommand, .contribution, .inputClosed:
            if handler == .busy || clock.phase == .ending {
                pending.append((event, now))
                return []
            }
            return external(event, at: now)
        }
    }

    /// Handles queued events while the handler is free and no step is being closed.
    private mutating func drain() -> [Action] {
        var actions: [Action] = []
        while handler != .busy, clock.phase != .ending, !pending.isEmpty {
            let (event, time) = pending.removeFirst()
            actions += external(event, at: time)
        }
        return actions
    }

    private mutating func external(_ event: Event, at now: Duration) -> [Action] {
        switch event {
        case .start:
            return clockActions(clock.handle(.start, at: now))
        case .alarm:
            return clockActions(clock.handle(.alarm, at: now))
        case .command(.next) where accepts(.next):
            handler = .busy
            deliveredAt = now
            return [.deliverCommand(.next)]
        case .command(let command):
            return clockActions(clock.handle(.command(command), at: now))
        case .stepCommand(let command):
            if accepts(command) {
                handler = .busy
                deliveredAt = now
                return [.deliverCommand(command)]
            }
            return [.clock(.notice(command == .undo
                ? "Nothing to take back here: /undo works in steps that collect answers from everyone."
                : "/end closes steps that collect answers from everyone; here /next moves on."))]
        case .inputClosed:
            return clockActions(clock.handle(.inputClosed, at: now))
        case .contribution(let contribution):
            guard !clock.isFinished else { return [] }
            // While the room votes on going on, thumbs go to the vote; other lines to the step.
            if clock.vote != nil, let ballot = ThumbBallot.parse(contribution, names: plan.names) {
                switch ballot {
                case .thumb(let voter, let thumb): return clockActions(clock.handle(.thumb(voter: voter, thumb), at: now))
                case .tally(let count): return clockActions(clock.handle(.thumbTally(count), at: now))
                case .refused(let message): return [.clock(.notice(message))]
                }
            }
            if case .waitingForInput = handler {
                handler = .busy
                deliveredAt = now
                return [.deliver(contribution)]
            }
            return [.keep(contribution, step: clock.stepIndex)]
        default:
            return []
        }
    }

    /// Whether the waiting handler takes `command` over.
    public func accepts(_ command: StepCommand) -> Bool {
        if case .waitingForInput(_, let accepting) = handler { return accepting.contains(command) }
        return false
    }

    /// The clock's actions, with what they mean for the handler.
    private mutating func clockActions(_ actions: [RunnerMachine.Action]) -> [Action] {
        var result: [Action] = []
        for action in actions {
            result.append(.clock(action))
            switch action {
            case .beginStep(let index):
                visit += 1
                epochs = []
                handler = plan.steps[index].handler == nil ? .none : .busy
            case .beginSegment(let step, let segment, _):
                epochs.append(segment)
                if epochs.count == 1 {
                    // The handler starts once the room has seen the step, so its first words follow the heading.
                    if handler == .busy { result.append(.startHandler(step: step, visit: visit)) }
                } else if case .waitingForInput = handler {
                    handler = .busy
                    result.append(.endHandlerSegment)
                } else if case .waitingForSegment(let after) = handler, after < epochs.count - 1 {
                    handler = .busy
                    result.append(.moveHandler(toSegment: epochs[after + 1]))
                }
            case .endStep:
                // The driver closes the handler and waits for it; nothing it says later counts.
                handler = .none
            default:
                break
            }
        }
        return result
    }
}
