import Clocks
import ConcurrencyExtras
import Foundation
import RoundtableKit

/// Runs an exercise the way a test wants it: real loader, registry, planner and runner,
/// scripted input and a test clock that jumps from timer to timer.
///
/// ```swift
/// import RoundtableTesting
///
/// @Test func dotsAreCounted() async throws {
///     let rehearsal = try Rehearsal(yaml: exerciseText, handlers: BuiltInHandlers.all,
///                                   participants: ["Ana", "Ben", "Chen"])
///     let result = await rehearsal.run(["idea one", "idea two", "/next", "1", "2", "1"])
///     #expect(result.artifacts(of: "vote").map(\.text) == ["idea one", "idea two", "idea one"])
/// }
/// ```
///
/// When the script ends, the remaining timers run out at once (as in `--input /dev/null`),
/// so every rehearsal finishes.
public struct Rehearsal: Sendable {
    public let plan: Plan
    public let registry: HandlerRegistry
    /// What the team carried in from "earlier sessions" (open commitments …), for accountability steps.
    public var carried: [CarriedItem] = []

    /// Loads `yaml` (an exercise, or an agenda of breaks) and plans it.
    ///
    /// - Throws: `LoadError` with located diagnostics when the text is invalid.
    public init(yaml: String, handlers: [any ExerciseHandler.Type], participants: [String], seed: UInt64 = 0,
                params: [String: String] = [:], history: RoleHistory = RoleHistory(), file: String = "rehearsal.yaml") throws {
        registry = try HandlerRegistry(handlers)
        let loader = Loader(registry: registry)
        let document = try loader.document(from: try loader.yaml.parse(text: yaml, file: file))
        plan = try Planner(registry: registry).plan(document, participants: participants.map { Participant($0) }, seed: seed, params: params,
                                  history: history)
    }

    /// Plans an already loaded document (an agenda resolved against a library, say).
    public init(document: Document, registry: HandlerRegistry, participants: [String], seed: UInt64 = 0) throws {
        self.registry = registry
        plan = try Planner(registry: registry).plan(document, participants: participants.map { Participant($0) }, seed: seed)
    }

    /// Runs the whole plan with `script` as the typed lines, and returns what it produced.
    public func run(_ script: [String]) async -> Rehearsed {
        await drive(input: ScriptedInput(script)) { runner, done in
            // The script is typed at once, before any time passes: the clock runs only once the
            // runner has taken every line, so no line lands in a later turn than it was typed for.
            while !runner.hasTakenAllInput && !done.value {
                await Task.megaYield()
            }
        }
    }

    /// Runs the exercise with contributions from the keyboard and from participants' devices,
    /// delivered in this order as a live session would take them; then the timers run out.
    ///
    /// ```swift
    /// let rehearsed = await rehearsal.run(contributions: [
    ///     Contribution("calmer releases", source: .device("Ana")),
    ///     Contribution("Ben: pairing days"),     // typed on the keyboard, signed
    ///     Contribution("/next"),
    /// ])
    /// ```
    public func run(contributions script: [Contribution]) async -> Rehearsed {
        let (lines, keyboard) = AsyncStream<String>.makeStream()
        return await drive(input: StreamInput(stream: lines)) { runner, _ in
            await Task.megaYield()
            for contribution in script {
                if contribution.source == .keyboard { keyboard.yield(contribution.text) } else { runner.submit(contribution) }
                await Task.megaYield()
            }
            keyboard.finish()
        }
    }

    /// Runs the plan on a test clock with `input`: `feed` gives the runner what the room
    /// types; then the timers run out (the runner may still be busy for a moment when the
    /// clock has no sleeper left, so the clock runs until the session ends).
    private func drive(input: any RunInput,
                       feed: @Sendable (Runner<TestClock<Duration>>, LockIsolated<Bool>) async -> Void) async -> Rehearsed {
        let box = Box()
        await TestClockGate.run("rehearsal of \(plan.title)") {
            let clock = TestClock()
            let start = clock.now
            let display = RecordingDisplay { start.duration(to: clock.now) }
            let runner = Runner(plan: plan, registry: registry, clock: clock, display: display, input: input, carried: carried)
            let done = LockIsolated(false)
            let task = Task {
                let result = await runner.run()
                done.setValue(true)
                return result
            }
            await feed(runner, done)
            while !done.value {
                await Task.megaYield()
                await clock.run()
            }
            let result = await task.value
            box.value = Rehearsed(result: result, events: display.recorded)
        }
        return box.value!
    }

    /// Keyboard lines fed while the rehearsal runs.
    private struct StreamInput: RunInput {
        let stream: AsyncStream<String>
        func lines() -> AsyncStream<String> { stream }
    }

    private final class Box: @unchecked Sendable {
        var value: Rehearsed?
    }
}

/// What a rehearsal produced, with helpers to look at it.
public struct Rehearsed: Sendable {
    public var result: RunResult
    /// Every display event with the session time it happened at.
    public var events: [(at: Duration, event: DisplayEvent)]

    /// What the step with this id produced (all visits); the lines it refused are apart, in ``refused(in:)``.
    public func artifacts(of stepID: String) -> [Artifact] {
        zip(result.plan.steps, result.artifacts).filter { $0.0.id == stepID }.flatMap(\.1).filter { $0.category != "rejected" }
    }

    /// The lines the step with this id refused, kept as `rejected` notes with the reason.
    public func refused(in stepID: String) -> [Artifact] {
        zip(result.plan.steps, result.artifacts).filter { $0.0.id == stepID }.flatMap(\.1).filter { $0.category == "rejected" }
    }

    /// The view the step with this id left on screen (its last visit): what the room saw
    /// when it ended.
    public func lastView(of stepID: String) -> StepView? {
        zip(result.plan.steps, result.views).reversed().first { $0.0.id == stepID }?.1 ?? nil
    }

    /// Everything handlers said to the room, in order.
    public var announcements: [String] {
        events.compactMap { if case .say(let text) = $0.event { return text } else { return nil } }
    }

    /// The Markdown report of the run.
    public var report: String { MarkdownReport.render(result, date: Date(timeIntervalSince1970: 0)) }
}

/// A display that records every event with its session time.
public final class RecordingDisplay: RunDisplay {
    private let lock = NSLock()
    nonisolated(unsafe) private var events: [(Duration, DisplayEvent)] = []
    private let now: @Sendable () -> Duration

    public var wantsTicks: Bool { false }

    public init(now: @escaping @Sendable () -> Duration) { self.now = now }

    public func show(_ event: DisplayEvent) {
        let time = now()
        lock.lock()
        events.append((time, event))
        lock.unlock()
    }

    public func refresh(_ status: RunStatus) {}

    public var recorded: [(at: Duration, event: DisplayEvent)] {
        lock.lock()
        defer { lock.unlock() }
        return events.map { (at: $0.0, event: $0.1) }
    }
}
