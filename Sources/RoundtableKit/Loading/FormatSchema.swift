/// A JSON value, for writing the editor schema without untyped dictionaries.
public indirect enum JSONValue: Sendable, Hashable, Encodable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    case string(String), number(Int), bool(Bool), array([JSONValue]), object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public typealias Key = String
    public typealias Value = JSONValue
    public typealias ArrayLiteralElement = JSONValue

    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)): return a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let value): hasher.combine(value)
        case .number(let value): hasher.combine(value)
        case .bool(let value): hasher.combine(value)
        case .array(let value): hasher.combine(value)
        case .object(let value): value.forEach { hasher.combine($0.0); hasher.combine($0.1) }
        }
    }

    private struct CodingName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .number(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .bool(let value): var c = encoder.singleValueContainer(); try c.encode(value)
        case .array(let values): var c = encoder.unkeyedContainer(); for value in values { try c.encode(value) }
        case .object(let pairs):
            var c = encoder.container(keyedBy: CodingName.self)
            for (key, value) in pairs { try c.encode(value, forKey: CodingName(key)) }
        }
    }
}

/// The JSON Schema (draft 2020-12) of exercise and agenda files, for editor completion.
///
/// It mirrors the loader: the same keys, the registered handler names, and each
/// handler's config keys. The loader remains the authority (it also checks references
/// between steps, placeholders and handler-specific rules).
public enum FormatSchema {
    public static func schema(for registry: HandlerRegistry) -> JSONValue {
        let duration: JSONValue = [
            "type": "string", "pattern": "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$",
            "description": "A duration such as 45s, 5m, 1h30m or 2m30s.",
        ]
        let kebab: JSONValue = ["type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"]
        let rotation: JSONValue = [
            "oneOf": [
                ["enum": .array(Rotation.names.map(JSONValue.string))],
                [
                    "type": "object", "additionalProperties": false,
                    "properties": [
                        "rotate": ["enum": .array(Rotation.names.map(JSONValue.string))],
                        "fixed": ["type": "string", "description": "Always this participant."],
                        "summary": ["type": "string"],
                    ],
                ],
            ],
        ]
        let handlerNames = registry.names.map(JSONValue.string)
        var handlerRules: [JSONValue] = []
        for entry in registry.entries {
            let names = ([entry.type.name] + entry.type.aliases).map(JSONValue.string)
            let properties = JSONValue.object(entry.type.configKeys.map { key in
                (key.name, ["description": .string("\(key.type). \(key.summary)" + (key.defaultValue.map { " Default: \($0)." } ?? ""))])
            })
            let required = entry.type.configKeys.filter(\.required).map { JSONValue.string($0.name) }
            var config: [(String, JSONValue)] = [("type", "object"), ("properties", properties), ("additionalProperties", false)]
            if !required.isEmpty { config.append(("required", .array(required))) }
            var then: [(String, JSONValue)] = [("properties", ["config": .object(config)])]
            if !required.isEmpty { then.append(("required", ["config"])) }
            handlerRules.append([
                "if": ["properties": ["handler": ["enum": .array(names)]], "required": ["handler"]],
                "then": .object(then),
            ])
        }
        let step: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["id", "handler", "duration"],
            "properties": [
                "id": kebab,
                "title": ["type": "string"],
                "handler": ["enum": .array(handlerNames), "description": "A registered handler (`roundtable handlers`)."],
                "duration": duration,
                "instructions": ["type": "string", "description": "Shown when the step starts; {{role}} placeholders are filled."],
                "prompt": ["type": "string"],
                "each": ["const": "participant", "description": "A timer per speaker: duration is per turn."],
                "groups": [
                    "description": "Group size (or { size, mix: attribute }); groups re-mix every round.",
                    "oneOf": [
                        ["type": "integer", "minimum": 2, "maximum": 50],
                        ["type": "object", "additionalProperties": false, "required": ["size"],
                         "properties": ["size": ["type": "integer", "minimum": 2, "maximum": 50], "mix": ["type": "string"]]],
                    ],
                ],
                "rounds": ["type": "integer", "minimum": 1, "maximum": 100],
                "input": ["type": "string", "description": "The id of an earlier step whose artifacts this step takes."],
                "timer": [
                    "type": "object", "additionalProperties": false,
                    "properties": [
                        "warn_at": ["oneOf": [duration, ["type": "array", "items": duration]]],
                        "on_zero": ["enum": .array(TimerPolicy.OnZero.allCases.map { .string($0.rawValue) })],
                    ],
                ],
                "config": ["type": "object"],
            ],
            "allOf": .array(handlerRules),
        ]
        let participant: JSONValue = [
            "oneOf": [
                ["type": "string"],
                ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"]],
                 "additionalProperties": ["type": "string"]],
            ],
        ]
        let exercise: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["id", "title", "steps"],
            "properties": [
                "id": kebab,
                "title": ["type": "string"],
                "summary": ["type": "string"],
                "tags": ["type": "array", "items": ["type": "string"]],
                "source": ["type": "string", "description": "Credit for the method."],
                "participants": [
                    "oneOf": [
                        ["type": "integer", "minimum": 1],
                        ["type": "object", "additionalProperties": false,
                         "properties": ["min": ["type": "integer", "minimum": 1], "max": ["type": "integer", "minimum": 1]]],
                    ],
                ],
                "roles": ["type": "object", "additionalProperties": rotation],
                "params": [
                    "type": "object",
                    "additionalProperties": [
                        "oneOf": [
                            ["type": ["string", "number", "null"]],
                            ["type": "object", "additionalProperties": false,
                             "properties": ["default": ["type": "string"], "summary": ["type": "string"]]],
                        ],
                    ],
                ],
                "steps": ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/step"]],
            ],
        ]
        let agenda: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["title", "agenda"],
            "properties": [
                "title": ["type": "string"],
                "summary": ["type": "string"],
                "timebox": duration,
                "participants": ["type": "array", "items": participant],
                "agenda": [
                    "type": "array", "minItems": 1,
                    "items": [
                        "oneOf": [
                            ["type": "object", "additionalProperties": false, "required": ["exercise"],
                             "properties": ["exercise": ["type": "string"], "title": ["type": "string"],
                                            "with": ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean"]]]]],
                            ["type": "object", "additionalProperties": false, "required": ["break"],
                             "properties": ["break": duration, "title": ["type": "string"]]],
                        ],
                    ],
                ],
            ],
        ]
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://roundtable.invalid/schema/exercise.json",
            "title": "Roundtable exercise or agenda",
            "oneOf": [["$ref": "#/$defs/exercise"], ["$ref": "#/$defs/agenda"]],
            "$defs": ["exercise": exercise, "agenda": agenda, "step": step],
        ]
    }
}
