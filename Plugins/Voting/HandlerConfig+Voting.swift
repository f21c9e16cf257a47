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
