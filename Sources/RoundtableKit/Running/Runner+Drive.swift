import Foundation

extension Runner {
    /// The state of one run: tasks, alarms and the queue of events, owned by the task
    /// that calls ``Runner/run(resuming:live:)``.
    final class Drive {
        let runner: Runner
        let events: AsyncStream<DriverEvent>
        let sink: AsyncStream<DriverEvent>.Continuation
        var alarmTask: Task<Void, Never>?
        var alarmGeneration = 0
        /// The session time of the pending alarm (kept while replaying, when nothing sleeps).
        var pendingAlarm: Duration?
        var handlerTask: Task<Void, Never>?
        var handlerGeneration = 0
        var pendingHandler: (@Sendable () async -> Void)?
        var freshStep = false
        var ticker: Task<Void, Never>?
        var completed = false
        var replaying: Bool {
            get { runner.shared.withLock { $0.replaying } }
            set { runner.shared.withLock { $0.replaying = newValue } }
        }

        init(runner: Runner) {
            self.runner = runner
            (events, sink) = AsyncStream<DriverEvent>.makeStream()
        }

        var machineFinished: Bool { runner.shared.withLock { $0.machine.isFinished } }

        func show(_ event: DisplayEvent) { runner.show(event) }

        /// Whether the room was told that the journal cannot be written.
        var journalFailureShown = false

        func record(_ record: JournalRecord) {
            guard !replaying, let recorder = runner.recorder else { return }
            if !recorder.record(record) && !journalFailureShown {
                journalFailureShown = true
                show(.notice("The session journal cannot be written (disk full or removed?): from here on a crash loses what is typed. "
                             + "Free some space; the report is still written at the end."))
            }
        }

