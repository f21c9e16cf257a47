/// The runner's decisions, apart from their effects.
///
/// Feed it events with the session time at which they happen (time since the session
/// started, paused time included); it answers with actions for a driver to carry out.
/// It never reads a clock and never sleeps, so tests can check every decision exactly.
///
/// Timers count to absolute deadlines: a segment's deadline is its start plus its
/// length, shifted only by pauses and `/extend`, so lateness in one place never
/// accumulates into drift.
public struct RunnerMachine: Sendable {
    public enum Command: Sendable, Hashable {
        /// `skip`: in a step of turns, this speaker's turn; otherwise the step. `skipStep`: the step.
        /// `skipBlock`: the rest of the repeated block the step is in, every pass still to come.
        case next, back, pause, resume, extend(Duration), skip, skipStep, skipBlock, quit
        /// `/fit`, `/fit yes`, `/fit no`: fit the rest of the session to its timebox.
        case fit(FitCommand)
        /// `/speaker NAME` (or alone: nobody) for airtime in an open discussion.
        case speaker(String?)
    }

    /// The longest one `/extend` may add, and the most a segment may be extended in all.
    public static let extensionLimit: Duration = .seconds(60 * 60)
    public static let totalExtensionLimit: Duration = .seconds(3 * 60 * 60)

    public enum Event: Sendable, Hashable {
        case start
        /// The alarm set by the last ``Action/setAlarm(_:)`` went off.
        case alarm
        case command(Command)
        /// No more input will come: timers now move the session on by themselves.
        case inputClosed
        /// The handler of the current step returned by itself.
        case handlerReturned
        /// The driver finished closing the step it was told to end.
        case stepClosed
        /// The items of a `for_each:` step are known (its `from` step ended): it runs that
        /// many rounds, and none at all when there are no items.
        case itemsKnown(step: Int, count: Int)
        /// Who has a turn in a step with `only:` is known (its `from` step ended): the
        /// turns of everyone else are not run, and the step not at all when nobody is picked.
        case speakersKnown(step: Int, speakers: [String])
        /// A thumb in the open thumbs vote: a participant's (named), or one more hand typed
        /// on the keyboard (nil).
        case thumb(voter: String?, Thumb)
        /// The facilitator's tally of the hands in the room, counted beside the named votes;
        /// a new tally replaces the last.
        case thumbTally(ThumbCount)
    }

    public enum Action: Sendable, Hashable {
        case beginStep(Int)
        case beginSegment(step: Int, segment: Int, deadline: Duration?)
        /// The next phase of a segment with `phases:` begins (a bell); `deadline` is the segment's.
        case beginPhase(step: Int, segment: Int, phase: Int, deadline: Duration?)
        case warn(remaining: Duration)
        case timeUp(advancing: Bool)
        /// Close the step's handler (it keeps what it collected); answer with `.stepClosed`.
        case endStep(Int, skipped: Bool)
        case paused
        case resumed(deadline: Duration?)
        case extended(by: Duration, deadline: Duration?)
        /// Wake the driver with `.alarm` at this session time (nil: no alarm).
        case setAlarm(Duration?)
        case notice(String)
        case finish(completed: Bool)
        /// The round's timebox ran out and the room votes on going on for `offered` more;
        /// the vote closes at `closes` at the latest.
        case voteOpened(step: Int, segment: Int, offered: Duration, closes: Duration)
        /// The open vote's count changed.
        case voteCounted(ThumbCount, voters: [String])
        /// The vote closed; the actions after it extend the round or move on.
        case voteClosed(ThumbsVoteRecord)
    }

    public enum Phase: Sendable, Hashable {
        case notStarted, running, paused(since: Duration), ending, finished
    }

    /// How a step went, for the report.
    public struct StepTiming: Sendable, Hashable {
        public var started: Duration?
        public var ended: Duration?
        public var skipped = false
        public var visits = 0
        /// Turns of the step skipped with `/skip` (segment indices).
        public var skippedTurns: [Int] = []
        /// The length the step ran with when it was fitted to the timebox (nil: as planned).
        public var fitted: Duration?
        /// Dropped by a confirmed fit, to carry to the next session.
        public var dropped = false
        /// How long each person spoke: turns, and `/speaker` in open discussions.
        public var airtime: [String: Duration] = [:]
        /// The thumbs votes at the ends of its rounds (`extend_vote:`), in order.
        public var votes: [ThumbsVoteRecord] = []
    }

