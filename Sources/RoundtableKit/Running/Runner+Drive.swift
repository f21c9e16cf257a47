import Foundation

extension Runner {
    /// The effects of one run: the handler task, alarms, the journal and the screen, carried
    /// out as the ``SessionMachine`` decides. Owned by the task that calls
    /// ``Runner/run(resuming:live:)``.
    ///
    /// Events from outside (keyboard lines, device contributions, alarms, ticks) come
    /// through one stream; a handler's signals (it waits, it returned) through another.
    /// Before taking the next outside event, the driver lets a busy handler run until it
    /// signals, and fires any alarm that fell due before the event: so the order in which
    /// the machine sees events follows their session times alone, live and in a replay.
    final class Drive {
        let runner: Runner
        let events: AsyncStream<DriverEvent>
        let sink: AsyncStream<DriverEvent>.Continuation
        var signals: AsyncStream<HandlerSignal>.Iterator
        let signalSink: AsyncStream<HandlerSignal>.Continuation
        var alarmTask: Task<Void, Never>?
        var alarmGeneration = 0
        /// The session time of the pending alarm (kept while replaying, when nothing sleeps).
        var pendingAlarm: Duration?
        var handlerTask: Task<Void, Never>?
        var ticker: Task<Void, Never>?
        var completed = false
        /// Whether the room was told that the journal cannot be written.
        var journalFailureShown = false

        var replaying: Bool {
            get { runner.shared.withLock { $0.replaying } }
            set { runner.shared.withLock { $0.replaying = newValue } }
        }

        init(runner: Runner) {
            self.runner = runner
            (events, sink) = AsyncStream<DriverEvent>.makeStream()
            let (signalStream, signalSink) = AsyncStream<HandlerSignal>.makeStream()
            signals = signalStream.makeAsyncIterator()
            self.signalSink = signalSink
        }

        var machineFinished: Bool { runner.shared.withLock { $0.machine.isFinished } }

        func show(_ event: DisplayEvent) { runner.show(event) }

        /// Writes a record; false when it could not be put on disk (the room is told once).
        @discardableResult
        func record(_ record: JournalRecord) -> Bool {
            guard !replaying, let recorder = runner.recorder else { return true }
            if recorder.record(record) { return true }
            if !journalFailureShown {
                journalFailureShown = true
                show(.notice("The session journal cannot be written (disk full or removed?): from here on a crash loses what is typed. "
                             + "Free some space; the report is still written at the end."))
            }
            return false
        }

        func run(replaying journal: [JournalRecord], live: Bool, interruption: Duration? = nil) async -> RunResult {
            let records = journal.filter { if case .session = $0 { return false } else { return true } }
            if records.isEmpty {
                runner.shared.withLock { $0.start = runner.clock.now }
                show(.sessionStarted(runner.plan))
                await handle(.start, at: .zero)
            } else {
                await replay(records)
            }
            guard live, !machineFinished else { return finish() }
            // The time the session stood still counts on the agenda's clock (a second or
            // less is the resume itself).
            if let interruption, interruption > .seconds(1), !records.isEmpty {
                let at = runner.now()
                record(.interrupted(at: at, length: interruption))
                runner.stoodStill(Interruption(at: at, length: interruption))
                // The session's clock starts again after the write: syncing the record to
                // disk takes no time from the step (at --speed 1000 a slow fsync would).
                runner.shared.withLock { state in
                    state.offset = at
                    state.start = runner.clock.now
                }
                show(.notice("The session stood still for \(DurationText.format(interruption)); the agenda's slip counts it."))
            }
            if let script = runner.input.script {
                await type(script)
                guard !machineFinished else { return finish() }
            }

            // Live from here: session time continues where the journal (or the start) left it.
            runner.shared.withLock { $0.sink = sink }
            let reader = Task { [input = runner.input, sink] in
                guard input.script == nil else { return }
                for await line in input.lines() { sink.yield(.line(line)) }
                sink.yield(.inputClosed)
            }
            let heartbeat = Task { [clock = runner.clock, sink, interval = runner.heartbeat, recording = runner.recorder != nil] in
                guard recording else { return }
                let base = clock.now
                var beat = 1
                while !Task.isCancelled {
                    do { try await clock.sleep(until: base.advanced(by: interval * beat), tolerance: nil) } catch { return }
                    beat += 1
                    sink.yield(.heartbeat)
                }
            }
            defer {
                reader.cancel()
                heartbeat.cancel()
            }
            if let alarm = pendingAlarm { setAlarm(alarm) }
            startTicker()
            refresh()
            loop: for await event in events {
                if machineFinished { break }
                switch event {
                case .tick:
                    refresh()
                    continue
                case .alarm(let generation):
                    guard generation == alarmGeneration, let due = pendingAlarm else { continue }
                    await fireAlarms(upTo: max(due, runner.now()))
                    if machineFinished { break loop }
                    continue
                default:
                    break
                }
                let time = runner.now()
                await fireAlarms(upTo: time)
                if machineFinished {
                    if case .contribution(_, let acknowledge) = event { acknowledge?(false) }
                    break
                }
                await take(event, at: time)
                if machineFinished { break }
            }
            return finish()
        }

