/// A kind of step: what happens while its timer runs.
///
/// A handler declares the name exercise authors use in YAML (`handler: round`), checks its
/// own `config:` when the exercise is loaded, and runs a step by talking to the room through
/// a ``StepContext``. Everything it produces is recorded as ``Artifact``s, as it goes, so a
/// step cut short by its timer or by `/next` keeps what it collected.
///
/// ```swift
/// public struct Checkout: ExerciseHandler {
///     public static let name = "checkout"
///     public static let summary = "One closing sentence from each participant."
///     public static let configKeys = [ConfigKey("question", "text", default: "What do you take away?")]
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
///         question = config.string("question") ?? "What do you take away?"
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
    static var name: String { get }
    /// Older or alternative names that also select this handler.
    static var aliases: [String] { get }
    /// One line for `roundtable handlers`.
    static var summary: String { get }
    /// The keys its `config:` accepts; any other key is an error at load time.
    static var configKeys: [ConfigKey] { get }
    /// A step using this handler, as YAML list item; the test suite loads it.
    static var example: String { get }

    /// Reads and checks the step's `config:`.
    ///
    /// Report problems through `config` (they carry the line and column of the value);
    /// return a usable value even then, the loader discards it when errors were reported.
    init(config: HandlerConfig)

    /// Runs one step. Return when the step's work is done, or when ``StepContext/line(prompt:hidden:)``
    /// and ``StepContext/nextSegment()`` say the step has ended.
    func run(_ step: StepContext) async
}

extension ExerciseHandler {
    public static var aliases: [String] { [] }
    public static var configKeys: [ConfigKey] { [] }
}

/// Documentation of one `config:` key of a handler.
public struct ConfigKey: Sendable, Hashable, Codable {
    public var name: String
    /// What the value is, e.g. "integer 1-10", "list of text", "one of: a, b".
    public var type: String
    public var defaultValue: String?
    public var summary: String
    public var required: Bool

    public init(_ name: String, _ type: String, default defaultValue: String? = nil, required: Bool = false, _ summary: String = "") {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
        self.required = required
    }
}
