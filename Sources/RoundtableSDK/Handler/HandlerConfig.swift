/// A handler's view of its step's `config:` while the exercise loads.
///
/// Read each key through its ``ConfigKey`` declaration (`config[Self.dots]`): the value or
/// its default, after recording a located diagnostic when the value is of the wrong type
/// or out of range, so that every problem of a file is reported together. (A key that is
/// absent simply gives the default; declare it `required` and the loader reports it
/// missing.) Reading a key the handler does not list in ``ExerciseHandler/configKeys`` is
/// an error, so a handler cannot read what its docs and schema do not show.
///
/// The untyped accessors (``int(_:default:in:)``, ``string(_:)``, ``value(_:)`` and the
/// others) are the escape hatch for shapes the typed keys do not cover; the same rule
/// about declared keys applies to them.
///
/// Text values keep their `{{speaker}}`-style placeholders (params are already filled):
/// fill them when the step runs with ``StepContext/fill(_:)``.
///
/// ```swift
/// public init(config: HandlerConfig) {
///     dots = config[Self.dots]
///     columns = config[Self.columns]
///     if !config.step.hasInput && !config.has(Self.options.name) {
///         config.error("dot-vote needs `input:` or `config.options` to vote on")
///     }
/// }
/// ```
public final class HandlerConfig {
    /// What the handler may want to know about its step.
    ///
    /// Use it for checks that depend on the step's shape, e.g. a handler that needs turns
    /// reports a step without `each: participant`.
    public struct StepInfo: Sendable {
        /// The step's `id:`.
        public var id: String
        /// Whether the step names an earlier step with `input:` (see ``StepContext/input``).
        public var hasInput: Bool
        /// Whether the step has `each: participant` (one segment per speaker).
        public var eachParticipant: Bool
        /// The step's `groups:` size (when the step runs, the size of its first group); nil without groups.
        public var groupSize: Int?
        /// The step's rounds: its `rounds:` (1 when not given), or in a `for_each:` step its
        /// `top` (one round per item; fewer run when fewer items come).
        public var rounds: Int
        /// Whether the step has `for_each:`: each round takes one item of an earlier result
        /// (``Segment/item``, `{{item}}` in text), so its rounds were not written as `rounds:`.
        public var overItems: Bool
        /// Where the step starts in its file; problems about the step point here.
        public var location: SourceLocation

        package init(id: String, hasInput: Bool, eachParticipant: Bool, groupSize: Int?, rounds: Int, overItems: Bool = false,
                     location: SourceLocation) {
            self.id = id
            self.overItems = overItems
            self.hasInput = hasInput
            self.eachParticipant = eachParticipant
            self.groupSize = groupSize
            self.rounds = rounds
            self.location = location
        }
    }

    /// The handler's name as registered (not the alias the file used).
    public let handlerName: String
    /// The step this config belongs to.
    public let step: StepInfo
    /// The `config:` mapping as written (nil when the step has none).
    public let node: SourceNode?
    /// The problems reported so far, in the order they were found.
    public private(set) var diagnostics: [Diagnostic] = []
    /// The keys the handler declares; nil when unknown (then any key may be read).
    public let declaredKeys: [String]?
    private var reportedUndeclared: Set<String> = []

    /// Wraps a step's `config:` for a handler; the loader and the runner make these.
    ///
    /// Tests of a handler's config usually go through the loader instead (a `Rehearsal` of
    /// a small exercise), which also checks unknown and required keys.
    ///
    /// - Parameters:
    ///   - handlerName: The handler's registered name.
    ///   - step: What the handler may know about the step.
    ///   - node: The `config:` mapping, or nil when the step has none.
    ///   - declaredKeys: The names of the handler's ``ExerciseHandler/configKeys``; reading
    ///     any other key is reported. Nil lets any key be read.
    public init(handlerName: String, step: StepInfo, node: SourceNode?, declaredKeys: [String]? = nil) {
        self.handlerName = handlerName
        self.step = step
        self.node = node
        self.declaredKeys = declaredKeys
    }

    /// The value of a declared key, or its default (after reporting a value at fault).
    ///
    /// ```swift
    /// dots = config[Self.dots]
    /// ```
    public subscript<Value>(key: ConfigKey<Value>) -> Value { key.read(self) }

