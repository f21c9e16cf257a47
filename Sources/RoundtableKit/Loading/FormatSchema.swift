/// The ranges and key lists of the file format, declared once: the loader checks against
/// them and ``FormatSchema`` is made from them.
enum FormatRules {
    /// `rounds:` of a step.
    static let rounds = 1...100
    /// `groups:` (or `groups: { size: }`) of a step.
    static let groupSize = 2...50
    /// `participants:` of an exercise, exact or `min`/`max`.
    static let participants = 1...Participant.limit
    /// How many `phases:` a step may have.
    static let phases = 1...20
    /// `repeat: N` of a block.
    static let blockPasses = 1...20
    /// `for_each: { top: }`: the most items a loop takes.
    static let forEachTop = 1...50
    /// The longest item of a listed `for_each:`, in characters.
    static let listedItemLength = 200
    /// `groups: { join: }`: how many groups of an earlier step make one.
    static let join = 2...10
}

/// The JSON Schema (draft 2020-12) of exercise and agenda files, for editor completion.
///
/// Made from the declarations the loader uses: the key lists and ranges of
/// ``FormatRules``, the duration pattern of ``DurationText``, the registered handler names
/// and each handler's ``ConfigKey``s. The loader remains the authority (it also checks
/// references between steps, placeholders and handler-specific rules).
public enum FormatSchema {
    static let duration: JSONValue = [
        "type": "string", "pattern": .string(DurationText.schemaPattern),
        "description": "A duration longer than zero such as 45s, 5m, 1h30m or 2m30s.",
    ]
    static let kebab: JSONValue = ["type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"]
    static let rotation: JSONValue = [
        "oneOf": [
            ["enum": .array(Rotation.names.map(JSONValue.string))],
            [
                "type": "object", "additionalProperties": false,
                "properties": [
                    "rotate": ["enum": .array(Rotation.names.map(JSONValue.string))],
                    "fixed": ["type": "string", "description": "Always this participant."],
                    "summary": ["type": "string"],
                    "scope": ["const": "group", "description": "A holder in every group of a step with groups:, rotating within the group."],
                ],
            ],
        ],
    ]
    static func integer(_ range: ClosedRange<Int>) -> JSONValue {
        ["type": "integer", "minimum": .number(range.lowerBound), "maximum": .number(range.upperBound)]
    }