    public let plan: Plan
    public private(set) var phase: Phase = .notStarted
    public private(set) var stepIndex = 0
    public private(set) var segmentIndex = 0
    /// When the current segment's timer reaches zero (nil for count-up steps).
    public internal(set) var deadline: Duration?
    public private(set) var segmentStart: Duration = .zero
    /// Time added to the current segment with `/extend`.
    public internal(set) var extended: Duration = .zero
    public private(set) var inputClosed = false
    /// Session time the session stood still between runs (interruptions at its speed):
    /// the plan's clock counts it, so slip after a resume is honest.
    public var downtime: Duration = .zero
    /// The current phase of a segment with `phases:` (0 without phases).
    public private(set) var phaseIndex = 0
    /// When each phase of the current segment ends; empty without phases.
    public internal(set) var phaseEnds: [Duration] = []
    /// How many items each `for_each:` step has, once its `from` step has ended.
    public private(set) var itemCounts: [Int: Int] = [:]
    /// Who has a turn in each step with `only:`, once its `from` step has ended.
    public private(set) var pickedSpeakers: [Int: Set<String>] = [:]
    public internal(set) var timings: [StepTiming]
    /// Fitted lengths, dropped steps and who speaks now.
    public internal(set) var fitting = FitState()
    var pendingWarnings: [Duration] = []
    var timeUpFired = false
    /// The thumbs vote open now, if any (see ``ThumbsVote``).
    public internal(set) var vote: OpenVote?
    /// Thumbs votes held in the current segment: the next one offers the next extension.
    public internal(set) var votesHeld = 0
    /// When the timer moved the session on: the instant the next segment was due to start.
    /// Starting there, not when the alarm was served, keeps a run of timed steps on the
    /// clock; a gap of more than a second is a real delay and starts the next one late.
    private var dueStart: Duration?
    private var nextStep: Int?
    private var quitting = false

    public init(plan: Plan) {
        self.plan = plan
        timings = Array(repeating: StepTiming(), count: plan.steps.count)
    }

    public var step: PlannedStep { plan.steps[stepIndex] }
    public var segment: Segment { step.segments[segmentIndex] }
    public var isFinished: Bool { phase == .finished }

    public mutating func handle(_ event: Event, at now: Duration) -> [Action] {
        if case .itemsKnown(let step, let count) = event {
            itemCounts[step] = count
            return []
        }
        if case .speakersKnown(let step, let speakers) = event {
            pickedSpeakers[step] = Set(speakers)
            return []
        }
        if case .thumb(let voter, let thumb) = event { return onThumb(voter, thumb, at: now) }
        if case .thumbTally(let count) = event { return onTally(count, at: now) }
        switch (phase, event) {
        case (.finished, _):
            return []
        case (.notStarted, .start):
            guard !plan.steps.isEmpty else {
                phase = .finished
                return [.finish(completed: true)]
            }
            return begin(step: 0, at: now)
        case (.notStarted, _):
            return []
        case (.ending, .stepClosed):
            return afterClose(at: now)
        case (.ending, .inputClosed):
            inputClosed = true
            return []
        case (.ending, _):
            return []
        case (_, .inputClosed):
            inputClosed = true
            return onInputClosed(at: now)
        case (.running, .alarm):
            return onAlarm(at: now)
        case (.running, .handlerReturned):
            return end(skipped: false, next: stepIndex + 1, at: now)
        case (.paused(let since), .command(.resume)):
            let shift = now - since
            deadline = deadline.map { $0 + shift }
            segmentStart += shift
            phaseEnds = phaseEnds.map { $0 + shift }
            phase = .running
            if fitting.speaker != nil { fitting.speakingSince = now }
            return [.resumed(deadline: deadline), .setAlarm(nextAlarm())]
        case (.paused, .command(.pause)):
            return [.notice("Already paused; /resume to continue.")]
        case (.paused, .command(.fit(let command))):
            return onFit(command, at: now)
        case (.paused, .command(.speaker(let name))):
            return onSpeaker(name, at: now)
        case (.paused, .command(let command)):
            // Any other command resumes first, so the clock is consistent.
            var actions = handle(.command(.resume), at: now)
            actions += handle(.command(command), at: now)
            return actions
        case (.paused, _):
            return []
        case (.running, .command(let command)):
            return onCommand(command, at: now)
        case (.running, _):
            return []
        }
    }