        private func finish() -> RunResult {
            alarmTask?.cancel()
            ticker?.cancel()
            sink.finish()
            let (pending, lastEnd) = runner.shared.withLock { state -> (Bool, Duration?) in
                state.sink = nil
                return (state.machine.isFinished, state.machine.clock.timings.compactMap(\.ended).max())
            }
            // A session that ran to its end ends when its last step did: the same instant on
            // every run of a script, whatever the machine took after that.
            let elapsed = pending ? (lastEnd ?? runner.now()) : runner.now()
            if pending { record(.finished(completed: completed, at: elapsed)) }
            var result = runner.shared.withLock { state in
                RunResult(plan: runner.plan, artifacts: state.artifacts, timings: state.machine.clock.timings,
                          completed: completed && state.machine.isFinished, elapsed: elapsed,
                          superseded: state.superseded, views: state.views)
            }
            result.interruptions = runner.shared.withLock { $0.interruptions }
            result.timings = runner.shared.withLock { state in Self.naming(result.timings, items: state.items) }
            if pending { runner.display.show(.sessionFinished(result)) }
            return result
        }

        // MARK: Replay

        /// Feeds the journal's records to the machine in virtual time, firing the alarms
        /// that fell between them.
        private func replay(_ records: [JournalRecord]) async {
            replaying = true
            runner.shared.withLock { $0.virtualNow = .zero }
            await handle(.start, at: .zero)
            var last: Duration = .zero
            for record in records {
                guard let time = record.time else { continue }
                await fireAlarms(upTo: time)
                if machineFinished { break }
                setVirtual(time)
                last = time
                switch record {
                case .line(let text, _): await take(.line(text), at: time)
                case .contribution(let contribution, _): await take(.contribution(contribution, acknowledge: nil), at: time)
                case .inputClosed: await take(.inputClosed, at: time)
                case .interrupted(let at, let length): runner.stoodStill(Interruption(at: at, length: length))
                default: break
                }
            }
            await fireAlarms(upTo: last)
            replaying = false
            runner.shared.withLock { state in
                state.virtualNow = nil
                state.offset = last
                state.start = runner.clock.now
            }
            show(.notice("Resumed at \(DurationText.clock(last)) of the session; everything typed before is back."))
        }

        /// Types a script at once, at the session time it starts at, then ends the input: the
        /// timers run only afterwards, so a script gives the same session at any speed.
        private func type(_ script: [String]) async {
            // The session time the clock (re)started at, not the moment reached since: the
            // milliseconds spent starting are seconds at --speed 10000, and would differ per run.
            let time = runner.shared.withLock { $0.offset }
            setVirtual(time)
            for line in script {
                if machineFinished { break }
                await take(.line(line), at: time)
            }
            if !machineFinished { await take(.inputClosed, at: time) }
            runner.shared.withLock { state in
                state.virtualNow = nil
                state.offset = time
                state.start = runner.clock.now
            }
        }

