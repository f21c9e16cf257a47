import Foundation
import Synchronization

/// What a handler sees of its step while it runs, and how it talks to the room.
///
/// Lines typed during the step arrive in order. ``line(prompt:hidden:)`` returns nil
/// when the handler's current segment (a round, or one speaker's turn) is over: by its
/// timer, by `/next`, or because the step ended. ``nextSegment()`` then moves on and
/// returns nil when the step itself is over. Every segment is visited in order, even if
/// the room moved faster than the handler, so no line lands in the wrong turn.
///
/// Slash commands (`/next`, `/pause`, …) never reach a handler; `//text` arrives as
/// `/text`. Text a handler shows is neutralized (control characters made visible), and
/// so is the text of every recorded artifact.
///
/// ```swift
/// public func run(_ step: StepContext) async {
///     repeat {
///         while let line = await step.line(prompt: "Idea (/next when done)") {
///             step.record(.idea(line.text, by: step.segment.speaker))
///         }
///     } while await step.nextSegment() != nil
/// }
/// ```
public final class StepContext: Sendable {
    /// A typed line and the segment it was typed in.
    public struct Line: Sendable, Hashable {
        /// The line as typed, without the newline (not trimmed).
        public var text: String
        /// Index into ``PlannedStep/segments``.
        public var segment: Int
    }

    /// The clock as the handler may read it.
    public struct TimerReading: Sendable {
        /// Time left on the current segment's timer (negative in overtime).
        public var remaining: Duration
        /// Session time at which the current segment's timer reaches zero.
        public var deadline: Duration?
        /// Whether the facilitator has paused the clock (`/pause`).
        public var isPaused: Bool
    }

    /// The planned step being run: its id, title, prompt, `config:` and segments.
    public let step: PlannedStep
    /// The exercise the step belongs to (its id, title and roles); nil only for a break.
    public let exercise: PlannedExercise?
    /// Everyone taking part, in the session's order.
    public let participants: [Participant]
    /// Artifacts of the step named by `input:` (empty without one).
    ///
    /// Most handlers want them as ``inputItems``: ranked votes, or ideas each once.
    public let input: [Artifact]
    /// The team's commitments still open from earlier sessions (see ``Commitment``).
    public let commitments: [Commitment]

    private let output: @Sendable (DisplayEvent) -> Void
    private let recordArtifact: @Sendable (Artifact, Bool) -> Void
    private let readTimer: @Sendable () -> TimerReading
    private let state: Mutex<State>

    private struct State {
        /// Segment index of each epoch; an epoch starts whenever the runner (re)starts a segment.
        var epochs: [Int] = [0]
        var handlerEpoch = 0
        var closed = false
        var buffer: [(line: Line, epoch: Int)] = []
        var unconsumed: [Line] = []
        var lineWaiter: CheckedContinuation<Line?, Never>?
        var segmentWaiter: CheckedContinuation<Void, Never>?
        var artifacts: [Artifact] = []
        var lastPrompt: String?
        var finished = false
    }

    init(
        step: PlannedStep, exercise: PlannedExercise?, participants: [Participant], input: [Artifact],
        commitments: [Commitment] = [], firstSegment: Int,
        output: @escaping @Sendable (DisplayEvent) -> Void,
        record: @escaping @Sendable (Artifact, Bool) -> Void,
        timer: @escaping @Sendable () -> TimerReading
    ) {
        self.step = step
        self.exercise = exercise
        self.participants = participants
        self.input = input
        self.commitments = commitments
        self.output = output
        self.recordArtifact = record
        self.readTimer = timer
        var initial = State()
        initial.epochs = [firstSegment]
        state = Mutex(initial)
    }

    // MARK: For handlers

