/// A kind of step: what happens while its timer runs.
///
/// A handler declares the name exercise authors use in YAML (`handler: round`), checks its
/// own `config:` when the exercise is loaded, and runs a step by talking to the room through
/// a ``StepContext``. Everything it produces is recorded as ``Artifact``s, as it goes, so a
/// step cut short by its timer or by `/next` keeps what it collected.
///
/// A handler lives in a module that exposes its handlers as one list (`Rounds.all`);
/// registering that list in a ``HandlerRegistry`` makes the names usable in exercise files.
/// `roundtable new handler NAME` scaffolds such a module with a handler, its test and a
/// YAML example; docs/HANDLERS.md walks through it.
///
/// ```swift
/// public struct Checkout: ExerciseHandler {
///     public static let name = "checkout"
///     public static let summary = "One closing sentence from each participant."
///     static let question = ConfigKey.text("question", default: "What do you take away?", "What each participant answers.")
///     public static let configKeys: [any AnyConfigKey] = [question]
///     public static let example = """
///         - id: close
///           handler: checkout
///           duration: 1m
///           each: participant
///           config: { question: What will you try tomorrow? }
///         """
///
///     let question: String
///     public init(config: HandlerConfig) {
///         question = config[Self.question]
///     }
///
///     public func run(_ step: StepContext) async {
///         repeat {
///             guard let speaker = step.segment.speaker else { continue }
///             if let answer = await step.ask("\(speaker): \(question)") {
///                 step.record(.note(answer, by: speaker))
///             }
///         } while await step.nextSegment() != nil
///     }
/// }
/// ```
public protocol ExerciseHandler: Sendable {
    /// The YAML name, kebab-case, stable forever (SwiftLint-style identifiers).
    ///
    /// Exercise files select the handler with `handler: NAME`. Lowercase letters, digits and
    /// single hyphens, starting with a letter; ``HandlerRegistry`` refuses anything else. Declare it as a literal, never derived from the type's name, so
    /// that renaming the type cannot break exercise files; to rename the handler itself, keep
    /// the old name in ``aliases``.
    static var name: String { get }

    /// Older or alternative names that also select this handler.
    ///
    /// Same rules as ``name``; unique across every registered handler. Defaults to none.
    static var aliases: [String] { get }

    /// One line for `roundtable handlers`.
    static var summary: String { get }

    /// The keys its `config:` accepts; any other key is an error at load time.
    ///
    /// The loader reports an unknown key (with a "did you mean" note) and a missing
    /// `required` key at their place in the file, then still calls ``init(config:)`` so that
    /// its own checks are reported in the same pass. `roundtable handlers NAME` and
    /// `roundtable schema` are made from these keys, and ``init(config:)`` reads through
    /// them: reading a key that is not listed here is an error. Defaults to none: the handler takes no `config:`.
    static var configKeys: [any AnyConfigKey] { get }

    /// A step using this handler, as YAML list item; the test suite loads it.
    ///
    /// Written as an item of `steps:` (starting with `- id:`), using every key worth
    /// showing. `roundtable handlers NAME` prints it, and the built-in test suite loads it
    /// inside an exercise (examples are tests), so it must stay valid.
    static var example: String { get }

    /// Whether the handler uses the artifacts of the step's `input:` (``StepContext/input``,
    /// ``StepContext/inputItems``).
    ///
    /// `roundtable validate` warns about `input:` on a step whose handler does not read it
    /// (`RT307 unread-input`): the earlier step's results would be dropped silently.
    /// Defaults to false; a handler that votes on, clusters or acts on earlier results says true.
    ///
    /// ```swift
    /// public static let readsInput = true
    /// ```
    static var readsInput: Bool { get }

    /// What the room types into a step of this handler, one line per form: the form, a
    /// dash, what it does.
    ///
    /// `roundtable handlers NAME` prints them under "what to type", so a facilitator learns
    /// the input syntax without trying it out. Defaults to none; every built-in handler
    /// declares its own (a test checks it).
    ///
    /// ```swift
    /// public static let whatToType = [
    ///     "any line — a note by the scribe",
    ///     "Ben: text — Ben's note",
    /// ]
    /// ```
    static var whatToType: [String] { get }

    /// Reads and checks the step's `config:`.
    ///
    /// Called when an exercise loads (`roundtable validate`, `show`, `run`) and again when
    /// its step starts. Read each value through the ``ConfigKey`` declared in
    /// ``configKeys`` (`config[Self.dots]`), which reports a wrong value at its line and
    /// column, and report other problems with
    /// ``HandlerConfig/error(_:at:hint:code:)``. Return a usable value even after reporting a
    /// problem: the loader discards it when errors were reported, and shows every problem of
    /// the file together.
    ///
    /// ```swift
    /// public init(config: HandlerConfig) {
    ///     question = config[Self.question]
    ///     limit = config[Self.limit]
    ///     if !config.step.eachParticipant {
    ///         config.error("this handler gives each participant a turn; add `each: participant`")
    ///     }
    /// }
    /// ```
    ///
    /// - Parameter config: The step's `config:` as written, what the handler may know about
    ///   the step (``HandlerConfig/step``), and the place to report problems.
    init(config: HandlerConfig)

    /// What the handler's results hand on to the team's next sessions, if anything.
    ///
    /// The `accountability` handler, for instance, names the carry-over that turns owned
    /// action items into commitments and records how each was reviewed. Defaults to none.
    static var carryover: (any Carryover.Type)? { get }

    /// Slash commands of the handler's own (see ``HandlerCommand``); defaults to none.
    static var commands: [HandlerCommand] { get }

    /// Runs one step. Return when the step's work is done, or when ``StepContext/line(prompt:hidden:)``
    /// and ``StepContext/nextSegment()`` say the step has ended.
    ///
    /// Work segment by segment (a speaker's turn with `each: participant`, otherwise a
    /// round): read lines until ``StepContext/line(prompt:hidden:)`` returns nil, then call
    /// ``StepContext/nextSegment()`` and stop when it returns nil. Record results with
    /// ``StepContext/record(_:)`` as they come rather than at the end: when the step ends
    /// (its timer with `on_zero: advance`, `/next`, `/skip`, `/quit`) the task is cancelled
    /// and the context's methods return nil. Returning from `run` ends the step at once and
    /// the session moves on: return early only when the step's work is truly done (every
    /// vote is in, say). Lines the handler never reads are kept as notes, so nothing typed
    /// is lost. `run` is not mutating: keep what a run collects in local variables.
    ///
    /// - Parameter step: The running step: its plan and segment, the people and role
    ///   holders, the `input:` artifacts, and the methods to talk to the room and record.
    func run(_ step: StepContext) async
}

extension ExerciseHandler {
    public static var aliases: [String] { [] }
    public static var configKeys: [any AnyConfigKey] { [] }
    public static var carryover: (any Carryover.Type)? { nil }
    public static var readsInput: Bool { false }
    public static var whatToType: [String] { [] }
    public static var commands: [HandlerCommand] { [] }
}
