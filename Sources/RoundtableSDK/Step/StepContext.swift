import Foundation
import Synchronization

/// What a handler sees of its step while it runs, and how it talks to the room.
///
/// Contributions (typed lines, or what participants send from their devices) reach the
/// handler one at a time when it asks for one: ``line(prompt:hidden:)`` waits for the
/// next contribution of the current segment (a round, or one speaker's turn) and returns
/// nil when that segment is over — by its timer, by `/next`, or because the step ended.
/// ``nextSegment()`` then moves on and returns nil when the step itself is over. The
/// session machine decides which contribution belongs to which step and segment, and
/// hands one over only while the handler waits; a handler that has moved on never gets a
/// line typed in an earlier turn, and a line nobody read is kept as a note.
///
/// For "everyone answers, in any order" (ballots, scores, silent writing), use
/// ``fromEveryone(_:of:verb:secret:showsNames:withinSegment:read:)``; it works the same for one
/// keyboard ("Ana: 1 1 3") and for thirty devices.
///
/// Slash commands (`/next`, `/pause`, …) never reach a handler; `//text` arrives as
/// `/text`. Text a handler shows is neutralized (control characters made visible), and
/// so is the text of every recorded artifact.
///
/// ```swift
/// public func run(_ step: StepContext) async {
///     repeat {
///         while let line = await step.line(prompt: "Idea (/next when done)") {
///             step.record(.idea(line.text, by: line.author ?? step.segment.speaker))
///         }
///     } while await step.nextSegment() != nil
/// }
/// ```
public final class StepContext: Sendable {
    /// What the handler waits for, as the session machine is told.
    package enum Wait: Sendable, Hashable {
        /// The next contribution of the handler's segment (the `epoch`-th segment the step
        /// began), or one of the `accepting` commands.
        case input(epoch: Int, accepting: Set<StepCommand>)
        /// The segment after the `epoch`-th one.
        case segment(after: Int)
    }

    /// The engine's side of a running step.
    package struct Link: Sendable {
        package var output: @Sendable (StepOutput) -> Void
        package var record: @Sendable (Artifact, _ shown: Bool) -> Void
        package var timer: @Sendable () -> TimerReading
        /// Called each time the handler starts to wait; the machine then hands it what it waits for.
        package var waiting: @Sendable (Wait) -> Void
        /// Called when the handler ends its own turn (the `epoch`-th segment) early.
        package var finishing: @Sendable (_ epoch: Int) -> Void
        /// Called when the handler takes back artifacts it recorded (positions among its records).
        package var withdraw: @Sendable (Range<Int>) -> Void

        package init(
            output: @escaping @Sendable (StepOutput) -> Void, record: @escaping @Sendable (Artifact, Bool) -> Void,
            timer: @escaping @Sendable () -> TimerReading, waiting: @escaping @Sendable (Wait) -> Void,
            finishing: @escaping @Sendable (Int) -> Void, withdraw: @escaping @Sendable (Range<Int>) -> Void
        ) {
            self.output = output
            self.record = record
            self.timer = timer
            self.waiting = waiting
            self.finishing = finishing
            self.withdraw = withdraw
        }
    }

    /// The planned step being run: its id, title, prompt, `config:` and segments.
    public let step: PlannedStep
    /// The exercise the step belongs to (its id, title and roles); nil only for a break.
    public let exercise: PlannedExercise?
    /// Everyone taking part, in the session's order.
    public let participants: [Participant]
    /// Artifacts of the steps named by `input:` (empty without one): with several
    /// (`input: [a, b]`, or an agenda item's `inputs:`), those of each step one after
    /// another, in the order written; each keeps its ``Artifact/stepID``.
    ///
    /// Most handlers want them as ``inputItems``: ranked votes, or ideas each once.
    public let input: [Artifact]
    /// What the team carried into this session from earlier ones (open commitments, …),
    /// as kept by the carry-overs of the registered handler modules (see ``Carryover``).
    public let carried: [CarriedItem]

    private let link: Link
    private let state: Mutex<State>

    private enum Waiter {
        case input(CheckedContinuation<Line?, Never>)
        case segment(CheckedContinuation<Segment?, Never>)
    }

    private struct State {
        var segmentIndex: Int
        /// How many times the handler moved to another segment.
        var epoch = 0
        /// The engine said the handler's segment is over; it reads nothing more in it.
        var segmentOver = false
        var closed = false
        var waiter: Waiter?
        var artifacts: [Artifact] = []
        var withdrawn: Set<Int> = []
        var view = StepView()
        var lastPrompt: String?
    }

    package init(
        step: PlannedStep, exercise: PlannedExercise?, participants: [Participant], input: [Artifact],
        carried: [CarriedItem] = [], link: Link
    ) {
        self.step = step
        self.exercise = exercise
        self.participants = participants
        self.input = input
        self.carried = carried
        self.link = link
        state = Mutex(State(segmentIndex: 0))
    }