        func run(replaying journal: [JournalRecord], live: Bool) async -> RunResult {
            let runner = self.runner
            showEvent = { event in runner.show(event) }
            let lines = journal.filter { if case .session = $0 { return false } else { return true } }
            if lines.isEmpty {
                runner.shared.withLock { $0.start = runner.clock.now }
                show(.sessionStarted(runner.plan))
                await perform(runner.shared.withLock { $0.machine.handle(.start, at: .zero) }, at: .zero)
            } else {
                await replay(lines)
            }
            guard live, !machineFinished else { return finish() }

            // Live from here: session time continues where the journal (or the start) left it.
            let reader = Task { [input = runner.input, sink] in
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
            for await event in events {
                if machineFinished { break }
                await process(event, at: runner.now())
                if machineFinished { break }
            }
            return finish()
        }

        private var showEvent: (@Sendable (DisplayEvent) -> Void)?

        private func finish() -> RunResult {
            alarmTask?.cancel()
            ticker?.cancel()
            sink.finish()
            let elapsed = runner.now()
            if machineFinished { record(.finished(completed: completed, at: elapsed)) }
            let result = runner.shared.withLock { state in
                RunResult(plan: runner.plan, artifacts: state.artifacts, timings: state.machine.timings,
                          completed: completed && state.machine.isFinished, elapsed: elapsed)
            }
            if machineFinished { runner.display.show(.sessionFinished(result)) }
            return result
        }

        // MARK: Replay

        /// Feeds the journal's records to the machine in virtual time, firing the alarms
        /// that fell between them, and letting handlers settle after each step.
        private func replay(_ records: [JournalRecord]) async {
            replaying = true
            runner.shared.withLock { $0.virtualNow = .zero }
            await perform(runner.shared.withLock { $0.machine.handle(.start, at: .zero) }, at: .zero)
            await settle(at: .zero)
            var last: Duration = .zero
            for record in records {
                guard let time = record.time else { continue }
                await fireAlarms(upTo: time)
                if machineFinished { break }
                setVirtual(time)
                last = time
                switch record {
                case .line(let text, _): await process(.line(text), at: time)
                case .inputClosed: await process(.inputClosed, at: time)
                default: break
                }
                await settle(at: time)
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

        private func setVirtual(_ time: Duration) { runner.shared.withLock { $0.virtualNow = time } }

        private func fireAlarms(upTo time: Duration) async {
            while let alarm = pendingAlarm, alarm <= time, !machineFinished {
                pendingAlarm = nil
                setVirtual(alarm)
                await process(.alarm(alarmGeneration), at: alarm)
                await settle(at: alarm)
            }
        }

        /// Waits until the current handler waits for input or has returned (then tells the machine).
        func settle(at time: Duration) async {
            for _ in 0..<10_000 {
                guard !machineFinished else { return }
                let context = runner.shared.withLock { $0.context }
                guard let context, handlerTask != nil else { return }
                if context.isFinished {
                    await process(.handlerReturned(handlerGeneration), at: time)
                    continue
                }
                if context.isWaiting { return }
                await Task.yield()
            }
        }

        // MARK: Events

        func process(_ event: DriverEvent, at time: Duration) async {
            switch event {
            case .line(let text):
                record(.line(text, at: time))
                if let command = Runner.command(from: text) {
                    switch command {
                    case .help:
                        show(.help(Runner.commandHelp))
                    case .unknown(let word):
                        show(.notice("Unknown command \(word.neutralized()). Type /help for the list; //text sends a line starting with /."))
                    case .invalid(let message):
                        show(.notice(message))
                    case .machine(let command):
                        await perform(runner.shared.withLock { $0.machine.handle(.command(command), at: time) }, at: time)
                    }
                } else {
                    runner.deliver(text.hasPrefix("//") ? String(text.dropFirst()) : text, show: show)
                    // Let the handler take the line before the next one is read: a handler that
                    // ends its step on this line must not swallow lines meant for the next step.
                    await settle(at: time)
                }
            case .inputClosed:
                record(.inputClosed(at: time))
                await perform(runner.shared.withLock { $0.machine.handle(.inputClosed, at: time) }, at: time)
            case .alarm(let generation):
                guard generation == alarmGeneration else { return }
                await perform(runner.shared.withLock { $0.machine.handle(.alarm, at: time) }, at: time)
            case .handlerReturned(let generation):
                guard generation == handlerGeneration else { return }
                await perform(runner.shared.withLock { $0.machine.handle(.handlerReturned, at: time) }, at: time)
            case .tick:
                refresh()
            case .heartbeat:
                record(.heartbeat(at: time))
            }
        }

        func perform(_ actions: [RunnerMachine.Action], at time: Duration) async {
            var queue = actions[...]
            while let action = queue.popFirst() {
                switch action {
                case .beginStep(let index):
                    handlerGeneration += 1
                    freshStep = true
                    let holders = runner.plan.steps[index].segments.flatMap(\.roles)
                    var seen: Set<RoleHolder> = []
                    record(.stepStarted(index, roles: holders.filter { seen.insert($0).inserted }, at: time))
                    pendingHandler = runner.prepareStep(index, generation: handlerGeneration, sink: sink, show: showEvent!)
                case .beginSegment(let stepIndex, let segmentIndex, _):
                    let step = runner.plan.steps[stepIndex]
                    let segment = step.segments[segmentIndex]
                    // A new step's context starts in its first segment; later ones (and /back) move it.
                    if freshStep { freshStep = false } else { runner.shared.withLock { $0.context }?.beginSegment(segmentIndex) }
                    let instructions = step.instructions.map { Placeholders.fill($0, with: segment.placeholderValues) }
                    show(.segmentStarted(step, segment, instructions: instructions))
                    if let start = pendingHandler {
                        // The handler starts once the room has seen the step, so its first words follow the heading.
                        pendingHandler = nil
                        handlerTask = Task { await start() }
                    }
                    startTicker()
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
                    if let context {
                        // Lines the handler never read are kept as notes: nothing typed is lost.
                        for line in context.takeUnconsumed() {
                            context.record(.note(line.text, category: "typed"))
                        }
                    }
                    runner.shared.withLock { $0.context = nil }
                    let timing = runner.shared.withLock { $0.machine.timings[index] }
                    let actual = (timing.ended ?? time) - (timing.started ?? .zero)
                    show(.stepFinished(runner.plan.steps[index], actual: actual, skipped: skipped))
                    queue.append(contentsOf: runner.shared.withLock { $0.machine.handle(.stepClosed, at: time) })
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
                }
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
            let status = runner.shared.withLock { $0.machine.isFinished ? nil : $0.machine.status(at: time) }
            if let status { runner.display.refresh(status) }
        }
    }
}
