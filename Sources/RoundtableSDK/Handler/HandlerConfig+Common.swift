import Foundation

extension HandlerConfig {
    /// Reports `each: participant` and `rounds:` on a step whose handler works within one
    /// timer: per-speaker turns or repeated rounds would leave timers running with nothing
    /// to do.
    ///
    /// ```swift
    /// config.requireOneTimer(hint: "every participant votes within the step's one timer")
    /// ```
    ///
    /// - Parameter allowRounds: true for a handler that gives each round its own part of
    ///   the work (one scenario per round, say).
    public func requireOneTimer(hint: String, allowRounds: Bool = false) {
        if step.eachParticipant {
            error("`\(handlerName)` asks every participant within one timer; remove `each: participant` from the step", hint: hint)
        }
        if step.rounds > 1 && !allowRounds && step.overItems {
            error("`\(handlerName)` runs once per step, so it cannot take a round per item; use `top: 1` in `for_each:`, or remove `for_each:`",
                  hint: hint)
        } else if step.rounds > 1 && !allowRounds {
            error("`\(handlerName)` runs once per step; remove `rounds: \(step.rounds)` from the step", hint: hint)
        }
    }

    /// A list of text under `key` whose items are neither empty nor repeated (case ignored);
    /// each offender is reported where it stands.
    ///
    /// ```swift
    /// options = config.distinctStrings("options", nonEmpty: true)
    /// ```
    public func distinctStrings(_ key: String, nonEmpty: Bool, repeatHint: String = "remove the repeat (case is ignored)") -> [String] {
        var seen: Set<String> = []
        return textItems(key, nonEmpty: nonEmpty).map { written, node in
            let text = written.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty {
                error("config `\(key)` has an empty item", at: node, hint: "remove the empty item")
            } else if !seen.insert(text.lowercased()).inserted {
                error("config `\(key)` lists '\(text.neutralized())' twice", at: node, hint: repeatHint)
            }
            return text
        }
    }
}