    // MARK: For handlers

    /// The segment the handler is in: round, speaker, groups and role holders.
    ///
    /// It changes only when the handler calls ``nextSegment()``, so it stays the segment
    /// of the lines the handler is reading even when the room has moved on.
    public var segment: Segment {
        step.segments[state.withLock { $0.segmentIndex }]
    }

    /// Current role holders by role name.
    ///
    /// Only the roles the exercise declares; `step.roles["scribe"]` is nil in an exercise
    /// without a scribe.
    public var roles: [String: String] {
        Dictionary(segment.roles.map { ($0.role, $0.person) }, uniquingKeysWith: { first, _ in first })
    }

    /// The participants' names, in the session's order.
    public var names: [String] { participants.map(\.name) }

    /// The current segment's timer, read now.
    public var timer: TimerReading { link.timer() }

    /// Fills `{{role}}`, `{{speaker}}`, `{{round}}` … for the current segment.
    ///
    /// Use it on config text, which keeps its placeholders until the step runs:
    /// `step.announce(step.fill(question))`.
    ///
    /// - Parameter text: Text with `{{placeholders}}`.
    /// - Returns: The text with every placeholder the segment knows replaced.
    public func fill(_ text: String) -> String {
        Placeholders.fill(text, with: segment.placeholderValues)
    }

    /// Shows a message to the room.
    ///
    /// On a terminal it appears in the strip of recent events; in a report it does not
    /// (record an ``Artifact`` for what should last, publish a ``StepView`` for what should
    /// stay on screen). Newlines are kept, control characters are shown as visible symbols.
    ///
    /// - Parameter text: One or more lines.
    public func announce(_ text: String) {
        state.withLock { $0.lastPrompt = nil }
        link.output(.say(text.neutralized(keepingNewlines: true)))
    }

    /// Refuses a typed or sent line: tells the room why, and keeps the line for the report.
    ///
    /// Nothing typed is lost: the line is recorded as a ``Artifact/rejected(_:by:reason:)``
    /// note (kept off the screen, which shows the reason instead), and the report lists it
    /// with the reason in its own section.
    ///
    /// ```swift
    /// guard let column = columns.find(prefix) else {
    ///     return step.refuse(line.text, reason: "No column '\(prefix)'.")
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - text: The line as it was typed or sent.
    ///   - author: Who sent it, when known.
    ///   - reason: What the room is told; also kept with the line.
    public func refuse(_ text: String, by author: String? = nil, reason: String) {
        announce(reason)
        record(.rejected(text, by: author, reason: reason), shown: false)
    }

    /// Clears the working area (between secret voters on one keyboard).
    public func clearScreen() { link.output(.clear) }

    /// What the room sees of the step now (see ``show(_:)``).
    public var view: StepView { state.withLock { $0.view } }

    /// Publishes what the room should see of the step now, replacing the last view.
    ///
    /// Its text is neutralized (control characters made visible), as the text of artifacts is.
    ///
    /// - Parameter view: The whole picture: board, items with tallies, who is awaited.
    public func show(_ view: StepView) {
        let view = view.neutralized()
        let changed = state.withLock { state -> Bool in
            guard state.view != view else { return false }
            state.view = view
            return true
        }
        if changed { link.output(.view(view)) }
    }

    /// Changes part of the view and publishes it.
    ///
    /// ```swift
    /// step.updateView { $0.notes = ["Result: 9 dots from 3 voters"] }
    /// ```
    ///
    /// - Parameter change: Edits the current view in place.
    public func updateView(_ change: (inout StepView) -> Void) {
        var view = self.view
        change(&view)
        show(view)
    }

    /// Waits for the next contribution of the current segment; nil once the segment is over.
    ///
    /// The segment is over when its timer runs out with `on_zero: advance`, when the room
    /// types `/next` or `/skip`, or when the step or session ends; after that the handler
    /// calls ``nextSegment()``.
    ///
    /// ```swift
    /// while let line = await step.line(prompt: "Type an idea; /next when done") {
    ///     step.record(.idea(line.text, by: line.author ?? step.segment.speaker))
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - prompt: shown above the input line (nil keeps the current one).
    ///   - hidden: the text is kept off every screen (secret votes).
    ///   - accepting: the facilitator's commands the handler takes over while it waits
    ///     (they arrive as a line whose ``Line/command`` is set).
    /// - Returns: The contribution, or nil once the segment is over.
    public func line(prompt: String? = nil, hidden: Bool = false, accepting: Set<StepCommand> = []) async -> Line? {
        // A prompt is shown when it changes, not before every line of a list.
        let show = state.withLock { state -> Bool in
            // A hidden prompt is always sent again: it is what tells a live display to mask the next line.
            guard let prompt, prompt != state.lastPrompt || hidden else { return false }
            state.lastPrompt = prompt
            return true
        }
        if show, let prompt { link.output(.prompt(prompt.neutralized(), secret: hidden)) }
        let line: Line? = await withCheckedContinuation { (continuation: CheckedContinuation<Line?, Never>) in
            let epoch: Int? = state.withLock { state in
                if state.closed || state.segmentOver { return nil }
                state.waiter = .input(continuation)
                return state.epoch
            }
            guard let epoch else { return continuation.resume(returning: nil) }
            link.waiting(.input(epoch: epoch, accepting: accepting))
        }
        if let line, line.command == nil { link.output(.took(line.contribution, secret: hidden)) }
        return line
    }

