import Foundation
import RoundtableSDK

/// Dot voting: each participant spreads a few dots over the items, then the room sees a ranking.
///
/// The items are those of the step's `input:` (ideas, notes, an earlier ranking), or the
/// configured `options` when there is no input or it produced nothing. With `over: themes`
/// the items are the themes of the input (a `cluster` step's), each shown with its cards,
/// and the result adds a table of the ranked themes with all their cards. The view shows the
/// items numbered, with their dots so far, and who has voted; each participant sends one
/// ballot, in any order: from a device, or typed signed (`Ana: 1 1 3`), or unsigned for the
/// first voter still awaited:
///
/// | typed | meaning |
/// | --- | --- |
/// | `1 1 3` or `1,3,3` | item numbers; a repeated number puts more dots on that item |
/// | `8 13`, `#2` | when some item is a number (cards), numbers are items' texts; `#2` is item 2 |
/// | `Pairing Fridays`, `pairing, 3` | an item's text, or a prefix that fits one item only |
/// | empty line, `pass`, `abstain` | the participant abstains |
///
/// A ballot over the budget (`dots`), over the cap per item (`max_per_item`) or naming an
/// unknown item is refused with the reason, and the same person is asked again; a second
/// ballot from someone who voted is refused. Fewer dots than the budget are fine. With
/// `secret: true` ballots are typed hidden, the screen is cleared after each voter, and the
/// view shows no dots until the result.
///
/// Each accepted ballot is recorded at once, as one `vote` per item with the points it
/// got (`author` is the voter); an abstention is a pass (`note` "passed", category
/// `pass`). At the end, or when the timer or `/next` cuts the vote short, the view shows the
/// ranking of the dots cast, ties named explicitly ("tie: A and B with 4 dots"), and the
/// ranking is recorded as one `decision` in the category `ranking` and as a `result` table
/// (rank, item, dots). A later step with
/// `input:` on this one gets the items ranked by their dots. Lines typed after the result,
/// until `/next` or the timer, are kept as notes (by the scribe, if there is one).
///
/// ```yaml
/// - id: vote
///   handler: dot-vote
///   input: ideas
///   duration: 3m
///   config: { dots: 3, max_per_item: 2, top: 3 }
/// ```
public struct DotVoteHandler: ExerciseHandler {
    public static let name = "dot-vote"
    public static let readsInput = true
    public static let summary = "Each participant spreads dots over the items (input or options); ranked result with ties."
    public static let whatToType = [
        "1 1 3 or 1,3,3 — item numbers; a repeated number puts more dots on that item",
        "8 13 — when the items are numbers (cards), numbers name items as written; #2 is the second item",
        "an item's text, or a start that fits one item — a dot on it (a whole line equal to an item's text always means that item)",
        "Ana: 1 1 3 — Ana's ballot (unsigned: the first voter still awaited)",
        "empty line, pass, abstain — abstain",
    ]
    static let options = HandlerConfig.votingOptionsKey("The items to vote on when the step has no `input:` (or its input produced nothing).")
    static let dots = ConfigKey.integer("dots", default: 3, in: 1...20, "Dots per participant.")
    static let maxPerItem = ConfigKey.integer("max_per_item", in: 1...20, absent: "dots",
                                              "Most dots one participant may put on one item (at most `dots`).")
    static let secret = ConfigKey.boolean("secret", default: false, "Ballots are typed hidden and the screen is cleared between voters.")
    static let top = ConfigKey.integer("top", in: 1...1000, absent: "all",
                                       "How many ranked items the result shows (items tied with the last are shown too).")
    static let over = HandlerConfig.votingOverKey()
    public static let configKeys: [any AnyConfigKey] = [options, dots, maxPerItem, secret, top, over]
    public static let example = """
        - id: vote
          title: Vote on the ideas
          handler: dot-vote
          input: earlier
          duration: 3m
          prompt: Which ideas should we try first?
          config: { dots: 3, max_per_item: 2, secret: false, top: 3 }
        """

    let options: [String]
    let dots: Int
    let maxPerItem: Int
    let secret: Bool
    let top: Int?
    let over: VotingOver

    public init(config: HandlerConfig) {
        options = config.votingOptions(Self.options)
        dots = config[Self.dots]
        maxPerItem = config.int(Self.maxPerItem.name, default: dots, in: 1...dots)
        secret = config[Self.secret]
        top = config[Self.top]
        over = config.votingOver(Self.over)
        config.requireOneTimer(hint: "every participant votes within the step's one timer")
    }

