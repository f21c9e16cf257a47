/// One `config:` key of a handler, declared once: its name, value type, default, accepted
/// values, help line and JSON Schema entry, and the reader that gives its value.
///
/// A handler declares each key as a static property, lists them in
/// ``ExerciseHandler/configKeys``, and reads them with ``HandlerConfig/subscript(_:)``.
/// The loader accepts exactly the listed keys; `roundtable handlers` and `roundtable schema`
/// are made from the same declarations, so docs, schema and reader cannot drift apart.
///
/// ```swift
/// static let dots = ConfigKey.integer("dots", default: 3, in: 1...20, "Dots per participant.")
/// static let secret = ConfigKey.boolean("secret", default: false, "Ballots are typed hidden.")
/// public static let configKeys: [any AnyConfigKey] = [dots, secret]
///
/// public init(config: HandlerConfig) {
///     dots = config[Self.dots]
///     secret = config[Self.secret]
/// }
/// ```
///
/// For a shape the kinds below do not cover, declare the key with
/// ``init(_:type:default:required:summary:schema:read:)`` and read it in `read` with the
/// untyped accessors of ``HandlerConfig`` (``HandlerConfig/value(_:)`` and the others).
public struct ConfigKey<Value: Sendable>: AnyConfigKey {
    public let info: ConfigKeyInfo
    let read: @Sendable (HandlerConfig) -> Value

    /// The key as written under `config:`.
    public var name: String { info.name }

    /// Declares a key of any shape.
    ///
    /// - Parameters:
    ///   - name: The key as written under `config:`, e.g. `allow_pass`.
    ///   - type: What the value is, for people: "text", "integer 1-10", "one of: a, b".
    ///   - defaultValue: The value used when the key is absent, as people would write it; nil for none.
    ///   - required: Whether a step must give the key (the loader reports it missing).
    ///   - summary: One sentence on what the key does.
    ///   - schema: The JSON Schema of the value (without description or default, which are added).
    ///   - read: Reads the value with the untyped accessors, reporting problems on the config.
    public init(_ name: String, type: String, default defaultValue: String? = nil, required: Bool = false, summary: String,
                schema: JSONValue, read: @escaping @Sendable (HandlerConfig) -> Value)
    {
        info = ConfigKeyInfo(name: name, type: type, defaultValue: defaultValue, summary: summary, required: required, schema: schema)
        self.read = read
    }
}

/// A ``ConfigKey`` of any value type, as ``ExerciseHandler/configKeys`` lists them.
public protocol AnyConfigKey: Sendable {
    /// What the loader, `roundtable handlers` and `roundtable schema` know of the key.
    var info: ConfigKeyInfo { get }
}

/// The description of a config key: what `roundtable handlers` prints and the schema holds.
public struct ConfigKeyInfo: Sendable, Hashable, Encodable {
    /// The key as written under `config:`, e.g. `allow_pass`.
    public var name: String
    /// What the value is, e.g. "integer 1-10", "list of text", "one of: a, b".
    public var type: String
    /// The value used when the key is absent, as people would write it; nil for none.
    public var defaultValue: String?
    /// One sentence on what the key does.
    public var summary: String
    /// Whether a step using the handler must give the key (the loader reports it missing).
    public var required: Bool
    /// The JSON Schema of the value, with the summary as its description.
    public var schema: JSONValue

    private enum CodingKeys: String, CodingKey { case name, type, defaultValue, summary, required }

    /// The schema entry with description and default, for `roundtable schema`.
    public var documentedSchema: JSONValue {
        var description = "\(type). \(summary)"
        if let defaultValue { description += " Default: \(defaultValue)." }
        guard case .object(var pairs) = schema else { return schema }
        pairs.append(("description", .string(description)))
        return .object(pairs)
    }
}

// MARK: Kinds

extension ConfigKey {
    /// A string that is a `{{param}}` placeholder, filled before the value is read.
    static var placeholder: JSONValue { ["type": "string", "pattern": "\\{\\{[^}]*\\}\\}"] }

    /// `schema`, or a placeholder to be filled from params.
    static func orPlaceholder(_ schema: JSONValue) -> JSONValue { ["anyOf": [schema, placeholder]] }

    /// Text as the loader takes it: a plain number or word counts as text.
    static var textSchema: JSONValue { ["type": ["string", "number", "boolean"]] }
}

extension ConfigKey where Value == Int {
    /// A whole number within `range`, `fallback` when absent.
    ///
    /// A value that is not a whole number or is out of range is reported at the value.
    public static func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>, _ summary: String) -> ConfigKey<Int> {
        ConfigKey(name, type: "integer \(range.lowerBound)-\(range.upperBound)", default: String(fallback), summary: summary,
                  schema: orPlaceholder(["type": "integer", "minimum": .number(range.lowerBound), "maximum": .number(range.upperBound)])) {
            $0.int(name, default: fallback, in: range)
        }
    }
}

extension ConfigKey where Value == Int? {
    /// A whole number within `range`, nil when absent.
    ///
    /// - Parameter absent: What the handler does without the key, for the docs ("all", "no limit").
    public static func integer(_ name: String, in range: ClosedRange<Int>, absent: String, _ summary: String) -> ConfigKey<Int?> {
        ConfigKey(name, type: "integer \(range.lowerBound)-\(range.upperBound)", default: absent, summary: summary,
                  schema: orPlaceholder(["type": "integer", "minimum": .number(range.lowerBound), "maximum": .number(range.upperBound)])) {
            $0.has(name) ? $0.int(name, default: range.lowerBound, in: range) : nil
        }
    }
}