    /// Asks one question and waits for the answer; nil once the segment is over.
    ///
    /// - Parameters:
    ///   - question: The prompt shown above the input line.
    ///   - hidden: Whether the answer is kept off every screen (secret votes).
    /// - Returns: The answer as typed, or nil once the segment is over.
    public func ask(_ question: String, hidden: Bool = false) async -> String? {
        await line(prompt: question, hidden: hidden)?.text
    }

    /// Offers numbered options; accepts the option's text, its number or a unique prefix (see ``match(_:in:)``).
    ///
    /// Shows the numbered list in the step's view, then asks until an answer matches
    /// (case-insensitive), explaining what to type after each miss.
    ///
    /// - Parameters:
    ///   - question: The prompt shown above the input line.
    ///   - options: The choices, shown numbered from 1; an empty list returns nil at once.
    ///   - hidden: Whether answers are kept off every screen.
    /// - Returns: the chosen index, or nil once the segment is over.
    public func choose(_ question: String, options: [String], hidden: Bool = false) async -> Int? {
        guard !options.isEmpty else { return nil }
        updateView { view in
            view.items = options.enumerated().map { StepView.Item(number: $0.offset + 1, text: $0.element) }
            view.entry = .choice(options)
        }
        defer { updateView { $0.entry = nil } }
        while let answer = await ask(question, hidden: hidden) {
            if let index = Self.match(answer, in: options) { return index }
            announce(Self.optionsHint(options))
        }
        return nil
    }

