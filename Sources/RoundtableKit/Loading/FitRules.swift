/// The keys of `min`, `max`, `priority`, `lock`, `fit:` and `breaks:`, declared once: the
/// loader reads them and ``FormatSchema`` lists them.
enum FitRules {
    /// `priority:` of a step or agenda item.
    static let priority = 0.1...10.0

    /// Keys a step, an agenda item and a break take to bound their fitting.
    static let boundsProperties: [(String, JSONValue)] = [
        ("min", described(FormatSchema.duration, "The least the step may be shrunk to when the session is fitted (read like duration).")),
        ("max", described(FormatSchema.duration, "The most the step may be stretched to when the session is ahead (read like duration).")),
        ("priority", ["type": "number", "exclusiveMinimum": 0, "maximum": .number(Int(priority.upperBound)),
                      "description": "How much the step matters (default 1): it shrinks less and stretches more as this grows."]),
        ("lock", ["type": "boolean", "description": "Keep this length when the session is fitted."]),
    ]

    /// Keys of an agenda about fitting.
    static let agendaProperties: [(String, JSONValue)] = [
        ("fit", ["enum": .array(AgendaFitting.Mode.allCases.map { .string($0.rawValue) }),
                 "description": "auto: fit the rest to the timebox at every step start; manual (default): with /fit."]),
        ("breaks", [
            "type": "object", "additionalProperties": false, "required": ["after_rotation", "length"],
            "properties": [
                "after_rotation": ["type": "boolean", "description": "A break after every full rotation of roles."],
                "length": FormatSchema.duration,
                "title": ["type": "string"],
            ],
        ]),
    ]

    static func described(_ schema: JSONValue, _ text: String) -> JSONValue {
        guard case .object(var pairs) = schema else { return schema }
        pairs.removeAll { $0.0 == "description" }
        pairs.append(("description", .string(text)))
        return .object(pairs)
    }

    static let breaksKeys = ["after_rotation", "length", "title"]
}
