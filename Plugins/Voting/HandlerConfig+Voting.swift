import Foundation
import RoundtableSDK

extension HandlerConfig {
    /// Reads `options` (the items when the step has no `input:`) and reports what is wrong with it.
    ///
    /// A step needs something to vote on: items from `input:` or its own `options`. Two
    /// options with the same text would be counted as one, so a repeat is an error.
    func votingOptions() -> [String] {
        let options = distinctStrings("options", nonEmpty: true, repeatHint: "each option is voted on once; remove the repeat")
        if !step.hasInput && !has("options") {
            error("`\(handlerName)` needs items to work on: add `input: <earlier step id>` to the step or `options:` to its config",
                  hint: "e.g. config: { options: [Pairing Fridays, Shorter standups] }")
        }
        return options
    }

    /// Reads `top`: how many ranked items to show (nil: all).
    func top() -> Int? {
        has("top") ? int("top", default: 1, in: 1...1000) : nil
    }

    /// Reads `scale`, reporting a value that is not `low-high`.
    func scoreScale(default fallback: ScoreScale) -> ScoreScale {
        guard let node = value("scale") else { return fallback }
        guard let text = string("scale") else { return fallback }
        guard let scale = ScoreScale(text) else {
            error("config `scale` must be like 1-5: two whole numbers, the lowest first, at most 100; not '\(text.neutralized())'",
                  at: node, hint: "e.g. scale: 1-5 or scale: 0-10")
            return fallback
        }
        return scale
    }
}