    /// The option an answer picks: its text, its number or a prefix that fits one option.
    ///
    /// The rule every handler that offers options follows: an option's exact text (case
    /// ignored) wins; then a number picks the option at that position, unless some option
    /// is itself a number (cards such as `[1, 2, 3, 5, 8, 13]`), where "8" means the card
    /// 8 and a number that is no option's text picks nothing; then a prefix that fits one
    /// option only.
    ///
    /// ```swift
    /// StepContext.match("8", in: ["1", "2", "3", "5", "8", "13"])   // 4, the card "8"
    /// StepContext.match("2", in: ["Fix now", "Roll back"])           // 1, "Roll back"
    /// ```
    ///
    /// - Parameters:
    ///   - answer: What was typed or sent.
    ///   - options: The choices, numbered from 1.
    /// - Returns: The index of the option, or nil when the answer picks none or several.
    public static func match(_ answer: String, in options: [String]) -> Int? {
        let typed = answer.trimmingCharacters(in: .whitespaces).lowercased()
        guard !typed.isEmpty else { return nil }
        if let exact = options.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == typed }) { return exact }
        if isNumeral(typed) {
            guard numbersArePositions(options), let number = Int(typed), options.indices.contains(number - 1) else { return nil }
            return number - 1
        }
        let prefixed = options.indices.filter { options[$0].lowercased().hasPrefix(typed) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Whether a typed number picks an option by position: true unless some option is
    /// itself a number, when numbers name options by their text only (see ``match(_:in:)``).
    public static func numbersArePositions(_ options: [String]) -> Bool {
        !options.contains { isNumeral($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// What to tell someone whose answer picked none of `options`.
    public static func optionsHint(_ options: [String]) -> String {
        numbersArePositions(options) ? "Type a number from 1 to \(options.count), or the option's text."
            : "Type one of the options as written."
    }

    private static func isNumeral(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Ends the handler's current turn (or round) now, as `/next` would: a speaker who
    /// passes, say. Then call ``nextSegment()``.
    ///
    /// Nothing happens when the room has already moved on from the handler's segment.
    public func finishTurn() {
        let epoch: Int? = state.withLock { state in
            guard !state.closed, !state.segmentOver else { return nil }
            state.segmentOver = true
            return state.epoch
        }
        if let epoch { link.finishing(epoch) }
    }

    /// Waits until the room starts the next segment and moves there; nil when the step is over.
    ///
    /// Call it after ``line(prompt:hidden:)`` returned nil. Contributions of the segment
    /// being left that the handler did not read are kept as notes. A step without turns or
    /// rounds has one segment, so the first call returns nil when the step ends.
    ///
    /// - Returns: The new current segment (also in ``segment``), or nil when the step is over.
    public func nextSegment() async -> Segment? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Segment?, Never>) in
            let epoch: Int? = state.withLock { state in
                if state.closed { return nil }
                state.waiter = .segment(continuation)
                return state.epoch
            }
            guard let epoch else { return continuation.resume(returning: nil) }
            link.waiting(.segment(after: epoch))
        }
    }

    /// Records an artifact now, so it survives the step being cut short.
    ///
    /// The engine stamps it with the step's id and the current round, shows it, and puts
    /// it in the report; a later step with `input:` naming this step receives it. (A
    /// resumed session gets it back by replaying the journaled contributions.)
    ///
    /// ```swift
    /// step.record(.note(text, by: step.segment.speaker))
    /// step.record(.action("Write the runbook", owner: "Ana", due: "Friday"))
    /// ```
    ///
    /// - Parameters:
    ///   - artifact: What the step produced; its text is neutralized.
    ///   - shown: false keeps it off the screen (a secret ballot); it is still recorded and reported.
    public func record(_ artifact: Artifact, shown: Bool = true) {
        var artifact = artifact.neutralized()
        artifact.stepID = step.id
        artifact.round = segment.round
        artifact.item = segment.item
        artifact.turn = segment.turn
        artifact.speaker = segment.speaker
        state.withLock { $0.artifacts.append(artifact) }
        link.record(artifact, shown)
    }

    /// What this step has recorded so far (less what it took back).
    ///
    /// For a read-out or tally at the end of ``ExerciseHandler/run(_:)``.
    public var artifacts: [Artifact] {
        state.withLock { state in state.artifacts.enumerated().filter { !state.withdrawn.contains($0.offset) }.map(\.element) }
    }

    /// How many artifacts the step has recorded, withdrawn ones included: a mark to pass
    /// to ``withdraw(_:)`` later.
    public var recordCount: Int { state.withLock { $0.artifacts.count } }

    /// Takes back artifacts this step recorded (an answer undone with `/undo`).
    ///
    /// They leave the step's results, later steps' input and the report's tallies; the
    /// report lists them as withdrawn, so nothing typed is lost.
    ///
    /// - Parameter records: Positions among the step's records, from ``recordCount`` marks.
    public func withdraw(_ records: Range<Int>) {
        let range = state.withLock { state -> Range<Int> in
            let range = records.clamped(to: 0..<state.artifacts.count)
            state.withdrawn.formUnion(range)
            return range
        }
        if !range.isEmpty { link.withdraw(range) }
    }

    // MARK: For the engine

    /// Hands the waiting handler a contribution (or a command it accepted); false when it
    /// was not waiting for one.
    package func deliver(_ contribution: Contribution, command: StepCommand? = nil, at time: Duration = .zero) -> Bool {
        let resumed: (CheckedContinuation<Line?, Never>, Line)? = state.withLock { state in
            guard case .input(let continuation)? = state.waiter else { return nil }
            state.waiter = nil
            return (continuation, Line(text: contribution.text, segment: state.segmentIndex, contribution: contribution, command: command, time: time))
        }
        guard let resumed else { return false }
        resumed.0.resume(returning: resumed.1)
        return true
    }

    /// Tells the handler that its segment is over: a waiting ``line(prompt:hidden:)`` returns nil.
    package func endSegment() {
        let waiter: CheckedContinuation<Line?, Never>? = state.withLock { state in
            state.segmentOver = true
            guard case .input(let continuation)? = state.waiter else { return nil }
            state.waiter = nil
            return continuation
        }
        waiter?.resume(returning: nil)
    }

    /// Moves a handler that waits in ``nextSegment()`` to `index`; false when it was not waiting.
    package func move(to index: Int) -> Bool {
        let resumed: (CheckedContinuation<Segment?, Never>, Segment)? = state.withLock { state in
            guard case .segment(let continuation)? = state.waiter else { return nil }
            state.waiter = nil
            state.epoch += 1
            state.segmentIndex = index
            state.segmentOver = false
            return (continuation, step.segments[index])
        }
        guard let resumed else { return false }
        resumed.0.resume(returning: resumed.1)
        return true
    }

    /// Ends the step for the handler: whatever it waits for returns nil, and so does every later wait.
    package func close() {
        let waiter: Waiter? = state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        switch waiter {
        case .input(let continuation)?: continuation.resume(returning: nil)
        case .segment(let continuation)?: continuation.resume(returning: nil)
        case nil: break
        }
    }
}
