import Foundation
import Synchronization

/// Runs a plan: carries out the ``RunnerMachine``'s decisions with a real (or test) clock,
/// the handlers of the registry, a display and an input.
///
/// ```swift
/// let runner = Runner(plan: plan, registry: registry, clock: ContinuousClock(),
///                     display: myDisplay, input: ScriptedInput(["idea one", "/next"]))
/// let result = await runner.run()
/// ```
///
/// With `speed` > 1 the session clock runs that many times faster than `clock`
/// (rehearsals). Slash commands typed as lines (`/next`, `/pause`, `/extend 2m` …) steer
/// the session; `//text` sends a line that starts with `/`.
public final class Runner<C: Clock>: Sendable where C.Duration == Duration {
    public let plan: Plan
    let registry: HandlerRegistry
    let clock: C
    let display: any RunDisplay
    let input: any RunInput
    let speed: Double
    private let shared: Mutex<Shared>

    private struct Shared {
        var machine: RunnerMachine
        var artifacts: [[Artifact]]
        var context: StepContext?
        var start: C.Instant?
    }

    private enum DriverEvent: Sendable {
        case line(String)
        case inputClosed
        case alarm(Int)
        case handlerReturned(Int)
        case tick
    }

    public init(
        plan: Plan, registry: HandlerRegistry, clock: C, display: any RunDisplay, input: any RunInput, speed: Double = 1
    ) {
        self.plan = plan
        self.registry = registry
        self.clock = clock
        self.display = display
        self.input = input
        self.speed = speed > 0 ? speed : 1
        shared = Mutex(Shared(machine: RunnerMachine(plan: plan), artifacts: Array(repeating: [], count: plan.steps.count)))
    }

    public static var commandHelp: [String] {
        [
            "/next         end this turn or step and go on",
            "/back         go back to the previous turn or step",
            "/pause        stop the clock; /resume starts it again",
            "/extend [2m]  add time to this step (default 1m)",
            "/skip         skip the rest of this step",
            "/quit         stop the session (everything typed is kept)",
            "/help         show these commands",
            "//text        send a line that starts with /",
        ]
    }

    /// Session time now: real time since the start, times `speed`.
    private func now() -> Duration {
        guard let start = shared.withLock({ $0.start }) else { return .zero }
        return start.duration(to: clock.now) * speed
    }

    private func instant(at sessionTime: Duration) -> C.Instant {
        let start = shared.withLock { $0.start } ?? clock.now
        return start.advanced(by: sessionTime / speed)
    }