        private func setVirtual(_ time: Duration) { runner.shared.withLock { $0.virtualNow = time } }

        /// Fires the pending alarm while it is due at or before `time`, each at its own instant.
        private func fireAlarms(upTo time: Duration) async {
            while let alarm = pendingAlarm, alarm <= time, !machineFinished {
                pendingAlarm = nil
                let wasReplaying = replaying
                if !wasReplaying { runner.shared.withLock { $0.virtualNow = alarm } }
                await handle(.alarm, at: alarm)
                if !wasReplaying { runner.shared.withLock { $0.virtualNow = nil } }
            }
        }

        // MARK: Events

        /// An outside event: journaled first, then parsed and handed to the machine.
        private func take(_ event: DriverEvent, at time: Duration) async {
            switch event {
            case .line(let raw):
                let text = Self.bounded(raw)
                record(.line(text, at: time))
                if let command = Runner.command(from: text) {
                    switch command {
                    case .help:
                        show(.help(Runner.commandHelp(for: runner.shared.withLock { $0.machine }) + stepCommands().map(\.help)))
                    case .unknown(let word) where stepCommands().contains(where: { $0.word == String(word.dropFirst()).lowercased() }):
                        // The running step's handler takes this command: it reads the line as typed.
                        await handle(.contribution(Contribution(text)), at: time)
                    case .unknown(let word):
                        let typed = String(word.dropFirst()).lowercased()
                        let guess = Suggestion.closest(to: typed, in: Runner.commandWords).map { " Did you mean /\($0)?" } ?? ""
                        show(.notice("Unknown command \(String(word.prefix(32)).neutralized()).\(guess) Type /help for the list; //text sends a line starting with /."))
                    case .step(let command):
                        await handle(.stepCommand(command), at: time)
                    case .invalid(let message):
                        show(.notice(message))
                    case .machine(let command):
                        await handle(.command(command), at: time)
                    }
                } else {
                    let contribution = Contribution(text.hasPrefix("//") ? String(text.dropFirst()) : text)
                    await handle(.contribution(contribution), at: time)
                }
            case .contribution(var contribution, let acknowledge):
                contribution.text = Self.bounded(contribution.text)
                let saved = record(.contribution(contribution, at: time))
                acknowledge?(saved)
                await handle(.contribution(contribution), at: time)
            case .inputClosed:
                record(.inputClosed(at: time))
                await handle(.inputClosed, at: time)
            case .heartbeat:
                record(.heartbeat(at: time))
            case .alarm, .tick:
                break
            }
        }

        /// The slash commands of the running step's handler (``HandlerCommand``).
        func stepCommands() -> [HandlerCommand] {
            let step = runner.shared.withLock { $0.machine.isFinished ? nil : $0.machine.clock.step }
            guard let name = step?.handler, let type = runner.registry.handler(named: name) else { return [] }
            return type.commands
        }

        /// Text cut to ``Contribution/maximumLength`` bytes at a character boundary.
        static func bounded(_ text: String) -> String {
            guard text.utf8.count > Contribution.maximumLength else { return text }
            var cut = ""
            var bytes = 0
            for character in text {
                bytes += character.utf8.count
                if bytes > Contribution.maximumLength { break }
                cut.append(character)
            }
            return cut
        }

        /// Hands an event to the machine, carries out its actions, and lets the handler run
        /// until it waits again.
        func handle(_ event: SessionMachine.Event, at time: Duration) async {
            let actions = runner.shared.withLock { $0.machine.handle(event, at: time) }
            await perform(actions, at: time)
            await settle(at: time)
        }