    /// The keys of a step, in the order the loader lists them; the loader accepts exactly these.
    static let stepProperties: [(String, JSONValue)] = [
        ("id", kebab),
        ("title", ["type": "string"]),
        ("handler", ["type": "string", "description": "A registered handler (`roundtable handlers`)."]),
        ("duration", duration),
        ("instructions", ["type": "string", "description": "Shown when the step starts; {{role}} placeholders are filled."]),
        ("prompt", ["type": "string"]),
        ("each", ["const": "participant", "description": "A timer per speaker: duration is per turn."]),
        ("groups", [
            "description": "Group size (or { size, mix: attribute, keep, stay: role }, or { from: step, join: N }); groups re-mix every round.",
            "oneOf": [
                integer(FormatRules.groupSize),
                ["type": "object", "additionalProperties": false,
                 "properties": .object(groupsProperties),
                 "oneOf": [
                     ["required": ["size"], "not": ["anyOf": [
                         ["required": ["from"]], ["required": ["join"]],
                         // A member who stays cannot stay in groups that never move.
                         ["required": ["stay", "keep"], "properties": ["keep": ["const": true]]],
                     ]]],
                     ["required": ["from"], "not": ["anyOf": [["required": ["size"]], ["required": ["mix"]], ["required": ["stay"]]]]],
                 ]],
            ],
        ]),
        ("rounds", integer(FormatRules.rounds)),
        ("input", [
            "description": "The id of an earlier step whose artifacts this step takes, or a list of them.",
            "oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"], "minItems": 1, "uniqueItems": true]],
        ]),
        ("timer", [
            "type": "object", "additionalProperties": false,
            "properties": .object(timerProperties),
        ]),
        ("config", ["type": ["object", "null"]]),
    ] + structureProperties + FitRules.boundsProperties

    /// The keys of a repeated block among the steps; the loader accepts exactly these.
    static let blockProperties: [(String, JSONValue)] = [
        ("block", ["type": "string", "description": "The block's name; its steps run as a whole, pass after pass."]),
        ("repeat", [
            "description": "How many passes, or { per: role } for one pass per participant holding the role in turn.",
            "oneOf": [
                integer(FormatRules.blockPasses),
                ["type": "object", "additionalProperties": false, "required": ["per"], "properties": ["per": ["type": "string"]]],
            ],
        ]),
        ("steps", ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/step"]]),
        ("for_each", [
            "type": "object", "additionalProperties": false, "required": ["from", "top"],
            "description": "Instead of repeat: a pass of the block's steps per item of an earlier step's result, best first; {{item}} names it.",
            "properties": .object(forEachProperties),
        ]),
    ]

    /// The keys of a step's `groups:` mapping; the loader accepts exactly these.
    static let groupsProperties: [(String, JSONValue)] = [
        ("size", integer(FormatRules.groupSize)),
        ("mix", ["type": "string", "description": "A participant attribute the groups should mix."]),
        ("keep", ["type": "boolean", "description": "Keep the same groups for every round of the step (default: re-mix every round)."]),
        ("stay", ["type": "string", "description": "A role with scope: group whose holder stays at their group every round while the others move (a World Café host)."]),
        ("from", ["type": "string", "description": "An earlier step with groups: this step's groups join whole groups of its last round."]),
        ("join", integer(FormatRules.join)),
    ]

    /// The keys of a step that shape it beyond its timer (``StepStructure``).
    static let structureProperties: [(String, JSONValue)] = [
        ("phases", [
            "type": "array", "minItems": 1, "maxItems": .number(FormatRules.phases.upperBound),
            "description": "Timed parts of every turn (with each: participant) or round; the step's duration is their sum.",
            "items": [
                "type": "object", "additionalProperties": false, "required": ["name", "duration"],
                "properties": .object(phaseProperties),
            ],
        ]),
        ("for_each", [
            "description": "Run the step once per item of an earlier step's result, best first, or once per item listed here; {{item}} names it.",
            "oneOf": [
                ["type": "object", "additionalProperties": false, "required": ["from", "top"], "properties": .object(forEachProperties)],
                ["type": "array", "minItems": .number(FormatRules.forEachTop.lowerBound), "maxItems": .number(FormatRules.forEachTop.upperBound),
                 "uniqueItems": true,
                 "items": ["type": "string", "minLength": 1, "maxLength": .number(FormatRules.listedItemLength)]],
            ],
        ]),
        ("except", [
            "description": "Role(s) whose holders get no turn (with each: participant), e.g. facilitator.",
            "oneOf": [["type": "string"], ["type": "array", "items": ["type": "string"], "minItems": 1]],
        ]),
        ("only", [
            "type": "object", "additionalProperties": false, "required": ["from"],
            "description": "Turns only for those an earlier step's result picks (with each: participant).",
            "properties": .object(onlyProperties),
        ]),
        ("extend_vote", [
            "description": "A thumbs vote when each round's timebox ends: more thumbs up than down extend it by the next of these (each shorter), else the room moves on. A single duration halves down to 30s.",
            "oneOf": [
                duration,
                ["type": "array", "minItems": 1, "maxItems": .number(ThumbsVote.limit), "items": duration],
            ],
        ]),
    ]

    /// The keys of a step's `for_each:`; the loader accepts exactly these.
    static let forEachProperties: [(String, JSONValue)] = [
        ("from", ["type": "string", "description": "The id of an earlier step whose result gives the items, best first."]),
        ("top", integer(FormatRules.forEachTop)),
    ]

    /// The keys of a step's `only:`; the loader accepts exactly these.
    static let onlyProperties: [(String, JSONValue)] = [
        ("from", ["type": "string", "description": "The id of an earlier step whose result picks the speakers."]),
        ("at_most", ["type": "number", "description": "Those whose score or vote there is at most this."]),
        ("at_least", ["type": "number", "description": "Those whose score or vote there is at least this."]),
    ]

    /// The keys of one phase of `phases:`; the loader accepts exactly these.
    static let phaseProperties: [(String, JSONValue)] = [
        ("name", ["type": "string", "description": "What the room calls this part, shown in the header."]),
        ("duration", duration),
        ("prompt", ["type": "string", "description": "The question or task of this part; {{speaker}} and roles are filled per turn."]),
        ("focus", ["type": "string", "description": "Who is on during this part, e.g. \"{{speaker}} listens\"."]),
    ]

    /// The keys of a step's `timer:`; the loader accepts exactly these.
    static let timerProperties: [(String, JSONValue)] = [
        ("warn_at", ["oneOf": [duration, ["type": "array", "items": duration]]]),
        ("on_zero", ["enum": .array(TimerPolicy.OnZero.allCases.map { .string($0.rawValue) })]),
        ("turns", ["enum": ["advance", "bell"],
                   "description": "What happens when one speaker's turn is up while turns remain (default: advance)."]),
    ]

    /// The keys of an exercise; the loader accepts exactly these.
    static let exerciseProperties: [(String, JSONValue)] = [
        ("id", kebab),
        ("title", ["type": "string"]),
        ("summary", ["type": "string"]),
        ("tags", ["oneOf": [["type": "array", "items": ["type": "string"]], ["type": "string"]]]),
        ("source", ["type": "string", "description": "Credit for the method."]),
        ("participants", [
            "oneOf": [
                integer(FormatRules.participants),
                ["type": "object", "additionalProperties": false,
                 "properties": ["min": integer(FormatRules.participants), "max": integer(FormatRules.participants)]],
            ],
        ]),
        ("roles", ["type": "object", "additionalProperties": rotation]),
        ("params", [
            "type": "object",
            "additionalProperties": [
                "oneOf": [
                    ["type": ["string", "number", "boolean", "null"]],
                    ["type": "object", "additionalProperties": false,
                     "properties": ["default": ["type": ["string", "number", "boolean"]], "summary": ["type": "string"]]],
                ],
            ],
        ]),
        ("steps", ["type": "array", "minItems": 1, "items": ["oneOf": [["$ref": "#/$defs/step"], ["$ref": "#/$defs/block"]]]]),
    ]

    static let participant: JSONValue = [
        "oneOf": [
            ["type": "string"],
            ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"]],
             "additionalProperties": ["type": "string"]],
        ],
    ]

    /// An agenda item's `inputs:`: a step of its exercise → `<exercise>.<step>` of an earlier item, or a list of them.
    static let agendaInputs: JSONValue = {
        let source: JSONValue = ["type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*\\.[^.]+$"]
        return [
            "type": "object",
            "description": "Results of earlier items handed on: { vote: round-robin-brainstorm.ideas } (the step reads them instead of its own input).",
            "additionalProperties": ["oneOf": [source, ["type": "array", "items": source, "minItems": 1]]],
        ]
    }()

    /// The keys of an agenda; the loader accepts exactly these.
    static let agendaProperties: [(String, JSONValue)] = [
        ("title", ["type": "string"]),
        ("summary", ["type": "string"]),
        ("timebox", duration),
        ("participants", ["type": "array", "items": participant, "maxItems": .number(Participant.limit)]),
        ("agenda", [
            "type": "array", "minItems": 1,
            "items": [
                "oneOf": [
                    ["type": "object", "additionalProperties": false, "required": ["exercise"],
                     "properties": .object([("exercise", ["type": "string"]), ("title", ["type": "string"]),
                                            ("with", ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean"]]]),
                                            ("inputs", agendaInputs)]
                                           + FitRules.boundsProperties)],
                    ["type": "object", "additionalProperties": false, "required": ["break"],
                     "properties": .object([("break", duration), ("title", ["type": "string"])] + FitRules.boundsProperties)],
                ],
            ],
        ]),
    ] + FitRules.agendaProperties

    /// The schema of files for the handlers of `registry`.
    public static func schema(for registry: HandlerRegistry) -> JSONValue {
        let handlerNames = registry.names.map(JSONValue.string)
        var handlerRules: [JSONValue] = []
        for entry in registry.entries {
            let names = ([entry.type.name] + entry.type.aliases).map(JSONValue.string)
            let keys = entry.type.configKeys.map(\.info)
            let properties = JSONValue.object(keys.map { ($0.name, $0.documentedSchema) })
            let required = keys.filter(\.required).map { JSONValue.string($0.name) }
            var config: [(String, JSONValue)] = [("type", "object"), ("properties", properties), ("additionalProperties", false)]
            if !required.isEmpty { config.append(("required", .array(required))) }
            var then: [(String, JSONValue)] = [("properties", ["config": .object(config)])]
            if !required.isEmpty { then.append(("required", ["config"])) }
            handlerRules.append([
                "if": ["properties": ["handler": ["enum": .array(names)]], "required": ["handler"]],
                "then": .object(then),
            ])
        }
        var stepProperties = Self.stepProperties
        if let index = stepProperties.firstIndex(where: { $0.0 == "handler" }) {
            stepProperties[index].1 = ["enum": .array(handlerNames), "description": "A registered handler (`roundtable handlers`)."]
        }
        let step: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["id", "handler"],
            // A step with phases lasts their sum, so it may leave `duration` out.
            "anyOf": [["required": ["duration"]], ["required": ["phases"]]],
            // A thumbs vote ends a round; a step of turns has none for the room to vote on.
            "not": ["required": ["each", "extend_vote"]],
            "properties": .object(stepProperties),
            "allOf": .array(handlerRules),
        ]
        let exercise: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["id", "title", "steps"],
            "properties": .object(exerciseProperties),
        ]
        let agenda: JSONValue = [
            "type": "object", "additionalProperties": false,
            "required": ["title", "agenda"],
            "properties": .object(agendaProperties),
        ]
        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://roundtable.invalid/schema/exercise.json",
            "title": "Roundtable exercise or agenda",
            "oneOf": [["$ref": "#/$defs/exercise"], ["$ref": "#/$defs/agenda"]],
            "$defs": [
                "exercise": exercise, "agenda": agenda, "step": step,
                "block": ["type": "object", "additionalProperties": false, "required": ["block", "steps"],
                          "oneOf": [["required": ["repeat"]], ["required": ["for_each"]]],
                          "properties": .object(blockProperties)],
            ],
        ]
    }
}