    /// The header's numbers at `now`.
    public func status(at now: Duration) -> RunStatus {
        let step = self.step
        let segment = self.segment
        let frozen: Duration
        if case .paused(let since) = phase { frozen = since } else { frozen = now }
        let remaining: Duration
        if step.timer.onZero == .countUp && !step.isBreak {
            remaining = frozen - segmentStart
        } else {
            remaining = (deadline ?? now) - frozen
        }
        let exercise = step.exerciseIndex.map { plan.exercises[$0] }
        var status = RunStatus(
            title: plan.title, exercise: exercise, exerciseNumber: step.exerciseIndex.map { $0 + 1 },
            exerciseCount: plan.exercises.count, step: step, segment: segment, remaining: remaining,
            length: segmentLength, onZero: step.timer.onZero, isPaused: { if case .paused = phase { return true }; return false }(),
            slip: slip(at: now), timebox: plan.timebox, elapsed: now, projectedEnd: isFitted ? projectedEnd(at: now) : nil)
        if phaseIndex < phaseEnds.count {
            status.phase = RunStatus.PhaseStatus(
                number: phaseIndex + 1, count: phaseEnds.count, phase: step.phases[phaseIndex],
                segmentRemaining: remaining, segmentLength: segmentLength)
            // The big countdown is the phase's: what the room works to now.
            if step.timer.onZero != .countUp {
                status.remaining = phaseEnds[phaseIndex] - frozen
                status.length = step.phases[phaseIndex].duration + (phaseIndex == phaseEnds.count - 1 ? extended : .zero)
            }
        }
        return status
    }

    /// How far behind (positive) or ahead (negative) of the plan the session is at `now`.
    public func slip(at now: Duration) -> Duration {
        guard phase != .notStarted else { return .zero }
        // Once fitted, slip is where the fitted rest ends against the timebox.
        if isFitted { return projectedEnd(at: now) - targetEnd }
        let planned = segment.start + segment.duration
        var projected = deadline ?? (segmentStart + segment.duration)
        if case .paused(let since) = phase { projected += now - since }
        return max(projected, now) - planned + downtime
    }

    // MARK: Transitions

    /// `now`, or the instant the next segment was due if the timer moved on just before.
    private mutating func scheduledStart(_ now: Duration) -> Duration {
        defer { dueStart = nil }
        guard let due = dueStart, due <= now, now - due <= .seconds(1) else { return now }
        return due
    }

    /// Whether a segment runs: a loop's round needs an item, a turn of a step with `only:` a picked speaker.
    private func runs(step index: Int, segment position: Int) -> Bool {
        let segment = plan.steps[index].segments[position]
        if let count = itemCounts[index], segment.round > count { return false }
        if let picked = pickedSpeakers[index], let speaker = segment.speaker, !picked.contains(speaker) { return false }
        return true
    }

    private mutating func begin(step index: Int, segment: Int = 0, at now: Duration) -> [Action] {
        let first = plan.steps[index].segments.indices.first { $0 >= segment && runs(step: index, segment: $0) }
        guard let segment = first else {
            // A loop over no items, or turns for nobody: the session goes on with the next step.
            let step = plan.steps[index]
            let what = itemCounts[index] == 0
                ? "has no items from '\(step.itemLoop?.fromID ?? "its input")' to go through"
                : "has nobody picked by '\(step.turnFilter?.fromID ?? "its input")' to speak"
            timings[index].skipped = true
            let notice = Action.notice("Step '\(step.generalTitle)' \(what); skipped.")
            guard index + 1 < plan.steps.count else {
                phase = .finished
                return [notice, .finish(completed: true)]
            }
            return [notice] + begin(step: index + 1, at: now)
        }
        let now = scheduledStart(now)
        stepIndex = index
        phase = .running
        if timings[index].started == nil { timings[index].started = now }
        timings[index].visits += 1
        timings[index].ended = nil
        let fitted = autoFit(at: now)
        timings[index].fitted = fitting.lengths[index]
        return [.beginStep(index)] + fitted + begin(segment: segment, at: now)
    }

    private mutating func begin(segment index: Int, at now: Duration) -> [Action] {
        let now = scheduledStart(now)
        segmentIndex = index
        segmentStart = now
        extended = .zero
        timeUpFired = false
        vote = nil
        votesHeld = 0
        if let speaker = segment.speaker { startSpeaking(speaker, at: now) }
        let length = segmentLength
        phaseIndex = 0
        // A fitted segment keeps its phases' proportions.
        let scale = segment.duration > .zero ? Double((length / segment.duration)) : 1
        phaseEnds = step.phases.ends.map { now + (scale == 1 ? $0 : $0 * scale) }
        if step.timer.onZero == .countUp && !step.isBreak {
            deadline = nil
            pendingWarnings = []
        } else {
            deadline = now + length
            pendingWarnings = step.timer.warnings(for: warningSpan)
        }
        return [.beginSegment(step: stepIndex, segment: index, deadline: deadline), .setAlarm(nextAlarm())]
    }

