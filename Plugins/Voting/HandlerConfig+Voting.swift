import Foundation
import RoundtableSDK

extension HandlerConfig {
    /// The `options` key: the items when the step has no `input:`; two options with the
    /// same text would be counted as one, so a repeat is an error.
    static func votingOptionsKey(_ summary: String) -> ConfigKey<[String]> {
        .textList("options", nonEmpty: true, distinct: true, repeatHint: "each option is voted on once; remove the repeat", summary)
    }

    /// Reads `options` and reports a step with nothing to vote on: a step needs items from
    /// `input:` or its own `options`.
    func votingOptions(_ key: ConfigKey<[String]>) -> [String] {
        let options = self[key]
        if !step.hasInput && !has(key.name) {
            error("`\(handlerName)` needs items to work on: add `input: <earlier step id>` to the step or `options:` to its config",
                  hint: "e.g. config: { options: [Pairing Fridays, Shorter standups] }")
        }
        return options
    }

    /// The `scale` key: `low-high`, reported when it is not.
    static func scoreScaleKey(default fallback: ScoreScale) -> ConfigKey<ScoreScale> {
        ConfigKey("scale", type: "lowest-highest, e.g. 1-5 or 0-10", default: "\(fallback.lowest)-\(fallback.highest)",
                  summary: "The whole numbers a score may take (highest is best).",
                  schema: ["type": "string", "pattern": "^ *[0-9]+ *- *[0-9]+ *$"]) { config in
            guard let node = config.value("scale"), let text = config.string("scale") else { return fallback }
            guard let scale = ScoreScale(text) else {
                config.error("config `scale` must be like 1-5: two whole numbers, the lowest first, at most 100; not '\(text.neutralized())'",
                             at: node, hint: "e.g. scale: 1-5 or scale: 0-10")
                return fallback
            }
            return scale
        }
    }
}

/// The `labels` key as written: one word per point, lowest first, or some points each with its word.
enum ScaleLabels: Sendable {
    case none
    case list([(text: String, node: SourceNode)])
    case points([(point: String, text: String, node: SourceNode)])
}

extension HandlerConfig {
    /// The `labels` key: words for the points of the scale, as a list (one per point, lowest
    /// first) or a mapping from a point to its word (`{0: waste of time, 4: excellent}`).
    static let scaleLabelsKey = ConfigKey<ScaleLabels>(
        "labels", type: "list of text (one per point) or mapping point: text", default: "none",
        summary: "Words for the points of the scale, shown on the screen and on the devices' buttons: "
            + "a list, one per point from the lowest, or a mapping such as {0: waste of time, 4: excellent}.",
        schema: ["anyOf": [["type": "array", "items": ["type": "string"], "minItems": 1],
                           ["type": "object", "minProperties": 1, "propertyNames": ["pattern": "^[0-9]+$"],
                            "additionalProperties": ["type": "string"]]]]
    ) { config in
        guard let node = config.value("labels") else { return .none }
        if let items = node.items {
            var list: [(text: String, node: SourceNode)] = []
            for item in items {
                guard let text = item.scalar, !item.isNull else {
                    config.error("config `labels` must be a list of text; this item is \(item.kindDescription)", at: item)
                    continue
                }
                list.append((text, item))
            }
            return .list(list)
        }
        if let pairs = node.pairs {
            var points: [(point: String, text: String, node: SourceNode)] = []
            for pair in pairs {
                guard let point = pair.key.scalar, let text = pair.value.scalar, !pair.value.isNull else {
                    config.error("config `labels`: each point needs a word, e.g. 4: excellent", at: pair.value)
                    continue
                }
                points.append((point, text, pair.key))
            }
            return .points(points)
        }
        config.error("config `labels` must be a list of words (one per point) or a mapping like {0: waste of time, 4: excellent}",
                     at: node, hint: "e.g. labels: [poor, fair, good, very good, excellent] for a 1-5 scale")
        return .none
    }

    /// The scale of `scale` with the words of `labels`, each checked against it: a list gives
    /// one word per point, a mapping names points of the scale; words are not empty nor repeated.
    func labelledScale(_ scaleKey: ConfigKey<ScoreScale>, labels labelsKey: ConfigKey<ScaleLabels>) -> ScoreScale {
        var scale = self[scaleKey]
        var written: [(point: Int, text: String, node: SourceNode)] = []
        switch self[labelsKey] {
        case .none:
            return scale
        case .list(let list):
            if list.count != scale.points.count, let node = value(labelsKey.name) {
                error("config `labels` has \(list.count) \(list.count == 1 ? "word" : "words") for the \(scale.points.count) points of the scale \(scale)",
                      at: node, hint: "give one word per point, lowest first, or a mapping such as {\(scale.lowest): …, \(scale.highest): …}")
                return scale
            }
            written = zip(scale.points, list).map { ($0, $1.text, $1.node) }
        case .points(let points):
            for (point, text, node) in points {
                guard point.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(point), scale.contains(number) else {
                    error("config `labels`: '\(point.neutralized())' is not a point of the scale \(scale)", at: node,
                          hint: "label whole numbers from \(scale.lowest) to \(scale.highest)")
                    continue
                }
                if written.contains(where: { $0.point == number }) {
                    error("config `labels` names the point \(number) twice", at: node, hint: "remove the repeat")
                    continue
                }
                written.append((number, text, node))
            }
        }
        var seen: Set<String> = []
        for (point, text, node) in written {
            let word = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " ")
            if word.isEmpty {
                error("config `labels`: the word for \(point) is empty", at: node, hint: "write a word, or leave the point out of a mapping")
            } else if !seen.insert(word.lowercased()).inserted {
                error("config `labels` uses '\(word.neutralized())' for two points", at: node, hint: "each point needs its own word, so a typed word names one point")
            } else if word.allSatisfy({ $0.isASCII && $0.isNumber }) || ScoreScale.abstainWords.contains(word.lowercased()) {
                error("config `labels`: '\(word.neutralized())' cannot be a word for a point", at: node,
                      hint: "numbers and \(ScoreScale.abstainWords.sorted().joined(separator: ", ")) are already read as scores or abstentions")
            } else {
                scale.labels[point] = word
            }
        }
        return scale
    }
}