extension ConfigKey where Value == Bool {
    /// `true` or `false` (YAML's yes/no/on/off are reported, not guessed at).
    public static func boolean(_ name: String, default fallback: Bool, _ summary: String) -> ConfigKey<Bool> {
        ConfigKey(name, type: "true or false", default: String(fallback), summary: summary,
                  schema: orPlaceholder(["type": "boolean"])) {
            $0.bool(name, default: fallback)
        }
    }
}

extension ConfigKey where Value == String {
    /// Text, `fallback` when absent.
    public static func text(_ name: String, default fallback: String, _ summary: String) -> ConfigKey<String> {
        ConfigKey(name, type: "text", default: fallback, summary: summary, schema: textSchema) {
            $0.string(name) ?? fallback
        }
    }

    /// The name of a role of the exercise (`scribe`); the loader warns when a step names a
    /// role its exercise does not declare.
    public static func role(_ name: String, default fallback: String, _ summary: String) -> ConfigKey<String> {
        ConfigKey(name, type: roleType, default: fallback, summary: summary, schema: textSchema) {
            $0.string(name) ?? fallback
        }
    }

    /// What ``ConfigKeyInfo/type`` says of a role key.
    public static var roleType: String { "role name" }

    /// One of a fixed set of words; anything else is reported with the choices and a "did you mean".
    public static func oneOf(_ name: String, _ choices: [String], default fallback: String, _ summary: String) -> ConfigKey<String> {
        ConfigKey(name, type: "one of: " + choices.joined(separator: ", "), default: fallback, summary: summary,
                  schema: orPlaceholder(["enum": .array(choices.map(JSONValue.string))])) {
            $0.string(name, oneOf: choices, default: fallback)
        }
    }
}

extension ConfigKey where Value == String? {
    /// Text, nil when absent.
    ///
    /// - Parameters:
    ///   - absent: What the handler does without the key, for the docs; nil for nothing to say.
    ///   - required: Whether a step must give the key (the loader reports it missing).
    public static func text(_ name: String, absent: String? = nil, required: Bool = false, _ summary: String) -> ConfigKey<String?> {
        ConfigKey(name, type: "text", default: absent, required: required, summary: summary, schema: textSchema) {
            $0.string(name)
        }
    }

    /// The name of a role of the exercise, nil when absent (see ``ConfigKey/role(_:default:_:)``).
    public static func role(_ name: String, absent: String, _ summary: String) -> ConfigKey<String?> {
        ConfigKey(name, type: ConfigKey<String>.roleType, default: absent, summary: summary, schema: textSchema) {
            $0.string(name)
        }
    }
}

extension ConfigKey where Value: RawRepresentable, Value.RawValue == String {
    /// One of the cases in `choices`, written as its raw value.
    ///
    /// ```swift
    /// static let mode = ConfigKey.oneOf("mode", [Mode.prefix, .columns], default: .prefix, "How lines reach a column.")
    /// ```
    public static func oneOf(_ name: String, _ choices: [Value], default fallback: Value, _ summary: String) -> ConfigKey<Value> {
        let words = choices.map(\.rawValue)
        return ConfigKey(name, type: "one of: " + words.joined(separator: ", "), default: fallback.rawValue, summary: summary,
                         schema: orPlaceholder(["enum": .array(words.map(JSONValue.string))])) {
            Value(rawValue: $0.string(name, oneOf: words, default: fallback.rawValue)) ?? fallback
        }
    }
}

extension ConfigKey where Value == [String] {
    /// A list of text; a single scalar counts as a list of one.
    ///
    /// - Parameters:
    ///   - fallback: The list when the key is absent.
    ///   - absent: What the handler does without the key, for the docs (default: the fallback list).
    ///   - required: Whether a step must give the key.
    ///   - nonEmpty: Whether an empty list is an error.
    ///   - distinct: Whether an empty or repeated item (case ignored) is an error; items are trimmed.
    ///   - repeatHint: The hint for a repeated item.
    public static func textList(_ name: String, default fallback: [String] = [], absent: String? = nil, required: Bool = false,
                                nonEmpty: Bool = false, distinct: Bool = false,
                                repeatHint: String = "remove the repeat (case is ignored)", _ summary: String) -> ConfigKey<[String]>
    {
        var list: [(String, JSONValue)] = [("type", "array"), ("items", textSchema)]
        if nonEmpty { list.append(("minItems", 1)) }
        let shown = absent ?? (fallback.isEmpty ? nil : "[" + fallback.joined(separator: ", ") + "]")
        return ConfigKey(name, type: nonEmpty ? "non-empty list of text" : "list of text", default: shown, required: required,
                         summary: summary, schema: ["anyOf": [.object(list), textSchema]]) { config in
            guard config.has(name) else { return fallback }
            if distinct { return config.distinctStrings(name, nonEmpty: nonEmpty, repeatHint: repeatHint) }
            return config.strings(name, default: fallback, nonEmpty: nonEmpty)
        }
    }
}

extension ConfigKey where Value == Duration? {
    /// A positive duration written like a step's (`45s`, `5m`, `1h30m`), nil when absent.
    public static func duration(_ name: String, absent: String? = nil, _ summary: String) -> ConfigKey<Duration?> {
        ConfigKey(name, type: "duration", default: absent, summary: summary,
                  schema: orPlaceholder(["type": "string", "pattern": .string(DurationText.schemaPattern)])) {
            $0.duration(name)
        }
    }
}

extension ConfigKey where Value == Duration {
    /// A positive duration written like a step's (`45s`, `5m`, `1h30m`), `fallback` when absent.
    public static func duration(_ name: String, default fallback: Duration, _ summary: String) -> ConfigKey<Duration> {
        ConfigKey(name, type: "duration", default: DurationText.format(fallback), summary: summary,
                  schema: orPlaceholder(["type": "string", "pattern": .string(DurationText.schemaPattern)])) {
            $0.duration(name) ?? fallback
        }
    }
}
