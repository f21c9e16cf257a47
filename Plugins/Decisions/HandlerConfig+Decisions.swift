import Foundation
import RoundtableKit

extension HandlerConfig {
    /// Reports `each: participant` and `rounds:`, which a handler that works through its
    /// phases within one timer does not use.
    func requireOneTimer(hint: String) {
        if step.eachParticipant {
            error("`\(handlerName)` asks every participant within one timer; remove `each: participant` from the step", hint: hint)
        }
        if step.rounds > 1 {
            error("`\(handlerName)` runs once per step; remove `rounds: \(step.rounds)` from the step", hint: hint)
        }
    }

    /// A list of text under `key` in which every item is distinct and not empty.
    func distinctStrings(_ key: String, nonEmpty: Bool) -> [String] {
        let values = strings(key, nonEmpty: nonEmpty)
        var seen: Set<String> = []
        for item in value(key)?.items ?? [] {
            guard let text = item.scalar?.trimmingCharacters(in: .whitespacesAndNewlines), !item.isNull else { continue }
            if text.isEmpty {
                error("config `\(key)` has an empty item", at: item)
            } else if !seen.insert(text.lowercased()).inserted {
                error("config `\(key)` lists '\(text.neutralized())' twice", at: item, hint: "remove the repeat")
            }
        }
        return values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }
}