    /// The segment the handler is in: round, speaker, groups and role holders.
    ///
    /// It changes only when the handler calls ``nextSegment()``, so it stays the segment
    /// of the lines the handler is reading even when the room has moved on.
    public var segment: Segment {
        state.withLock { step.segments[$0.epochs[$0.handlerEpoch]] }
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
    public var timer: TimerReading { readTimer() }

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
    /// On a terminal it appears in the working area; in a report it does not (record an
    /// ``Artifact`` for what should last). Newlines are kept, control characters are shown
    /// as visible symbols.
    ///
    /// - Parameter text: One or more lines.
    public func announce(_ text: String) {
        state.withLock { $0.lastPrompt = nil }
        output(.say(text.neutralized(keepingNewlines: true)))
    }

    /// Clears the working area (between secret voters).
    public func clearScreen() { output(.clear) }

    /// Waits for the next line typed in the current segment; nil once the segment is over.
    ///
    /// The segment is over when its timer runs out with `on_zero: advance`, when the room
    /// types `/next` or `/skip`, or when the step or session ends; after that the handler
    /// calls ``nextSegment()``. Lines typed before the handler asked are delivered in order.
    ///
    /// ```swift
    /// while let line = await step.line(prompt: "Type an idea; /next when done") {
    ///     step.record(.idea(line.text, by: step.segment.speaker))
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - prompt: shown above the input line (nil keeps the current one).
    ///   - hidden: the typed text is not echoed (secret votes).
    /// - Returns: The line, or nil once the segment is over.
    public func line(prompt: String? = nil, hidden: Bool = false) async -> Line? {
        // A prompt is shown when it changes, not before every line of a list.
        let show = state.withLock { state -> Bool in
            // A hidden prompt is always sent again: it is what tells a live display to mask the next line.
            guard let prompt, prompt != state.lastPrompt || hidden else { return false }
            state.lastPrompt = prompt
            return true
        }
        if show, let prompt { output(.prompt(prompt.neutralized(), hidden: hidden)) }
        let line: Line? = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Line?, Never>) in
                let immediate: Line?? = state.withLock { state in
                    if let ready = Self.take(&state) { return .some(ready) }
                    if state.closed || state.epochs.count - 1 > state.handlerEpoch || Task.isCancelled { return .some(nil) }
                    state.lineWaiter = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                defer { state.lineWaiter = nil }
                return state.lineWaiter
            }
            waiter?.resume(returning: nil)
        }
        if let line { output(.typed(line.text.neutralized(), hidden: hidden)) }
        return line
    }

    /// Asks one question and waits for the answer; nil once the segment is over.
    ///
    /// - Parameters:
    ///   - question: The prompt shown above the input line.
    ///   - hidden: Whether the answer is masked (secret votes).
    /// - Returns: The answer as typed, or nil once the segment is over.
    public func ask(_ question: String, hidden: Bool = false) async -> String? {
        await line(prompt: question, hidden: hidden)?.text
    }

    /// Asks each person in turn; stops early (with nil answers) when the segment ends.
    ///
    /// The prompt is "Name: question" for each person, typed on the one shared terminal.
    ///
    /// ```swift
    /// for (person, answer) in await step.askEach("Fist to five (0-5)?", hidden: true, clearingBetween: true) {
    ///     if let answer, let value = Double(answer) { step.record(.score(proposal, value, by: person)) }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - question: Asked of each person.
    ///   - people: Whom to ask, in order; nil asks every participant.
    ///   - hidden: Whether answers are masked.
    ///   - clearingBetween: Whether to clear the working area after each answer (secret ballots).
    /// - Returns: One entry per person, in order; the answer is nil for those not asked
    ///   because the segment ended.
    public func askEach(_ question: String, of people: [String]? = nil, hidden: Bool = false, clearingBetween: Bool = false)
        async -> [(person: String, answer: String?)]
    {
        var answers: [(String, String?)] = []
        var open = true
        for person in people ?? names {
            var answer: String?
            if open {
                answer = await ask("\(person): \(question)", hidden: hidden)
                if answer == nil { open = false }
                if clearingBetween { clearScreen() }
            }
            answers.append((person, answer))
        }
        return answers
    }

    /// Offers numbered options; accepts a number, the option's text or a unique prefix.
    ///
    /// Announces the numbered list, then asks until an answer matches (case-insensitive),
    /// explaining what to type after each miss.
    ///
    /// - Parameters:
    ///   - question: The prompt shown above the input line.
    ///   - options: The choices, shown numbered from 1; an empty list returns nil at once.
    ///   - hidden: Whether answers are masked.
    /// - Returns: the chosen index, or nil once the segment is over.
    public func choose(_ question: String, options: [String], hidden: Bool = false) async -> Int? {
        guard !options.isEmpty else { return nil }
        let listing = options.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
        announce(listing)
        while let answer = await ask(question, hidden: hidden) {
            if let index = Self.match(answer, in: options) { return index }
            announce("Type a number from 1 to \(options.count), or the option's text.")
        }
        return nil
    }

    static func match(_ answer: String, in options: [String]) -> Int? {
        let typed = answer.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(typed), options.indices.contains(number - 1) { return number - 1 }
        if let exact = options.firstIndex(where: { $0.lowercased() == typed }) { return exact }
        let prefixed = options.indices.filter { !typed.isEmpty && options[$0].lowercased().hasPrefix(typed) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Waits until the runner starts the next segment and moves there; nil when the step is over.
    ///
    /// Call it after ``line(prompt:hidden:)`` returned nil. Lines of the segment being left
    /// that the handler did not read are kept as notes. A step without turns or rounds has
    /// one segment, so the first call returns nil when the step ends.
    ///
    /// - Returns: The new current segment (also in ``segment``), or nil when the step is over.
    public func nextSegment() async -> Segment? {
        while true {
            let result: Segment?? = state.withLock { state in
                // Lines of the segment being left stay in the record as unprompted notes.
                while let first = state.buffer.first, first.epoch <= state.handlerEpoch {
                    state.unconsumed.append(first.line)
                    state.buffer.removeFirst()
                }
                if state.handlerEpoch < state.epochs.count - 1 {
                    state.handlerEpoch += 1
                    return .some(step.segments[state.epochs[state.handlerEpoch]])
                }
                if state.closed { return .some(nil) }
                return .none
            }
            if let result { return result }
            if Task.isCancelled { return nil }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { state in
                        if state.closed || state.handlerEpoch < state.epochs.count - 1 { return true }
                        state.segmentWaiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state in
                    defer { state.segmentWaiter = nil }
                    return state.segmentWaiter
                }
                waiter?.resume()
            }
            if Task.isCancelled { return nil }
        }
    }

    /// Records an artifact now, so it survives the step being cut short.
    ///
    /// The runner stamps it with the step's id and the current round, shows it, and puts
    /// it in the report; a later step with `input:` naming this step receives it. (A
    /// resumed session gets it back by replaying the journaled lines.)
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
        var artifact = artifact
        // Every text field reaches a screen or a report sooner or later.
        artifact.text = artifact.text.neutralized()
        artifact.author = artifact.author?.neutralized()
        artifact.owner = artifact.owner?.neutralized()
        artifact.due = artifact.due?.neutralized()
        artifact.category = artifact.category?.neutralized()
        artifact.ref = artifact.ref?.neutralized()
        artifact.stepID = step.id
        artifact.round = segment.round
        state.withLock { $0.artifacts.append(artifact) }
        recordArtifact(artifact, shown)
    }

    /// What this step has recorded so far.
    ///
    /// For a read-out or tally at the end of ``ExerciseHandler/run(_:)``.
    public var artifacts: [Artifact] { state.withLock { $0.artifacts } }

    // MARK: For the runner

    /// True while the handler waits for a line or a segment (it has nothing left to read).
    var isWaiting: Bool { state.withLock { $0.lineWaiter != nil || $0.segmentWaiter != nil } }

    /// True once the handler's `run` has returned.
    var isFinished: Bool { state.withLock { $0.finished } }

    func markFinished() { state.withLock { $0.finished = true } }

    func deliver(_ text: String) {
        let waiter: (CheckedContinuation<Line?, Never>, Line)? = state.withLock { state in
            let epoch = state.epochs.count - 1
            state.buffer.append((Line(text: text, segment: state.epochs[epoch]), epoch))
            guard let waiter = state.lineWaiter, let ready = Self.take(&state) else { return nil }
            state.lineWaiter = nil
            return (waiter, ready)
        }
        waiter.map { $0.0.resume(returning: $0.1) }
    }

    func beginSegment(_ index: Int) {
        let waiters = state.withLock { state in
            state.epochs.append(index)
            defer { state.lineWaiter = nil; state.segmentWaiter = nil }
            return (state.lineWaiter, state.segmentWaiter)
        }
        waiters.0?.resume(returning: nil)
        waiters.1?.resume()
    }

    func close() {
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.lineWaiter = nil; state.segmentWaiter = nil }
            return (state.lineWaiter, state.segmentWaiter)
        }
        waiters.0?.resume(returning: nil)
        waiters.1?.resume()
    }

    /// Lines typed during the step that the handler never read.
    func takeUnconsumed() -> [Line] {
        state.withLock { state in
            let lines = state.unconsumed + state.buffer.map(\.line)
            state.unconsumed = []
            state.buffer = []
            return lines
        }
    }

    private static func take(_ state: inout State) -> Line? {
        while let first = state.buffer.first {
            if first.epoch < state.handlerEpoch {
                state.unconsumed.append(first.line)
                state.buffer.removeFirst()
                continue
            }
            if first.epoch == state.handlerEpoch {
                state.buffer.removeFirst()
                return first.line
            }
            return nil
        }
        return nil
    }
}