        /// While the handler is busy, waits for its next signal and hands it to the machine.
        ///
        /// The signal counts at `time`, the session time of the event that set the handler to
        /// work, so that a replay reaches the same timings however long the handler took.
        private func settle(at time: Duration) async {
            while runner.shared.withLock({ $0.machine.isHandlerBusy }) {
                guard let signal = await signals.next() else { return }
                let event: SessionMachine.Event
                switch signal {
                case .waits(.input(let epoch, let accepting), let visit):
                    event = .handlerWaitsForInput(visit: visit, epoch: epoch, accepting: accepting)
                case .finishes(let epoch, let visit): event = .handlerFinishesSegment(visit: visit, epoch: epoch)
                case .waits(.segment(let after), let visit): event = .handlerWaitsForSegment(visit: visit, after: after)
                case .returned(let visit): event = .handlerReturned(visit: visit)
                }
                let actions = runner.shared.withLock { $0.machine.handle(event, at: time) }
                await perform(actions, at: time)
            }
        }

        func perform(_ actions: [SessionMachine.Action], at time: Duration) async {
            var queue = actions[...]
            while let action = queue.popFirst() {
                switch action {
                case .clock(let clockAction):
                    queue.append(contentsOf: await performClock(clockAction, at: time))
                case .startHandler(let step, let visit):
                    startHandler(step: step, visit: visit)
                case .deliver(let contribution):
                    let (context, at) = runner.shared.withLock { ($0.context, $0.machine.deliveredAt) }
                    if context?.deliver(contribution, at: at) != true { keep(contribution, step: runner.shared.withLock { $0.machine.clock.stepIndex }) }
                case .deliverCommand(let command):
                    let (context, at) = runner.shared.withLock { ($0.context, $0.machine.deliveredAt) }
                    _ = context?.deliver(Contribution("/" + command.rawValue), command: command, at: at)
                case .endHandlerSegment:
                    runner.shared.withLock { $0.context }?.endSegment()
                case .moveHandler(let segment):
                    _ = runner.shared.withLock { $0.context }?.move(to: segment)
                case .keep(let contribution, let step):
                    keep(contribution, step: step)
                }
            }
        }

        /// A contribution nobody read: kept as a note of its step, so nothing is lost.
        private func keep(_ contribution: Contribution, step index: Int) {
            var note = Artifact.note(contribution.text, by: contribution.author, category: "typed").neutralized()
            note.stepID = runner.plan.steps[index].id
            runner.shared.withLock { state in
                if state.machine.clock.stepIndex == index {
                    let segment = state.machine.clock.segment
                    if let items = state.items[index] {
                        note.item = runner.plan.steps[index].itemLoop?.item(forRound: segment.round, in: items)
                    } else {
                        note.item = segment.item   // listed in the file, known from the plan
                    }
                    note.turn = segment.turn
                    note.speaker = segment.speaker?.neutralized()
                }
                state.artifacts[index].append(note)
            }
            show(.typed(Self.echo(contribution), hidden: false))
        }

        static func echo(_ contribution: Contribution) -> String {
            if case .device(let name) = contribution.source { return "\(name): \(contribution.text)".neutralized() }
            return contribution.text.neutralized()
        }

