import Foundation
import RoundtableSDK

/// Dot voting: each participant spreads a few dots over the items, then the room sees a ranking.
///
/// The items are those of the step's `input:` (ideas, notes, an earlier ranking), or the
/// configured `options` when there is no input or it produced nothing. The items are shown
/// numbered; then each participant in turn types their ballot:
///
/// | typed | meaning |
/// | --- | --- |
/// | `1 1 3` or `1,3,3` | item numbers; a repeated number puts more dots on that item |
/// | `Pairing Fridays`, `pairing, 3` | an item's text, or a prefix that fits one item only |
/// | empty line, `pass`, `abstain` | the participant abstains |
///
/// A ballot over the budget (`dots`), over the cap per item (`max_per_item`) or naming an
/// unknown item is refused with the reason, and the same person is asked again. Fewer
/// dots than the budget are fine. With `secret: true` ballots are typed hidden and the
/// screen is cleared after each voter.
///
/// Each accepted ballot is recorded at once, as one `vote` per item with the points it
/// got (`author` is the voter); an abstention is a `note` "abstained" in the category
/// `pass`. At the end, or when the timer or `/next` cuts the vote short, the room sees the
/// ranking of the dots cast, ties named explicitly ("tie: A and B with 4 dots"), and the
/// ranking is recorded as one `decision` in the category `ranking`. A later step with
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
    public static let configKeys = [
        ConfigKey("options", "list of text", "The items to vote on when the step has no `input:` (or its input produced nothing)."),
        ConfigKey("dots", "integer 1-20", default: "3", "Dots per participant."),
        ConfigKey("max_per_item", "integer 1-dots", default: "dots", "Most dots one participant may put on one item."),
        ConfigKey("secret", "true or false", default: "false", "Ballots are typed hidden and the screen is cleared between voters."),
        ConfigKey("top", "integer 1-1000", default: "all", "How many ranked items the result shows (items tied with the last are shown too)."),
    ]
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

    public init(config: HandlerConfig) {
        options = config.votingOptions()
        dots = config.int("dots", default: 3, in: 1...20)
        maxPerItem = config.int("max_per_item", default: dots, in: 1...dots)
        secret = config.bool("secret", default: false)
        top = config.top()
        config.requireOneTimer(hint: "every participant votes within the step's one timer")
    }

    public func run(_ step: StepContext) async {
        let items = step.votingItems(options: options)
        guard !items.isEmpty else {
            step.announce("Nothing to vote on: the input step produced no items.")
            return await step.notesUntilEnd()
        }
        step.announce(introduction(items))
        var tally = Tally(items: items, voters: step.names.count)
        voters: for voter in step.names {
            while let answer = await step.askInStep("\(voter): your \(dots == 1 ? "dot" : "dots") (up to \(dots))", hidden: secret) {
                switch DotBallot.read(answer, items: items, budget: dots, cap: maxPerItem, secret: secret) {
                case .invalid(let reason):
                    step.announce("\(voter): \(reason)")
                    continue
                case .abstain:
                    step.record(.note("abstained", by: voter, category: "pass"), shown: !secret)
                    tally.abstained += 1
                    if secret { step.clearScreen() }
                    step.announce("\(voter) abstains.")
                case .dots(let ballot):
                    for (index, points) in ballot.sorted(by: { $0.key < $1.key }) {
                        step.record(.vote(for: items[index], by: voter, points: Double(points)), shown: !secret)
                        tally.totals[index] += points
                    }
                    tally.voted += 1
                    if secret { step.clearScreen() }
                    step.announce(secret ? "\(voter) has voted." : "\(voter): " + describe(ballot, items: items))
                }
                continue voters
            }
            // The segment ended (timer or /next): the ranking covers the dots cast so far.
            break
        }
        announceResult(tally, step: step)
        await step.notesUntilEnd()
    }

    /// The dots cast so far, per item, and who took part.
    struct Tally {
        var items: [String]
        /// Everyone who may vote.
        var voters: Int
        var totals: [Int]
        var voted = 0
        var abstained = 0

        init(items: [String], voters: Int) {
            self.items = items
            self.voters = voters
            totals = Array(repeating: 0, count: items.count)
        }
    }

    private func introduction(_ items: [String]) -> String {
        var lines = ["Dot vote: \(dots) \(dots == 1 ? "dot" : "dots") each" + (maxPerItem < dots ? ", at most \(maxPerItem) per item." : ".")]
        lines += items.enumerated().map { "  \($0.offset + 1). \($0.element)" }
        lines.append("Type item numbers: \"1 1 3\" puts 2 dots on item 1 and 1 on item 3. Empty line: abstain."
                      + (secret ? " Ballots are hidden." : ""))
        return lines.joined(separator: "\n")
    }

    private func describe(_ ballot: [Int: Int], items: [String]) -> String {
        ballot.sorted { $0.key < $1.key }.map { "\($0.value) on \(items[$0.key])" }.joined(separator: ", ")
    }

    private func announceResult(_ tally: Tally, step: StepContext) {
        let total = tally.totals.reduce(0, +)
        let people = tally.voters
        let turnout = tally.voted + tally.abstained < people ? " (\(tally.voted + tally.abstained) of \(people) voted before the vote ended)" : ""
        guard total > 0 else {
            step.announce("No dots were cast\(turnout).")
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
        step.announce(lines.joined(separator: "\n"))

        let summary = shown.map { "\($0.place). \($0.text) (\(dotCount($0.value)))" }.joined(separator: "; ")
        step.record(.decision(summary + (ties.isEmpty ? "" : " — " + ties.joined(separator: "; ")), category: "ranking"))
    }

    private func dotCount(_ value: Double) -> String {
        "\(Ranking.format(value)) \(value == 1 ? "dot" : "dots")"
    }
}