    /// The text items of a list key with the node each was written at, so that a handler's
    /// own rule about an item is reported where the item stands.
    public func items(_ key: ConfigKey<[String]>) -> [(text: String, node: SourceNode)] {
        textItems(key.name, nonEmpty: key.info.type.hasPrefix("non-empty"))
    }

    /// The node written under `key`, after checking that the handler declares it.
    private func lookup(_ key: String) -> SourceNode? {
        if let declaredKeys, !declaredKeys.contains(key), reportedUndeclared.insert(key).inserted {
            diagnostics.append(.error(
                "handler '\(handlerName)' reads undeclared config key `\(key.neutralized())`", at: location,
                hint: "add a ConfigKey for `\(key.neutralized())` to the handler's `configKeys`"))
        }
        return node?[key]
    }

    /// Where to report problems about the config as a whole.
    public var location: SourceLocation { node?.location ?? step.location }

    /// Whether the step's `config:` gives `key` at all (even as null).
    ///
    /// - Parameter key: A key under `config:`.
    /// - Returns: True when the key is written, whatever its value.
    public func has(_ key: String) -> Bool { lookup(key) != nil }

    /// The raw node under `key`, for shapes the typed accessors do not cover.
    ///
    /// A node knows its ``SourceNode/location``; pass it to ``error(_:at:hint:code:)`` so the
    /// problem points at the value.
    ///
    /// ```swift
    /// if let sheets = config.value("sheets"), sheets.items == nil {
    ///     config.error("config `sheets` must be a list", at: sheets)
    /// }
    /// ```
    ///
    /// - Parameter key: A key under `config:`.
    /// - Returns: The value as written, or nil when the key is absent.
    public func value(_ key: String) -> SourceNode? { lookup(key) }

    /// Reports a problem, at `node` or at the config.
    ///
    /// The problem becomes an error of the file (`file:line:column: error: message`, then
    /// the hint), and the step's handler is not used.
    ///
    /// - Parameters:
    ///   - message: What is wrong, quoting the key in backticks, e.g. "config `dots` must be …".
    ///   - node: The value at fault (from ``value(_:)``); nil points at the `config:` mapping,
    ///     or at the step when it has none.
    ///   - hint: What to do about it, in one sentence.
    ///   - code: The diagnostic's code; `RT601 handler-config` unless the handler has its own
    ///     (see ``Diagnostic/Code``).
    public func error(_ message: String, at node: SourceNode? = nil, hint: String? = nil, code: Diagnostic.Code = .handlerConfig) {
        diagnostics.append(.error(code, message, at: node?.location ?? location, hint: hint))
    }