        /// Carries out one decision of the clock; returns what the machine answers to a closed step.
        private func performClock(_ action: RunnerMachine.Action, at time: Duration) async -> [SessionMachine.Action] {
            switch action {
            case .beginStep(let index):
                let step = planned(index)
                var seen: Set<RoleHolder> = []
                let holders = step.segments.flatMap(\.roles).filter { seen.insert($0).inserted }
                record(.stepStarted(index, roles: holders, at: time))
                runner.shared.withLock { state in
                    // A step run again supersedes its earlier run: only the last run counts.
                    if !state.artifacts[index].isEmpty {
                        state.superseded[index] += state.artifacts[index]
                        state.artifacts[index] = []
                    }
                    state.views[index] = nil
                }
                show(.stepStarted(step, exercise: step.exerciseIndex.map { runner.plan.exercises[$0] }))
            case .beginSegment(let stepIndex, let segmentIndex, _):
                let step = planned(stepIndex)
                let segment = step.segments[segmentIndex]
                let instructions = step.instructions.map { Placeholders.fill($0, with: segment.placeholderValues) }
                show(.segmentStarted(step, segment, instructions: instructions))
                if !step.phases.isEmpty { showPhase(0, of: step, segment: segment) }
                startTicker()
                refresh()
            case .beginPhase(let stepIndex, let segmentIndex, let phase, _):
                let step = planned(stepIndex)
                showPhase(phase, of: step, segment: step.segments[segmentIndex])
                refresh()
            case .warn(let remaining):
                show(.warning(remaining: remaining))
            case .timeUp(let advancing):
                show(.timeUp(advancing: advancing))
            case .endStep(let index, let skipped):
                let context = runner.shared.withLock { $0.context }
                context?.close()
                handlerTask?.cancel()
                await handlerTask?.value
                handlerTask = nil
                runner.shared.withLock { $0.context = nil }
                let timing = runner.shared.withLock { $0.machine.clock.timings[index] }
                let actual = (timing.ended ?? time) - (timing.started ?? .zero)
                show(.stepFinished(planned(index), actual: actual, skipped: skipped))
                return runner.shared.withLock { state in
                    // The loops over this step's result learn their items, ranked, before the next step begins.
                    for position in runner.itemLoopsFrom[index] ?? [] {
                        let loop = runner.plan.steps[position]
                        let items = loop.itemLoop!.items(from: state.artifacts[index])
                        state.items[position] = items
                        let rounds = loop.itemLoop!.roundsRun(of: loop.segments.first?.rounds ?? 1, items: items)
                        _ = state.machine.handle(.itemsKnown(step: position, count: rounds), at: time)
                    }
                    for position in runner.turnFiltersFrom[index] ?? [] {
                        let speakers = runner.plan.steps[position].turnFilter!.speakers(from: state.artifacts[index])
                        _ = state.machine.handle(.speakersKnown(step: position, speakers: speakers), at: time)
                    }
                    return state.machine.handle(.stepClosed, at: time)
                }
            case .paused:
                show(.paused)
                refresh()
            case .resumed:
                show(.resumed)
                refresh()
            case .extended(let extra, _):
                show(.extended(by: extra))
                refresh()
            case .setAlarm(let alarm):
                setAlarm(alarm)
            case .notice(let text):
                show(.notice(text))
            case .finish(let done):
                completed = done
            case .voteOpened(_, _, let offered, _):
                show(.notice(Self.voteOpening(offered: offered)))
                showVote()
                refresh()
            case .voteCounted:
                showVote()
            case .voteClosed(let record):
                show(.notice(Self.voteOutcome(record, room: runner.plan.names.count)))
                // The step's own view again, as it stood before the vote (an empty one clears the vote's).
                let view = runner.shared.withLock { state in state.views[state.machine.clock.stepIndex] }
                show(.view(view ?? StepView()))
                refresh()
            }
            return []
        }

        /// The step as planned, with the items of a `for_each:` loop in its segments once known.
        private func planned(_ index: Int) -> PlannedStep {
            var step = runner.plan.steps[index]
            guard let items = runner.shared.withLock({ $0.items[index] }), let loop = step.itemLoop else { return step }
            for position in step.segments.indices {
                let round = step.segments[position].round
                step.segments[position].item = loop.item(forRound: round, in: items)
                if let pick = loop.pick {
                    step.segments[position].itemRank = pick
                    step.segments[position].itemCount = items.count
                } else {
                    step.segments[position].rounds = min(step.segments[position].rounds, items.count)
                }
            }
            return step
        }

        private func showPhase(_ index: Int, of step: PlannedStep, segment: Segment) {
            let phase = step.phases[index]
            let values = segment.placeholderValues
            show(.phaseStarted(step, segment, phase: index, prompt: phase.prompt.map { Placeholders.fill($0, with: values) },
                               focus: phase.focus.map { Placeholders.fill($0, with: values) }))
        }