    public func run(_ step: StepContext) async {
        let voted = step.votingItems(options: options, over: over)
        let items = voted.map(\.text)
        guard !items.isEmpty else {
            step.announce("Nothing to vote on: the input step produced no items.")
            return await step.notesUntilEnd()
        }
        var tally = Tally(items: items, voters: step.names.count)
        tally.cards = voted.map(\.cards)
        step.show(StepView(prompt: step.step.prompt.map { step.fill($0) }, items: view(of: tally), notes: instructions(),
                           entry: .dots(budget: dots, perItem: maxPerItem)))
        let question = "your \(dots == 1 ? "dot" : "dots") (up to \(dots))"
        _ = await step.fromEveryone(question, verb: "voted", secret: secret) { text, voter -> Answer<Void> in
            switch DotBallot.read(text, items: items, budget: dots, cap: maxPerItem, secret: secret) {
            case .invalid(let reason):
                return .reject(reason)
            case .abstain:
                step.record(.pass(by: voter), shown: !secret)
                tally.abstained += 1
                if !secret { step.announce("\(voter) abstains.") }
            case .dots(let ballot):
                for (index, points) in ballot.sorted(by: { $0.key < $1.key }) {
                    step.record(.vote(for: items[index], by: voter, points: Double(points)), shown: !secret)
                    tally.totals[index] += points
                }
                tally.voted += 1
                if !secret { step.updateView { $0.items = view(of: tally) } }
            }
            return .accept(())
        }
        showResult(tally, step: step)
        await step.notesUntilEnd()
    }

    /// The numbered items with their dots so far; a secret vote shows the dots only with the result.
    private func view(of tally: Tally, revealed: Bool = false) -> [StepView.Item] {
        tally.items.enumerated().map { index, text in
            StepView.Item(number: index + 1, text: text, tally: secret && !revealed ? nil : Double(tally.totals[index]),
                          detail: VotingItem(text: text, cards: tally.cards[index]).cardsLine)
        }
    }

    /// The dots cast so far, per item, and who took part.
    struct Tally {
        var items: [String]
        /// Everyone who may vote.
        var voters: Int
        var totals: [Int]
        /// The cards of each item when the items are themes; empty lists otherwise.
        var cards: [[String]]
        var voted = 0
        var abstained = 0

        init(items: [String], voters: Int) {
            self.items = items
            self.voters = voters
            totals = Array(repeating: 0, count: items.count)
            cards = Array(repeating: [], count: items.count)
        }
    }

    private func instructions() -> [String] {
        ["\(dots) \(dots == 1 ? "dot" : "dots") each" + (maxPerItem < dots ? ", at most \(maxPerItem) per item." : "."),
         "Type item numbers: \"1 1 3\" puts 2 dots on item 1 and 1 on item 3. Empty line: abstain."
             + (secret ? " Ballots are hidden." : "")]
    }

    /// Shows the ranking in the view and records it: a `decision` (what later steps and the report read) and a table.
    private func showResult(_ tally: Tally, step: StepContext) {
        let total = tally.totals.reduce(0, +)
        let people = tally.voters
        let turnout = tally.voted + tally.abstained < people ? " (\(tally.voted + tally.abstained) of \(people) voted before the vote ended)" : ""
        guard total > 0 else {
            step.updateView {
                $0.items = view(of: tally, revealed: true)
                $0.hidden = 0
                $0.notes = ["No dots were cast\(turnout)."]
                $0.entry = nil
            }
            return
        }
        let ranking = Ranking(tally.items.indices.map { (tally.items[$0], Double(tally.totals[$0])) })
        let scored = ranking.entries.filter { $0.value > 0 }
        let shown = ranking.top(top, of: scored)
        let ties = Ranking.ties(in: shown).map { group in
            "tie: \(Ranking.list(group.map(\.text))) with \(dotCount(group[0].value))"
        }
        var lines = ["Result: \(dotCount(Double(total))) from \(tally.voted) \(tally.voted == 1 ? "voter" : "voters")\(turnout)"]
        lines += shown.map { "\($0.place). \($0.text) — \(dotCount($0.value))" }
        lines += ties
        let unvoted = ranking.entries.filter { $0.value == 0 }.map(\.text)
        if top == nil && !unvoted.isEmpty { lines.append("No dots: " + unvoted.joined(separator: ", ")) }
        step.updateView {
            $0.items = view(of: tally, revealed: true)
            $0.hidden = 0
            $0.notes = lines
            $0.entry = nil
        }

        let summary = shown.map { "\($0.place). \($0.text) (\(dotCount($0.value)))" }.joined(separator: "; ")
        step.record(.decision(summary + (ties.isEmpty ? "" : " — " + ties.joined(separator: "; ")), category: "ranking"))
        step.record(.ranking("Ranking", shown, by: .sum, unit: "dots"))
        if tally.cards.contains(where: { !$0.isEmpty }) {
            step.record(Self.themesTable(shown, items: tally.items, cards: tally.cards, unit: "dots"))
        }
    }

    /// The ranked themes with every card in each, so the result names what each theme holds.
    static func themesTable(_ ranked: [Ranking.Entry], items: [String], cards: [[String]], unit: String) -> Artifact {
        .result("Themes ranked, with their cards", columns: ["rank", "theme", unit, "cards"], rows: ranked.map { entry in
            let held = items.firstIndex(of: entry.text).map { cards[$0] } ?? []
            return [String(entry.place), entry.text, Ranking.format(entry.value), held.joined(separator: "; ")]
        })
    }

    private func dotCount(_ value: Double) -> String {
        "\(Ranking.format(value)) \(value == 1 ? "dot" : "dots")"
    }
}