    /// Runs the whole plan and returns what it produced.
    public func run() async -> RunResult {
        let (events, sink) = AsyncStream<DriverEvent>.makeStream()
        shared.withLock { $0.start = clock.now }
        display.show(.sessionStarted(plan))

        let reader = Task {
            for await line in input.lines() { sink.yield(.line(line)) }
            sink.yield(.inputClosed)
        }
        var alarmTask: Task<Void, Never>?
        var alarmGeneration = 0
        var handlerTask: Task<Void, Never>?
        var handlerGeneration = 0
        var ticker: Task<Void, Never>?
        var completed = false
        var freshStep = false
        var pendingHandler: (@Sendable () async -> Void)?

        func setAlarm(_ time: Duration?) {
            alarmTask?.cancel()
            alarmGeneration += 1
            guard let time else { return }
            let generation = alarmGeneration
            let when = instant(at: time)
            alarmTask = Task { [clock] in
                do { try await clock.sleep(until: when, tolerance: nil) } catch { return }
                sink.yield(.alarm(generation))
            }
        }

        func startTicker() {
            ticker?.cancel()
            guard display.wantsTicks else { return }
            ticker = Task { [clock] in
                var second = 1
                let base = clock.now
                while !Task.isCancelled {
                    do { try await clock.sleep(until: base.advanced(by: .seconds(second) / speed), tolerance: nil) } catch { return }
                    second += 1
                    sink.yield(.tick)
                }
            }
        }

        func refresh() {
            let time = now()
            let status = shared.withLock { $0.machine.isFinished ? nil : $0.machine.status(at: time) }
            if let status { display.refresh(status) }
        }

        func perform(_ actions: [RunnerMachine.Action]) async {
            var queue = actions[...]
            while let action = queue.popFirst() {
                switch action {
                case .beginStep(let index):
                    handlerGeneration += 1
                    freshStep = true
                    pendingHandler = prepareStep(index, generation: handlerGeneration, sink: sink)
                case .beginSegment(let stepIndex, let segmentIndex, _):
                    let step = plan.steps[stepIndex]
                    let segment = step.segments[segmentIndex]
                    // A new step's context starts in its first segment; later ones (and /back) move it.
                    if freshStep { freshStep = false } else { shared.withLock { $0.context }?.beginSegment(segmentIndex) }
                    let instructions = step.instructions.map { Placeholders.fill($0, with: segment.placeholderValues) }
                    display.show(.segmentStarted(step, segment, instructions: instructions))
                    if let start = pendingHandler {
                        // The handler starts once the room has seen the step, so its first words follow the heading.
                        pendingHandler = nil
                        handlerTask = Task { await start() }
                    }
                    startTicker()
                    refresh()
                case .warn(let remaining):
                    display.show(.warning(remaining: remaining))
                case .timeUp(let advancing):
                    display.show(.timeUp(advancing: advancing))
                case .endStep(let index, let skipped):
                    let context = shared.withLock { $0.context }
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
                    shared.withLock { $0.context = nil }
                    let timing = shared.withLock { $0.machine.timings[index] }
                    let actual = (timing.ended ?? now()) - (timing.started ?? .zero)
                    display.show(.stepFinished(plan.steps[index], actual: actual, skipped: skipped))
                    let time = now()
                    let next = shared.withLock { $0.machine.handle(.stepClosed, at: time) }
                    queue.append(contentsOf: next)
                case .paused:
                    display.show(.paused)
                    refresh()
                case .resumed:
                    display.show(.resumed)
                    refresh()
                case .extended(let extra, _):
                    display.show(.extended(by: extra))
                    refresh()
                case .setAlarm(let time):
                    setAlarm(time)
                case .notice(let text):
                    display.show(.notice(text))
                case .finish(let done):
                    completed = done
                }
            }
        }

        let time = now()
        await perform(shared.withLock { $0.machine.handle(.start, at: time) })

        for await event in events {
            if shared.withLock({ $0.machine.isFinished }) { break }
            let time = now()
            switch event {
            case .line(let text):
                if let command = Self.command(from: text) {
                    switch command {
                    case .help:
                        display.show(.help(Self.commandHelp))
                    case .unknown(let word):
                        display.show(.notice("Unknown command \(word.neutralized()). Type /help for the list; //text sends a line starting with /."))
                    case .invalid(let message):
                        display.show(.notice(message))
                    case .machine(let command):
                        await perform(shared.withLock { $0.machine.handle(.command(command), at: time) })
                    }
                } else {
                    let text = text.hasPrefix("//") ? String(text.dropFirst()) : text
                    deliver(text)
                }
            case .inputClosed:
                await perform(shared.withLock { $0.machine.handle(.inputClosed, at: time) })
            case .alarm(let generation):
                guard generation == alarmGeneration else { continue }
                await perform(shared.withLock { $0.machine.handle(.alarm, at: time) })
            case .handlerReturned(let generation):
                guard generation == handlerGeneration else { continue }
                await perform(shared.withLock { $0.machine.handle(.handlerReturned, at: time) })
            case .tick:
                refresh()
            }
            if shared.withLock({ $0.machine.isFinished }) { break }
        }
        alarmTask?.cancel()
        ticker?.cancel()
        reader.cancel()
        sink.finish()
        let elapsed = now()
        let result = shared.withLock { state in
            RunResult(plan: plan, artifacts: state.artifacts, timings: state.machine.timings, completed: completed, elapsed: elapsed)
        }
        display.show(.sessionFinished(result))
        return result
    }