    /// A whole number under `key`, optionally within `range`.
    ///
    /// - Parameters:
    ///   - key: A key under `config:`.
    ///   - fallback: The value when the key is absent or invalid.
    ///   - range: The accepted values; a number outside is reported at the value.
    /// - Returns: The number, or `fallback` (after reporting an error when the value is not a
    ///   whole number or is out of range).
    public func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>? = nil) -> Int {
        guard let value = lookup(key) else { return fallback }
        guard let text = value.scalar, !value.isNull, let number = Int(text) else {
            error("config `\(key)` must be a whole number, not \(describe(value))", at: value)
            return fallback
        }
        if let range, !range.contains(number) {
            error("config `\(key)` must be between \(range.lowerBound) and \(range.upperBound), not \(number)", at: value)
            return fallback
        }
        return number
    }

    /// `true` or `false` under `key`.
    ///
    /// YAML 1.1 words such as `yes`, `no`, `on` and `off` are reported, not guessed at.
    ///
    /// - Parameters:
    ///   - key: A key under `config:`.
    ///   - fallback: The value when the key is absent or invalid.
    /// - Returns: The value, or `fallback` (after reporting an error for anything but true or false).
    public func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = lookup(key) else { return fallback }
        switch value.scalar {
        case "true"?: return true
        case "false"?: return false
        default:
            error("config `\(key)` must be true or false, not \(describe(value))", at: value,
                  hint: "YAML words like yes/no/on/off are not accepted here; write true or false")
            return fallback
        }
    }

    /// Text under `key`; mark the key `required: true` in ``ExerciseHandler/configKeys`` to demand it.
    ///
    /// A number or word written plain counts as text; a list, a mapping or null is reported.
    ///
    /// ```swift
    /// question = config.string("question") ?? "What do you take away?"
    /// ```
    ///
    /// - Parameter key: A key under `config:`.
    /// - Returns: The text, or nil when the key is absent or not text (then an error is reported).
    public func string(_ key: String) -> String? {
        guard let value = lookup(key) else { return nil }
        guard let text = value.scalar, !value.isNull else {
            error("config `\(key)` must be text, not \(describe(value))", at: value)
            return nil
        }
        return text
    }

    /// One of a fixed set of words under `key`.
    ///
    /// A value outside `choices` is reported with the choices and, when one is close, a
    /// "did you mean" hint.
    ///
    /// ```swift
    /// let word = config.string("kind", oneOf: ["note", "idea", "decision"], default: "note")
    /// kind = Artifact.Kind(rawValue: word) ?? .note
    /// ```
    ///
    /// - Parameters:
    ///   - key: A key under `config:`.
    ///   - choices: The accepted words, matched exactly (case-sensitive).
    ///   - fallback: The value when the key is absent or invalid.
    /// - Returns: The chosen word, or `fallback`.
    public func string(_ key: String, oneOf choices: [String], default fallback: String) -> String {
        guard let value = lookup(key) else { return fallback }
        guard let text = value.scalar, choices.contains(text) else {
            let suggestion = value.scalar.flatMap { Suggestion.closest(to: $0, in: choices) }
            error("config `\(key)` must be one of \(choices.joined(separator: ", ")), not \(describe(value))",
                  at: value, hint: suggestion.map { "did you mean '\($0)'?" })
            return fallback
        }
        return text
    }

    /// A list of text; a single scalar counts as a one-item list.
    ///
    /// Each item that is not text is reported at the item, and the others are kept.
    ///
    /// - Parameters:
    ///   - key: A key under `config:`.
    ///   - fallback: The list when the key is absent or not a list.
    ///   - nonEmpty: Whether an empty list is an error.
    /// - Returns: The texts, or `fallback`.
    public func strings(_ key: String, default fallback: [String] = [], nonEmpty: Bool = false) -> [String] {
        guard let value = lookup(key) else { return fallback }
        let items = textItems(key, nonEmpty: nonEmpty).map(\.text)
        let isText = value.items != nil || (value.scalar != nil && !value.isNull)
        return isText ? items : fallback
    }

    /// The text items under `key` with the node each was written at, so that a handler's
    /// own rule about an item (no `:`, no repeats) is reported where the item stands.
    /// Takes the same values and reports the same errors as ``strings(_:default:nonEmpty:)``.
    public func textItems(_ key: String, nonEmpty: Bool = false) -> [(text: String, node: SourceNode)] {
        guard let value = lookup(key) else { return [] }
        var result: [(text: String, node: SourceNode)] = []
        if let items = value.items {
            for item in items {
                guard let text = item.scalar, !item.isNull else {
                    error("config `\(key)` must be a list of text; this item is \(item.kindDescription)", at: item)
                    continue
                }
                result.append((text, item))
            }
        } else if let text = value.scalar, !value.isNull {
            result = [(text, value)]
        } else {
            error("config `\(key)` must be a list of text, not \(describe(value))", at: value)
            return []
        }
        if nonEmpty && result.isEmpty { error("config `\(key)` must not be empty", at: value) }
        return result
    }

    /// A positive duration under `key`, written like a step's: `45s`, `5m`, `1h30m`.
    ///
    /// - Parameter key: A key under `config:`.
    /// - Returns: The duration, or nil when the key is absent or invalid (then an error is reported).
    public func duration(_ key: String) -> Duration? {
        guard let value = lookup(key) else { return nil }
        guard let text = value.scalar, let duration = DurationText.parse(text), duration > .zero else {
            error("config `\(key)` must be a duration like 45s, 5m or 1h30m, not \(describe(value))", at: value)
            return nil
        }
        return duration
    }

    private func describe(_ node: SourceNode) -> String {
        if let text = node.scalar, !node.isNull { return "'\(text.neutralized())'" }
        return node.kindDescription
    }
}
