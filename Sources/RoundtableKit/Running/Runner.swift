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
    /// By step: the steps whose `for_each:` items, and those whose `only:` turns, its result
    /// gives (looked up when a step ends, rather than looking through every step each time).
    let itemLoopsFrom: [Int: [Int]]
    let turnFiltersFrom: [Int: [Int]]
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
        /// The items of each `for_each:` step, once its `from` step has ended.
        var items: [Int: [String]] = [:]
        var context: StepContext?
        /// Where each artifact the current step's handler recorded sits in its step's list.
        var recorded: [Int] = []
        var start: C.Instant?
        /// Session time at `start` (non-zero after a resume).
        var offset: Duration = .zero
        /// While replaying a journal, the session time of the record being replayed.
        var virtualNow: Duration?
        var replaying = false
        /// Where contributions from outside the keyboard go while the session runs.
        var sink: AsyncStream<DriverEvent>.Continuation?
        /// The times the session stood still before a resume.
        var interruptions: [Interruption] = []
    }

    enum DriverEvent: Sendable {
        case line(String)
        case contribution(Contribution, acknowledge: (@Sendable (Bool) -> Void)?)
        case inputClosed
        case alarm(Int)
        case tick
        case heartbeat
    }

    /// What a handler tells the driver: it waits, it ends its turn, or it returned.
    enum HandlerSignal: Sendable {
        case waits(StepContext.Wait, visit: Int)
        case finishes(epoch: Int, visit: Int)
        case returned(visit: Int)
    }

    public init(
        plan: Plan, registry: HandlerRegistry, clock: C, display: any RunDisplay, input: any RunInput, speed: Double = 1,
        recorder: (any SessionRecorder)? = nil, heartbeat: Duration = .seconds(5), carried: [CarriedItem] = []
    ) {
        self.plan = plan
        var loops: [Int: [Int]] = [:], filters: [Int: [Int]] = [:]
        for step in plan.steps {
            if let from = step.itemLoop?.fromIndex { loops[from, default: []].append(step.index) }
            if let from = step.turnFilter?.fromIndex { filters[from, default: []].append(step.index) }
        }
        self.itemLoopsFrom = loops
        self.turnFiltersFrom = filters
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

    /// The commands that apply now, for `/help`: the step's own first.
    ///
    /// - Parameter machine: The session as it stands.
    /// - Returns: One line per command, the command first.
    public static func commandHelp(for machine: SessionMachine) -> [String] {
        var lines: [String] = []
        if machine.clock.vote != nil {
            lines.append("Ana: up      a thumb on going on (up, sideways, down); a bare 'up' is one more hand")
            lines.append("up 3 down 1  the room's tally of hands without names (or three numbers: up, sideways, down)")
            lines.append("/next        count the thumbs now (more up than down: more time; otherwise move on)")
        }
        let taken = StepCommand.allCases.filter { machine.accepts($0) }
        lines += taken.map(\.help)
        let step = machine.isFinished ? nil : machine.clock.step
        let turns = !machine.isFinished && machine.clock.segment.speaker != nil
        if !taken.contains(.next) {
            lines.append(turns ? "/next         end this turn: the next speaker starts" : "/next         end this step and go on")
        }
        lines.append(turns ? "/back         back to the previous speaker" : "/back         back to the previous step (it runs again; only its last run counts)")
        if turns {
            lines.append("/skip         skip this speaker; /skip step skips the rest of the step")
        } else {
            lines.append("/skip         skip the rest of this step")
        }
        if let pass = step?.blockPass {
            lines.append("/skip block   skip the rest of '\(pass.block.neutralized())': this pass (\(pass.pass) of \(pass.passes)) and those after it")
        }
        if step?.isBreak != true {
            lines.append("/extend [2]   add minutes to this \(turns ? "turn" : "step") (2 = 2m; 30s, 1m30s work too; default 1m)")
        }
        if machine.clock.fitting.proposal != nil {
            lines.append("/fit yes      drop the steps proposed and fit the rest; /fit no keeps the plan")
        } else {
            lines.append("/fit          fit the rest of the session to its timebox, within each step's bounds")
        }
        if !turns && step?.isBreak != true {
            lines.append("/speaker NAME who speaks now, for airtime (a name, its start or its number; alone: nobody); or type it and press Tab")
        }
        lines += [
            "/pause        stop the clock; /resume starts it again",
            "/quit         stop the session (everything typed is kept; resume goes on)",
            "/help         show these commands",
            "//text        send a line that starts with /",
        ]
        return lines
    }

    /// Every command word, for suggestions.
    static var commandWords: [String] { ["next", "back", "pause", "resume", "skip", "extend", "undo", "end", "quit", "help", "fit", "speaker"] }

    /// Whether the session has taken every keyboard line and seen the input end: a
    /// rehearsal lets the clock run only then, so that no scripted line lands late.
    public var hasTakenAllInput: Bool {
        shared.withLock { $0.machine.clock.inputClosed || $0.machine.isFinished }
    }

    /// Whether the session has replayed its journal (if any) and takes live input: a test
    /// that resumes a session lets the clock run only then, so that no timer is armed late.
    public var isLive: Bool {
        shared.withLock { $0.sink != nil || $0.machine.isFinished }
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
    ///   - interruption: how long, by the wall clock, the session stood still before this
    ///     resume; recorded, and counted into the agenda's slip.
    public func run(resuming journal: [JournalRecord] = [], live: Bool = true, interruption: Duration? = nil) async -> RunResult {
        let drive = Drive(runner: self)
        return await drive.run(replaying: journal, live: live, interruption: interruption)
    }

    /// Notes an interruption: in the result, and in the machine's slip at this session's speed.
    func stoodStill(_ interruption: Interruption) {
        shared.withLock { state in
            state.interruptions.append(interruption)
            state.machine.stoodStill(for: interruption.length * speed)
        }
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
        case step(StepCommand)
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
        case "skip":
            switch argument.lowercased() {
            case "": return .machine(.skip)
            case "step": return .machine(.skipStep)
            case "block": return .machine(.skipBlock)
            // A mistyped word must not skip more (or less) than was meant.
            default: return .invalid("/skip skips the rest of this step (or this speaker's turn); /skip step the step; /skip block the rest of a repeated block.")
            }
        case "undo", "u": return .step(.undo)
        case "end": return .step(.end)
        case "quit", "q": return .machine(.quit)
        case "help", "h", "?": return .help
        case "fit":
            switch argument.lowercased() {
            case "": return .machine(.fit(.now))
            case "yes", "y": return .machine(.fit(.confirm))
            case "no": return .machine(.fit(.decline))
            default: return .invalid("/fit fits the rest of the session to its timebox; /fit yes confirms dropping what it proposes, /fit no keeps the plan.")
            }
        case "speaker", "sp": return .machine(.speaker(argument.isEmpty ? nil : String(argument.prefix(64))))
        case "extend", "e", "+":
            if argument.isEmpty { return .machine(.extend(.seconds(60))) }
            // A bare number is minutes: "/extend 2" is what people type.
            if let minutes = Int(argument), (1...60).contains(minutes) { return .machine(.extend(.seconds(minutes * 60))) }
            guard argument.count <= 16, let extra = DurationText.parse(argument), extra > .zero else {
                return .invalid("Extend by minutes or a duration: /extend 2, /extend 30s, /extend 1m30s (got '\(String(argument.prefix(16)).neutralized())').")
            }
            return .machine(.extend(extra))
        default:
            return .unknown("/" + word)
        }
    }
}