    /// A typed line for the current step; during a break it is kept as a note.
    private func deliver(_ text: String) {
        let (context, stepIndex) = shared.withLock { ($0.context, $0.machine.stepIndex) }
        if let context {
            context.deliver(text)
        } else {
            var note = Artifact.note(text.neutralized(), category: "typed")
            note.stepID = plan.steps[stepIndex].id
            shared.withLock { $0.artifacts[stepIndex].append(note) }
            display.show(.typed(text.neutralized(), hidden: false))
        }
    }

    /// Shows the step and builds its context; returns the handler's work, not yet started.
    private func prepareStep(_ index: Int, generation: Int, sink: AsyncStream<DriverEvent>.Continuation) -> (@Sendable () async -> Void)? {
        let step = plan.steps[index]
        display.show(.stepStarted(step, exercise: step.exerciseIndex.map { plan.exercises[$0] }))
        guard let name = step.handler, let type = registry.handler(named: name) else {
            shared.withLock { $0.context = nil }
            return nil
        }
        let input = step.inputIndex.map { i in shared.withLock { $0.artifacts[i] } } ?? []
        let context = StepContext(
            step: step, exercise: step.exerciseIndex.map { plan.exercises[$0] }, participants: plan.participants,
            input: input, firstSegment: 0,
            output: { [display] event in display.show(event) },
            record: { [weak self] artifact in
                guard let self else { return }
                self.shared.withLock { $0.artifacts[index].append(artifact) }
                self.display.show(.artifact(artifact))
            },
            timer: { [weak self] in
                guard let self else { return .init(remaining: .zero, deadline: nil, isPaused: false) }
                let time = self.now()
                return self.shared.withLock { state in
                    let status = state.machine.status(at: time)
                    return .init(remaining: status.remaining, deadline: state.machine.deadline, isPaused: status.isPaused)
                }
            })
        shared.withLock { $0.context = context }
        let handlerInfo = HandlerConfig.StepInfo(
            id: step.id, hasInput: step.inputIndex != nil, eachParticipant: step.eachParticipant,
            groupSize: step.segments.first?.groups.first?.count, rounds: step.segments.last?.round ?? 1,
            location: step.location ?? SourceLocation(file: "", line: 1, column: 1))
        guard let handler = registry.instantiate(type, info: handlerInfo, config: step.config).handler else {
            display.show(.notice("The config of step '\(step.id)' is invalid; run `roundtable validate`."))
            return nil
        }
        return {
            await handler.run(context)
            sink.yield(.handlerReturned(generation))
        }
    }

    enum ParsedCommand: Equatable {
        case machine(RunnerMachine.Command)
        case help
        case unknown(String)
        case invalid(String)
    }

    /// The slash command a typed line stands for, or nil for an ordinary line.
    static func command(from line: String) -> ParsedCommand? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") else { return nil }
        let words = trimmed.dropFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard let word = words.first?.lowercased() else { return .unknown("/") }
        let argument = words.dropFirst().joined(separator: " ")
        switch word {
        case "next", "n": return .machine(.next)
        case "back", "b": return .machine(.back)
        case "pause", "p": return .machine(.pause)
        case "resume", "r": return .machine(.resume)
        case "skip": return .machine(.skip)
        case "quit", "q": return .machine(.quit)
        case "help", "h", "?": return .help
        case "extend", "e", "+":
            if argument.isEmpty { return .machine(.extend(.seconds(60))) }
            guard let extra = DurationText.parse(argument), extra > .zero else {
                return .invalid("Extend by a duration such as 30s, 2m or 1m30s (got '\(argument.neutralized())').")
            }
            return .machine(.extend(extra))
        default:
            return .unknown("/" + word)
        }
    }
}