        /// Builds the step's context and starts its handler; a step whose handler cannot be
        /// bound tells the room and runs on its timer.
        private func startHandler(step index: Int, visit: Int) {
            let runner = self.runner
            let step = planned(index)
            guard let handler = runner.plan.handlers[index] else {
                show(.notice("Step '\(step.id)' has no handler that can run it; its timer runs on."))
                signalSink.yield(.returned(visit: visit))
                return
            }
            let input = runner.shared.withLock { state in step.inputIndices.flatMap { state.artifacts[$0] } }
            let signals = signalSink
            let context = StepContext(
                step: step, exercise: step.exerciseIndex.map { runner.plan.exercises[$0] }, participants: runner.plan.participants,
                input: input, carried: runner.carried,
                link: StepContext.Link(
                    output: { output in runner.output(output, step: index) },
                    record: { artifact, shown in
                        runner.shared.withLock { state in
                            state.recorded.append(state.artifacts[index].count)
                            state.artifacts[index].append(artifact)
                        }
                        if shown { runner.show(.artifact(artifact)) }
                    },
                    timer: {
                        let time = runner.now()
                        return runner.shared.withLock { state in
                            let status = state.machine.clock.status(at: time)
                            return .init(remaining: status.remaining, deadline: state.machine.clock.deadline, isPaused: status.isPaused)
                        }
                    },
                    waiting: { wait in signals.yield(.waits(wait, visit: visit)) },
                    finishing: { epoch in signals.yield(.finishes(epoch: epoch, visit: visit)) },
                    withdraw: { records in
                        runner.shared.withLock { state in
                            // Positions in the step's artifacts of the handler's records, last first.
                            let positions = records.compactMap { state.recorded.indices.contains($0) ? state.recorded[$0] : nil }
                            for position in positions.sorted(by: >) where state.artifacts[index].indices.contains(position) {
                                var withdrawn = state.artifacts[index].remove(at: position)
                                withdrawn.category = withdrawn.category.map { "withdrawn: " + $0 } ?? "withdrawn"
                                state.superseded[index].append(withdrawn)
                                state.recorded = state.recorded.map { $0 > position ? $0 - 1 : $0 }
                            }
                        }
                    }))
            runner.shared.withLock { state in
                state.context = context
                state.recorded = []
            }
            handlerTask = Task {
                await handler.run(context)
                signals.yield(.returned(visit: visit))
            }
        }

        private func setAlarm(_ time: Duration?) {
            alarmTask?.cancel()
            alarmGeneration += 1
            pendingAlarm = time
            guard let time, !replaying else { return }
            let generation = alarmGeneration
            let when = runner.instant(at: time)
            alarmTask = Task { [clock = runner.clock, sink] in
                do { try await clock.sleep(until: when, tolerance: nil) } catch { return }
                sink.yield(.alarm(generation))
            }
        }

        private func startTicker() {
            ticker?.cancel()
            guard runner.display.wantsTicks, !replaying else { return }
            let speed = runner.speed
            ticker = Task { [clock = runner.clock, sink] in
                var second = 1
                let base = clock.now
                while !Task.isCancelled {
                    do { try await clock.sleep(until: base.advanced(by: .seconds(second) / speed), tolerance: nil) } catch { return }
                    second += 1
                    sink.yield(.tick)
                }
            }
        }

        private func refresh() {
            guard !replaying else { return }
            let time = runner.now()
            let status = runner.shared.withLock { $0.machine.isFinished ? nil : $0.machine.clock.status(at: time) }
            if let status { runner.display.refresh(status) }
        }
    }

    /// A handler's output, as the screen shows it; the latest view is kept for the report.
    func output(_ output: StepOutput, step index: Int) {
        switch output {
        case .say(let text): show(.say(text))
        case .prompt(let text, let secret): show(.prompt(text, hidden: secret))
        case .took(let contribution, let secret): show(.typed(Drive.echo(contribution), hidden: secret))
        case .clear: show(.clear)
        case .view(let view):
            shared.withLock { $0.views[index] = view }
            show(.view(view))
        }
    }
}

