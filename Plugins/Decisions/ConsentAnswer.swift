import Foundation

/// One participant's answer in a consent round: consent, an objection with its reason, or standing aside.
enum ConsentAnswer: Equatable {
    case consent
    case standAside
    case object(reason: String)
    /// Why the answer cannot be taken, in one sentence for the room.
    case invalid(String)

    static let help = "Answer consent, object: <reason>, or stand aside."

    /// Reads a typed answer; `consent`, `yes`, `ok`, `stand aside`, `aside`, `object: reason`.
    static func read(_ text: String) -> ConsentAnswer {
        let typed = text.trimmingCharacters(in: .whitespaces)
        let words = typed.lowercased().replacingOccurrences(of: "-", with: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let plain = words.trimmingCharacters(in: CharacterSet(charactersIn: ".!"))
        if ["consent", "c", "yes", "y", "ok", "agree", "i consent"].contains(plain) { return .consent }
        if ["stand aside", "aside", "abstain", "i stand aside"].contains(plain) { return .standAside }
        for keyword in ["objection", "object"] {
            guard typed.count >= keyword.count, typed.prefix(keyword.count).lowercased() == keyword else { continue }
            let rest = typed.dropFirst(keyword.count)
            // "objective" is not an objection: the keyword must end the word.
            guard rest.first.map({ $0 == ":" || $0 == "-" || $0.isWhitespace }) ?? true else { continue }
            let reason = rest.trimmingCharacters(in: CharacterSet(charactersIn: ":-–").union(.whitespaces))
            return reason.isEmpty ? .invalid("Say why: object: <reason>.") : .object(reason: reason)
        }
        return .invalid(help)
    }
}