    private mutating func end(skipped: Bool, next: Int?, at now: Duration) -> [Action] {
        phase = .ending
        nextStep = next
        if vote != nil { _ = setVoteAside(at: now) }
        startSpeaking(nil, at: now)
        timings[stepIndex].ended = now
        if skipped { timings[stepIndex].skipped = true }
        return [.setAlarm(nil), .endStep(stepIndex, skipped: skipped)]
    }

    private mutating func afterClose(at now: Duration) -> [Action] {
        // Steps a confirmed fit dropped are passed over on the way forward.
        if var next = nextStep, next > stepIndex {
            while next < plan.steps.count, fitting.dropped.contains(next) {
                timings[next].skipped = true
                timings[next].dropped = true
                next += 1
            }
            nextStep = next
        }
        guard !quitting, let next = nextStep, next < plan.steps.count else {
            phase = .finished
            return [.finish(completed: !quitting)]
        }
        return begin(step: next, at: now)
    }

    /// Ends the step and passes over the rest of its repeated block (this pass and the
    /// passes to come): the session goes on with the first step after the block.
    private mutating func skipBlock(at now: Duration) -> [Action] {
        guard let pass = step.blockPass else {
            return [.notice("This step is not in a repeated block; /skip skips the rest of the step.")]
        }
        var next = stepIndex + 1
        while next < plan.steps.count, plan.steps[next].blockPass?.block == pass.block,
              plan.steps[next].exerciseIndex == step.exerciseIndex {
            timings[next].skipped = true
            next += 1
        }
        let passes = pass.pass < pass.passes ? "passes \(pass.pass)–\(pass.passes)" : "its last pass"
        return [.notice("Skipped the rest of '\(pass.block.neutralized())' (\(passes)).")] + end(skipped: true, next: next, at: now)
    }

    /// Moves to the next segment, or ends the step after its last one.
    mutating func advance(at now: Duration) -> [Action] {
        if let next = step.segments.indices.first(where: { $0 > segmentIndex && runs(step: stepIndex, segment: $0) }) {
            return begin(segment: next, at: now)
        }
        return end(skipped: false, next: stepIndex + 1, at: now)
    }

    private mutating func onCommand(_ command: Command, at now: Duration) -> [Action] {
        if vote != nil {
            switch command {
            case .next:
                return closeVote(at: now)
            case .speaker, .fit, .resume:
                break
            default:
                // Any other step of the facilitator's takes over from the room's vote.
                return setVoteAside(at: now) + onCommand(command, at: now)
            }
        }
        switch command {
        case .next where phaseIndex + 1 < phaseEnds.count:
            return restartPhases(from: phaseIndex + 1, at: now)
        case .back where phaseIndex > 0:
            return restartPhases(from: phaseIndex - 1, at: now)
        case .next:
            return advance(at: now)
        case .back:
            if segmentIndex > 0 { return begin(segment: segmentIndex - 1, at: now) }
            if stepIndex > 0 { return end(skipped: false, next: stepIndex - 1, at: now) }
            return begin(segment: 0, at: now)
        case .skip where segment.speaker != nil:
            // In a step of turns, /skip passes over this speaker, not the whole round.
            timings[stepIndex].skippedTurns.append(segmentIndex)
            return advance(at: now)
        case .skip, .skipStep:
            return end(skipped: true, next: stepIndex + 1, at: now)
        case .skipBlock:
            return skipBlock(at: now)
        case .quit:
            quitting = true
            return end(skipped: false, next: nil, at: now)
        case .pause:
            stopSpeaking(at: now)
            phase = .paused(since: now)
            return [.paused, .setAlarm(nil)]
        case .fit(let command):
            return onFit(command, at: now)
        case .speaker(let name):
            return onSpeaker(name, at: now)
        case .resume:
            return [.notice("Not paused.")]
        case .extend(let extra):
            guard extra > .zero else { return [.notice("Extend by a positive duration, e.g. /extend 2m.")] }
            guard extra <= Self.extensionLimit, extended + extra <= Self.totalExtensionLimit else {
                return [.notice("An extension adds at most \(DurationText.format(Self.extensionLimit)), and a turn or step at most \(DurationText.format(Self.totalExtensionLimit)) in all; /next moves on.")]
            }
            extended += extra
            // The current phase gets the time; the phases after it keep their lengths.
            for index in phaseEnds.indices where index >= phaseIndex { phaseEnds[index] += extra }
            if let current = deadline {
                let newDeadline = current + extra
                deadline = newDeadline
                let remaining = newDeadline - now
                pendingWarnings = step.timer.warnings(for: warningSpan + extended).filter { $0 < remaining }
                if remaining > .zero { timeUpFired = false }
            }
            return [.extended(by: extra, deadline: deadline), .setAlarm(nextAlarm())]
        }
    }

