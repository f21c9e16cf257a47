extension RunnerMachine {
    /// `/fit` and its answers.
    public enum FitCommand: Sendable, Hashable {
        /// Fit the steps after this one to the timebox (or propose what to drop).
        case now
        /// Drop what was proposed and fit the rest.
        case confirm
        /// Keep the plan as it is.
        case decline
    }

    /// What fitting changed, and who speaks now (for airtime).
    public struct FitState: Sendable, Hashable {
        /// Fitted length of a step, by index in the plan; absent: as planned.
        public var lengths: [Int: Duration] = [:]
        /// Steps dropped by a confirmed fit.
        public var dropped: Set<Int> = []
        /// Steps a fit proposes to drop, waiting for `/fit yes`.
        public var proposal: [Int]?
        /// A proposal the facilitator declined with `/fit no`: `fit: auto` does not ask again.
        public var declined: [Int]?
        /// Who speaks now, and since when (nil while paused).
        var speaker: String?
        var speakingSince: Duration?
    }

    /// Where the session should end: the timebox, else the plan's own end.
    public var targetEnd: Duration { plan.timebox ?? plan.duration }

    /// Whether a fit changed the plan.
    public var isFitted: Bool { !fitting.lengths.isEmpty || !fitting.dropped.isEmpty }

    /// The length step `index` runs with: fitted, or planned.
    public func length(ofStep index: Int) -> Duration { fitting.lengths[index] ?? plan.steps[index].duration }

    /// The length of segment `segment` of step `index`: a fitted step shares its length
    /// among its segments in proportion to their planned lengths, in whole seconds.
    public func length(ofStep index: Int, segment: Int) -> Duration {
        let step = plan.steps[index]
        guard let fitted = fitting.lengths[index], step.segments.count > 1 else {
            return fitting.lengths[index] ?? step.segments[segment].duration
        }
        let shares = TimeFit.share(Int(fitted.components.seconds), among: step.segments.map { Int($0.duration.components.seconds) })
        return .seconds(shares[segment])
    }

    /// The current segment's length.
    public var segmentLength: Duration { length(ofStep: stepIndex, segment: segmentIndex) }

    /// When the current step ends if nothing more is added: its segment's deadline (or
    /// now, in overtime), then its remaining segments.
    func currentStepEnd(at now: Duration) -> Duration {
        var end = deadline ?? (segmentStart + segmentLength)
        if case .paused(let since) = phase { end += now - since }
        end = max(end, now)
        for next in (segmentIndex + 1)..<max(step.segments.count, segmentIndex + 1) { end += length(ofStep: stepIndex, segment: next) }
        return end
    }

    /// Where the session ends with the fitted lengths of the steps still to come.
    public func projectedEnd(at now: Duration) -> Duration {
        guard !isFinished, stepIndex < plan.steps.count else { return now }
        return ((stepIndex + 1)..<plan.steps.count).reduce(currentStepEnd(at: now)) { end, index in
            fitting.dropped.contains(index) ? end : end + length(ofStep: index)
        }
    }

    /// Fits the steps still to come (with the current one when it is just starting).
    func computeFit(includingCurrent: Bool, at now: Duration, allowDrops: Bool) -> (indices: [Int], result: TimeFit.Result) {
        let first = includingCurrent ? stepIndex : stepIndex + 1
        let indices = (first..<max(plan.steps.count, first)).filter { !fitting.dropped.contains($0) }
        let start = includingCurrent ? now : currentStepEnd(at: now)
        let target = max(Int((targetEnd - start).components.seconds), 0)
        let items = indices.map { index in
            var item = plan.steps[index].fitItem(length: length(ofStep: index))
            item.droppable = index != stepIndex
            return item
        }
        return (indices, TimeFit.fit(items, into: target, allowDrops: allowDrops))
    }

    /// Applies a fit's lengths and drops; returns what the room is told.
    mutating func apply(_ indices: [Int], _ result: TimeFit.Result) -> String {
        var changes: [String] = []
        for (position, index) in indices.enumerated() {
            if result.dropped.contains(position) {
                fitting.dropped.insert(index)
                fitting.lengths[index] = nil
                continue
            }
            let old = length(ofStep: index)
            let new = Duration.seconds(result.lengths[position])
            if new != old { changes.append("\(plan.steps[index].title) \(DurationText.format(old)) → \(DurationText.format(new))") }
            fitting.lengths[index] = new == plan.steps[index].duration ? nil : new
        }
        fitting.proposal = nil
        var text = "Fitted to end at \(DurationText.clock(targetEnd))"
        if !changes.isEmpty { text += ": " + changes.joined(separator: "; ") }
        let dropped = result.dropped.map { plan.steps[indices[$0]].title }
        if !dropped.isEmpty { text += ". Dropped (carry to the next session): " + dropped.joined(separator: ", ") }
        if result.gap > 0 { text += ". Ends \(DurationText.format(.seconds(result.gap))) early: the steps are at their maximums" }
        if result.gap < 0 { text += ". Still \(DurationText.format(.seconds(-result.gap))) over: locked steps and minimums" }
        return text + "."
    }

    /// A proposal to drop steps, for the facilitator to confirm.
    mutating func propose(_ indices: [Int], _ result: TimeFit.Result) -> String {
        let names = result.dropped.map { plan.steps[indices[$0]].title }
        fitting.proposal = result.dropped.map { indices[$0] }
        return "Even the shortest lengths do not fit the time left: drop \(names.joined(separator: ", ")) (carry to the next session) and fit the rest? /fit yes to confirm, /fit no to keep the plan."
    }

    mutating func onFit(_ command: FitCommand, at now: Duration) -> [Action] {
        switch command {
        case .decline:
            guard let proposal = fitting.proposal else { return [.notice("Nothing to decline; /fit fits the rest of the session.")] }
            fitting.declined = proposal
            fitting.proposal = nil
            return [.notice("The plan stays as it is.")]
        case .confirm:
            guard fitting.proposal != nil else { return [.notice("Nothing to confirm; /fit fits the rest of the session.")] }
            let (indices, result) = computeFit(includingCurrent: false, at: now, allowDrops: true)
            return [.notice(apply(indices, result))]
        case .now:
            let (indices, result) = computeFit(includingCurrent: false, at: now, allowDrops: true)
            if !result.dropped.isEmpty { return [.notice(propose(indices, result))] }
            guard result.changed else {
                return [.notice(indices.isEmpty
                    ? "Nothing left to fit: this is the last step."
                    : "On time: the rest ends within \(TimeFit.deadBand)s of \(DurationText.clock(targetEnd)); nothing to fit.")]
            }
            return [.notice(apply(indices, result))]
        }
    }

    /// With `fit: auto`, fits the rest at the start of every step; minimums that do not fit
    /// are applied, and dropping is proposed for the facilitator to confirm.
    mutating func autoFit(at now: Duration) -> [Action] {
        guard plan.fitting.mode == .auto else { return [] }
        let (indices, result) = computeFit(includingCurrent: true, at: now, allowDrops: true)
        if !result.dropped.isEmpty {
            let drops = result.dropped.map { indices[$0] }
            let proposal = propose(indices, result)
            let (all, shortest) = computeFit(includingCurrent: true, at: now, allowDrops: false)
            _ = apply(all, shortest)
            // Asked once: the same drops declined are not proposed again at every step.
            guard drops != fitting.declined else { return [] }
            fitting.proposal = drops
            return [.notice(proposal)]
        }
        guard result.changed else { return [] }
        return [.notice(apply(indices, result))]
    }

    // MARK: Airtime

    /// Ends the current speaker's time and starts `name`'s (nil: nobody speaks).
    mutating func startSpeaking(_ name: String?, at now: Duration) {
        stopSpeaking(at: now)
        fitting.speaker = name
        if case .paused = phase { return }
        fitting.speakingSince = name == nil ? nil : now
    }

    /// Adds the current speaker's time so far to the step's airtime.
    mutating func stopSpeaking(at now: Duration) {
        if let name = fitting.speaker, let since = fitting.speakingSince, now > since, stepIndex < timings.count {
            timings[stepIndex].airtime[name, default: .zero] += now - since
        }
        fitting.speakingSince = nil
    }

    mutating func onSpeaker(_ text: String?, at now: Duration) -> [Action] {
        guard let text, !text.isEmpty else {
            startSpeaking(nil, at: now)
            return [.notice("Nobody speaks now.")]
        }
        guard let name = Self.participant(named: text, in: plan.names) else {
            return [.notice("No participant '\(String(text.prefix(40)).neutralized())'; /speaker takes a name (or its start, or its number): \(plan.names.joined(separator: ", ")).")]
        }
        startSpeaking(name, at: now)
        return [.notice("\(name) speaks.")]
    }

    /// A name as typed: exact, a unique start (any case), or a number in the list.
    static func participant(named text: String, in names: [String]) -> String? {
        if let exact = names.first(where: { $0.lowercased() == text.lowercased() }) { return exact }
        if let number = Int(text), names.indices.contains(number - 1) { return names[number - 1] }
        let starts = names.filter { $0.lowercased().hasPrefix(text.lowercased()) }
        return starts.count == 1 ? starts[0] : nil
    }
}
