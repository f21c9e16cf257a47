/// A handler's view of its step's `config:` while the exercise loads.
///
/// Each accessor returns the value or a fallback, and records a located diagnostic when
/// the value is missing, of the wrong type or out of range, so that every problem of a
/// file is reported together.
///
/// ```swift
/// public init(config: HandlerConfig) {
///     dots = config.int("dots", default: 3, in: 1...20)
///     columns = config.strings("columns", default: ["Start", "Stop", "Continue"])
///     if !config.step.hasInput && config.has("options") == false {
///         config.error("dot-vote needs `input:` or `config.options` to vote on")
///     }
/// }
/// ```
public final class HandlerConfig {
    /// What the handler may want to know about its step.
    public struct StepInfo: Sendable {
        public var id: String
        public var hasInput: Bool
        public var eachParticipant: Bool
        public var groupSize: Int?
        public var rounds: Int
        public var location: SourceLocation
    }

    public let handlerName: String
    public let step: StepInfo
    /// The `config:` mapping as written (nil when the step has none).
    public let node: SourceNode?
    public private(set) var diagnostics: [Diagnostic] = []

    public init(handlerName: String, step: StepInfo, node: SourceNode?) {
        self.handlerName = handlerName
        self.step = step
        self.node = node
    }

    /// Where to report problems about the config as a whole.
    public var location: SourceLocation { node?.location ?? step.location }

    public func has(_ key: String) -> Bool { node?[key] != nil }

    /// The raw node under `key`, for shapes the typed accessors do not cover.
    public func value(_ key: String) -> SourceNode? { node?[key] }

    /// Reports a problem, at `node` or at the config.
    public func error(_ message: String, at node: SourceNode? = nil, hint: String? = nil) {
        diagnostics.append(.error(message, at: node?.location ?? location, hint: hint))
    }

    public func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>? = nil) -> Int {
        guard let value = node?[key] else { return fallback }
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

    public func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = node?[key] else { return fallback }
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
    public func string(_ key: String) -> String? {
        guard let value = node?[key] else { return nil }
        guard let text = value.scalar, !value.isNull else {
            error("config `\(key)` must be text, not \(describe(value))", at: value)
            return nil
        }
        return text
    }

    public func string(_ key: String, oneOf choices: [String], default fallback: String) -> String {
        guard let value = node?[key] else { return fallback }
        guard let text = value.scalar, choices.contains(text) else {
            let suggestion = value.scalar.flatMap { Suggestion.closest(to: $0, in: choices) }
            error("config `\(key)` must be one of \(choices.joined(separator: ", ")), not \(describe(value))",
                  at: value, hint: suggestion.map { "did you mean '\($0)'?" })
            return fallback
        }
        return text
    }

    /// A list of text; a single scalar counts as a one-item list.
    public func strings(_ key: String, default fallback: [String] = [], nonEmpty: Bool = false) -> [String] {
        guard let value = node?[key] else { return fallback }
        var result: [String] = []
        if let items = value.items {
            for item in items {
                guard let text = item.scalar, !item.isNull else {
                    error("config `\(key)` must be a list of text; this item is \(item.kindDescription)", at: item)
                    continue
                }
                result.append(text)
            }
        } else if let text = value.scalar, !value.isNull {
            result = [text]
        } else {
            error("config `\(key)` must be a list of text, not \(describe(value))", at: value)
            return fallback
        }
        if nonEmpty && result.isEmpty { error("config `\(key)` must not be empty", at: value) }
        return result
    }

    public func duration(_ key: String) -> Duration? {
        guard let value = node?[key] else { return nil }
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