    private mutating func onAlarm(at now: Duration) -> [Action] {
        var actions: [Action] = []
        // Phases change on time; only the latest of several due at once is announced.
        var phaseChanged = false
        while phaseIndex + 1 < phaseEnds.count && now >= phaseEnds[phaseIndex] {
            phaseIndex += 1
            phaseChanged = true
        }
        if phaseChanged {
            actions.append(.beginPhase(step: stepIndex, segment: segmentIndex, phase: phaseIndex, deadline: deadline))
        }
        if let vote, now >= vote.closes { return actions + closeVote(at: now) }
        if let deadline, now >= deadline, !timeUpFired, vote == nil, let offered = nextExtension {
            timeUpFired = true
            return actions + openVote(offering: offered, at: now)
        }
        if let deadline {
            // Report only the latest warning passed, if several are due at once.
            let due = pendingWarnings.filter { deadline - $0 <= now }
            pendingWarnings.removeAll { deadline - $0 <= now }
            if let last = due.min(), deadline > now { actions.append(.warn(remaining: last)) }
            if now >= deadline && !timeUpFired {
                timeUpFired = true
                // A turn with turns after it follows the turn policy; the step's end, its own.
                let isInnerTurn = segment.speaker != nil && segmentIndex + 1 < step.segments.count
                let policy = isInnerTurn ? step.timer.turns : step.timer.onZero
                let advancing = step.isBreak ? inputClosed : (policy == .advance || inputClosed)
                actions.append(.timeUp(advancing: advancing))
                if advancing {
                    dueStart = deadline
                    return actions + advance(at: now)
                }
            }
        } else if inputClosed && now >= segmentStart + segmentLength {
            // A count-up step with nobody left to stop it ends at its planned length.
            dueStart = segmentStart + segmentLength
            return actions + advance(at: now)
        }
        return actions + [.setAlarm(nextAlarm())]
    }

    private mutating func onInputClosed(at now: Duration) -> [Action] {
        guard phase == .running else {
            // A paused session with no input left resumes: nobody can type /resume.
            if case .paused = phase { return handle(.command(.resume), at: now) + onInputClosed(at: now) }
            return []
        }
        // An open vote keeps its window: devices may still vote.
        if vote != nil { return [.setAlarm(nextAlarm())] }
        if timeUpFired { return advance(at: now) }
        if deadline == nil && now >= segmentStart + segmentLength { return advance(at: now) }
        return [.setAlarm(nextAlarm())]
    }

    func nextAlarm() -> Duration? {
        guard phase == .running else { return nil }
        let phaseChange = phaseIndex + 1 < phaseEnds.count ? phaseEnds[phaseIndex] : nil
        return [phaseChange, clockAlarm()].compactMap { $0 }.min()
    }

    private func clockAlarm() -> Duration? {
        guard let deadline else { return inputClosed ? segmentStart + segmentLength : nil }
        if let vote { return vote.closes }
        if let warning = pendingWarnings.max() { return deadline - warning }
        return timeUpFired ? nil : deadline
    }

    /// The stretch the warnings count down in: the last phase, or the whole segment.
    private var warningSpan: Duration { step.phases.last?.duration ?? segmentLength }

    /// Starts phase `index` of the current segment now, with its full length and the
    /// full lengths of the phases after it (`/next` and `/back` between phases).
    private mutating func restartPhases(from index: Int, at now: Duration) -> [Action] {
        phaseIndex = index
        var end = now
        for (position, phase) in step.phases.enumerated() where position >= index {
            end += phase.duration
            phaseEnds[position] = end
        }
        extended = .zero
        timeUpFired = false
        if deadline != nil {
            deadline = end
            pendingWarnings = step.timer.warnings(for: warningSpan).filter { end - $0 > now }
        }
        return [.beginPhase(step: stepIndex, segment: segmentIndex, phase: index, deadline: deadline), .setAlarm(nextAlarm())]
    }
}
