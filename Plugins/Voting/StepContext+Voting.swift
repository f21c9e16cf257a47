import Foundation
import RoundtableSDK

/// What a voting step works on: the input's items (`over: items`) or the themes an earlier
/// clustering made of them (`over: themes`).
enum VotingOver: String {
    case items, themes
}

/// One thing to vote on, and for a theme the cards in it.
struct VotingItem: Equatable {
    var text: String
    var cards: [String] = []
}

extension HandlerConfig {
    /// The `over` key: whether a step votes on the input's items or on its themes.
    static func votingOverKey() -> ConfigKey<VotingOver> {
        .oneOf("over", [VotingOver.items, .themes], default: .items,
               "`themes` votes on the themes (clusters) of the `input:` step, each with its cards, instead of its cards one by one.")
    }

    /// Reads `over`, reporting `themes` on a step without `input:`.
    func votingOver(_ key: ConfigKey<VotingOver>) -> VotingOver {
        let over = self[key]
        if over == .themes && !step.hasInput {
            error("`over: themes` votes on the themes of an earlier step; add `input: <cluster step id>` to the step",
                  at: value(key.name), hint: "e.g. input: themes, where `themes` is a cluster step")
        }
        return over
    }
}

extension StepContext {
    /// What the step votes on: the items of its `input:` step, else its configured options.
    ///
    /// Options are the fallback, so a rehearsal or a skipped earlier step still has something
    /// to vote on. Texts are trimmed, kept on one line, and each is taken once.
    func votingItems(options: [String]) -> [String] {
        votingItems(options: options, over: .items).map(\.text)
    }

    /// What the step votes on, over the input's items or its themes.
    ///
    /// Themes are the categories of the input's cards (a cluster's themes, its `Other`
    /// last as the cluster recorded it), each with its cards in order. When the input has
    /// no themes, its items are voted on, then the options.
    func votingItems(options: [String], over: VotingOver) -> [VotingItem] {
        var source: [VotingItem] = []
        if over == .themes {
            let themes = InputItem.items(from: input, byCategory: true)
            source = themes.map { theme in
                VotingItem(text: theme.text, cards: input.filter { $0.category == theme.text && $0.kind != .vote && $0.kind != .score }
                    .map { Self.oneLine($0.text) })
            }
        }
        if source.isEmpty { source = inputItems.map { VotingItem(text: $0.text) } }
        if source.isEmpty { source = options.map { VotingItem(text: fill($0)) } }
        var seen: Set<String> = []
        return source
            .map { VotingItem(text: Self.oneLine($0.text), cards: $0.cards) }
            .filter { !$0.text.isEmpty && seen.insert($0.text.lowercased()).inserted }
    }

    private static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
    }
}

extension VotingItem {
    /// The cards of a theme in one line for the screen and the report, cut after a few.
    var cardsLine: String? {
        guard !cards.isEmpty else { return nil }
        let shown = cards.prefix(5).map { $0.shortened(to: 40) }
        return "\(cards.count) \(cards.count == 1 ? "card" : "cards"): " + shown.joined(separator: " · ") + (cards.count > 5 ? " …" : "")
    }
}
