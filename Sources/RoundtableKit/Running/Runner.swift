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
///
/// With a `recorder`, every typed line is written to disk (and synced) before it is acted
/// on, and every `heartbeat` of real time a record notes that the session still runs (a
/// crash loses at most that much of the current step's clock). ``run(resuming:)`` replays such a journal in virtual time — same plan, same lines at
/// the same session times, so handlers rebuild the same state — and then goes on live
/// from where the journal ends.
public final class Runner<C: Clock>: Sendable where C.Duration == Duration {
    public let plan: Plan
    let registry: HandlerRegistry
    let clock: C
    let display: any RunDisplay
    let input: any RunInput
    let speed: Double
    let recorder: (any SessionRecorder)?
    /// How often a running session notes in its journal that it is still running.
    let heartbeat: Duration
    /// What the team carried into this session (open commitments …), for the handlers.
    let carried: [CarriedItem]
    let shared: Mutex<Shared>

    struct Shared {
        var machine: SessionMachine
        var artifacts: [[Artifact]]
        /// Artifacts of earlier runs of a step that the room went back to and ran again.
        var superseded: [[Artifact]]
        /// The last view each step published.
        var views: [StepView?]
        var context: StepContext?
        var start: C.Instant?
        /// Session time at `start` (non-zero after a resume).
        var offset: Duration = .zero
        /// While replaying a journal, the session time of the record being replayed.
        var virtualNow: Duration?
        var replaying = false
        /// Where contributions from outside the keyboard go while the session runs.
        var sink: AsyncStream<DriverEvent>.Continuation?
    }

    enum DriverEvent: Sendable {
        case line(String)
        case contribution(Contribution, acknowledge: (@Sendable (Bool) -> Void)?)
        case inputClosed
        case alarm(Int)
        case tick
        case heartbeat
    }

    /// What a handler tells the driver: it waits, or it returned.
    enum HandlerSignal: Sendable {
        case waits(StepContext.Wait, visit: Int)
        case returned(visit: Int)
    }

    public init(
        plan: Plan, registry: HandlerRegistry, clock: C, display: any RunDisplay, input: any RunInput, speed: Double = 1,
        recorder: (any SessionRecorder)? = nil, heartbeat: Duration = .seconds(5), carried: [CarriedItem] = []
    ) {
        self.plan = plan
        self.registry = registry
        self.clock = clock
        self.display = display
        self.input = input
        self.speed = speed > 0 ? speed : 1
        self.recorder = recorder
        self.heartbeat = heartbeat
        self.carried = carried
        let empty = Array(repeating: [Artifact](), count: plan.steps.count)
        shared = Mutex(Shared(
            machine: SessionMachine(plan: plan), artifacts: empty, superseded: empty,
            views: Array(repeating: nil, count: plan.steps.count)))
    }

    /// Hands the session a contribution from outside the keyboard (a participant's device).
    ///
    /// It is journaled before anything acts on it; `acknowledge` is then called with true
    /// (with false when the session is not running or the journal could not be written).
    ///
    /// - Parameters:
    ///   - contribution: What was sent, with its source and author.
    ///   - acknowledge: Called once the contribution is on disk, or refused.
    public func submit(_ contribution: Contribution, acknowledge: (@Sendable (Bool) -> Void)? = nil) {
        let sink = shared.withLock { $0.sink }
        guard let sink, case .enqueued = sink.yield(.contribution(contribution, acknowledge: acknowledge)) else {
            acknowledge?(false)
            return
        }
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

    /// Session time now: the replayed time, or real time since the start times `speed`.
    func now() -> Duration {
        shared.withLock { state in
            if let virtual = state.virtualNow { return virtual }
            guard let start = state.start else { return state.offset }
            return state.offset + start.duration(to: clock.now) * speed
        }
    }

    func instant(at sessionTime: Duration) -> C.Instant {
        shared.withLock { state in
            let start = state.start ?? clock.now
            let ahead = sessionTime - state.offset
            return start.advanced(by: ahead > .zero ? ahead / speed : .zero)
        }
    }

    /// Runs the whole plan (after replaying `journal`, if given) and returns what it produced.
    ///
    /// - Parameters:
    ///   - journal: records of an interrupted run of the same plan; their contributions are
    ///     replayed in virtual time, then the session continues live from the journal's last time.
    ///   - live: false to stop after the replay (a report of a session still running).
    public func run(resuming journal: [JournalRecord] = [], live: Bool = true) async -> RunResult {
        let drive = Drive(runner: self)
        return await drive.run(replaying: journal, live: live)
    }

    /// Display output; while a journal is replayed, past bells stay silent.
    func show(_ event: DisplayEvent) {
        if shared.withLock({ $0.replaying }) {
            switch event {
            case .warning, .timeUp, .sessionStarted: return
            default: break
            }
        }
        display.show(event)
    }

    enum ParsedCommand: Equatable {
        case machine(RunnerMachine.Command)
        case help
        case unknown(String)
        case invalid(String)
    }

    /// True for `/quit` (and its short forms): it stops the process, not the session's content.
    public static func isQuit(_ line: String) -> Bool { command(from: line) == .machine(.quit) }

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
