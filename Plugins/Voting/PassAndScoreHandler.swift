import Foundation
import RoundtableSDK

/// Cards passed around and scored: each round every participant scores the one card they
/// hold, then the cards move on (25/10 Crowdsourcing).
///
/// The cards are the items of the step's `input:` (each participant's bold idea, say), or
/// the configured `options`. Who holds which card in each round is drawn from the step's
/// seed: in a round everyone holds a different card, nobody holds a card they wrote
/// wherever the room allows it, and nobody gets the same card twice while there are
/// cards enough (with more people than cards, some sit a round out). The view lists the
/// cards of the round with who holds each, never who wrote it; each holder sends one score
/// on the `scale` (with its `labels`, if any), from a device or typed (`Ana: 4`), in any
/// order; `-`, `pass` or `abstain` abstains on that card. When every holder has scored, the
/// cards move on; `/end` closes a round early (twice while people are awaited). A round
/// in which nobody scored (time is up) ends the scoring.
///
/// Recorded: each score as a `score` of the card (`author` the scorer), an abstention as a
/// `note` with the card's text in the category `abstained`, and once the rounds are over a
/// `result` table of who held which card in each round with the score they gave. After the
/// last round the room sees the cards ranked by the sum of their scores (the `top` ones,
/// ties named), each with its author now revealed; the ranking is recorded as a `result`
/// table (rank, card, sum, scores, abstained, author) and each of the `top` cards as a
/// `decision`. A later step with `input:` on this one gets the cards ranked by their sums.
/// Lines typed after the ranking, until `/next` or the timer, are kept as notes.
///
/// ```yaml
/// - id: score
///   handler: pass-and-score
///   input: ideas
///   duration: 12m
///   config: { rounds: 5, scale: 1-5, top: 10 }
/// ```
public struct PassAndScoreHandler: ExerciseHandler {
    public static let name = "pass-and-score"
    public static let readsInput = true
    public static let summary = "Cards passed around: each round everyone scores the card they hold (never their own); sums ranked."
    public static let whatToType = [
        "a score on the scale — for the card you hold (Ana: 4 signs it)",
        "-, pass, abstain — abstain on that card",
        "/end — close the round early",
    ]
    static let options = HandlerConfig.votingOptionsKey("The cards when the step has no `input:` (or its input produced nothing).")
    static let rounds = ConfigKey.integer("rounds", default: 5, in: 1...20, "How many times the cards are passed on and scored.")
    static let scale = HandlerConfig.scoreScaleKey(default: ScoreScale("1-5")!)
    static let labels = HandlerConfig.scaleLabelsKey
    static let top = ConfigKey.integer("top", in: 1...1000, absent: "all",
                                       "How many ranked cards to show and record as decisions (cards tied with the last too).")
    public static let configKeys: [any AnyConfigKey] = [options, rounds, scale, labels, top]
    public static let example = """
        - id: score
          title: Pass the cards and score them
          handler: pass-and-score
          input: earlier
          duration: 12m
          config: { rounds: 5, scale: 1-5, labels: {1: keep it small, 5: bold and doable}, top: 10 }
        """

    let options: [String]
    let rounds: Int
    let scale: ScoreScale
    let top: Int?

    public init(config: HandlerConfig) {
        options = config.votingOptions(Self.options)
        rounds = config[Self.rounds]
        scale = config.labelledScale(Self.scale, labels: Self.labels)
        top = config[Self.top]
        config.requireOneTimer(hint: "the rounds of passing run within the step's one timer; set them with config `rounds`")
    }

    /// A card and who wrote it.
    struct Card {
        var text: String
        var author: String?
    }

    /// What a card got over the rounds.
    struct Tally {
        var scores: [Int] = []
        var abstained = 0
    }

    public func run(_ step: StepContext) async {
        let cards = step.votingItems(options: options).map { text in
            Card(text: text, author: step.input.first { $0.text == text && $0.kind != .vote && $0.kind != .score }?.author)
        }
        guard !cards.isEmpty else {
            step.announce("Nothing to score: the input step produced no cards.")
            return await step.notesUntilEnd()
        }
        let people = step.names
        let passing = PassAround(people: people.count, authors: cards.map { card in card.author.flatMap { people.firstIndex(of: $0) } },
                                 rounds: rounds, seed: step.step.seed)
        var tallies = Array(repeating: Tally(), count: cards.count)
        /// Round, holder, card and score of every answer, for the record of who held what.
        var passes: [[String]] = []
        let choices = scale.entryOptions(abstain: true)
        for (round, holding) in passing.holding.enumerated() {
            let holders = people.indices.filter { holding[$0] != nil }
            var notes = ["Round \(round + 1) of \(rounds): score the card you hold from \(scale.shown(scale.lowest)) to \(scale.shown(scale.highest)) (\(scale.highest) = best); - abstains."]
            if let legend = scale.legend { notes.append(legend) }
            let idle = people.indices.filter { holding[$0] == nil }.map { people[$0] }
            if !idle.isEmpty { notes.append("No card this round: " + idle.joined(separator: ", ")) }
            step.show(StepView(
                prompt: step.step.prompt.map { step.fill($0) },
                items: holders.map { person in
                    let card = holding[person]!
                    return StepView.Item(number: card + 1, text: cards[card].text, detail: "held by \(people[person])")
                },
                notes: notes, entry: .scale(choices.options, labels: choices.labels)))
            let answers = await step.fromEveryone("the card you hold (\(scale))", of: holders.map { people[$0] }, verb: "scored") { text, person -> Answer<Void> in
                guard let index = people.firstIndex(of: person), let card = holding[index] else { return .reject("you hold no card this round.") }
                let typed = text.trimmingCharacters(in: .whitespaces)
                if typed.isEmpty {
                    return .reject("type your score from \(scale.lowest) to \(scale.highest), or - to abstain.")
                }
                switch scale.read(typed, count: 1, abstaining: true) {
                case .failure(let problem):
                    return .reject(problem.message)
                case .success(let scores):
                    if let value = scores[0] {
                        step.record(.score(cards[card].text, Double(value), by: person))
                        tallies[card].scores.append(value)
                    } else {
                        step.record(ScoreHandler.abstention(on: cards[card].text, by: person))
                        tallies[card].abstained += 1
                    }
                    passes.append([String(round + 1), person, cards[card].text, scores[0].map(String.init) ?? "abstained"])
                    return .accept(())
                }
            }
            if answers.isEmpty && !holders.isEmpty { break }
            if round + 1 < passing.holding.count { step.announce("Pass the cards on: round \(round + 2) of \(rounds).") }
        }
        if !passes.isEmpty {
            step.record(.result("Who held which card", columns: ["round", "held by", "card", "score"], rows: passes))
        }
        showRanking(cards, tallies: tallies, step: step)
        await step.notesUntilEnd()
    }

    private func showRanking(_ cards: [Card], tallies: [Tally], step: StepContext) {
        let scored = cards.indices.filter { !tallies[$0].scores.isEmpty }
        guard !scored.isEmpty else {
            step.updateView {
                $0.items = []
                $0.entry = nil
                $0.notes = ["No scores were given."]
            }
            return
        }
        let ranking = Ranking(scored.map { (cards[$0].text, Double(tallies[$0].scores.reduce(0, +))) })
        let shown = ranking.top(top)
        let index = { (text: String) in cards.firstIndex { $0.text == text }! }
        var lines = ["Ranking by the sum of the scores" + (top.map { ", top \($0)" } ?? "") + ":"]
        lines += shown.map { entry in
            let tally = tallies[index(entry.text)]
            return "\(entry.place). \(entry.text) — \(Ranking.format(entry.value)) from \(tally.scores.count)"
                + (tally.abstained > 0 ? " (\(tally.abstained) abstained)" : "")
        }
        lines += Ranking.ties(in: shown).map { "tie: \(Ranking.list($0.map(\.text))) with \(Ranking.format($0[0].value))" }
        step.updateView {
            $0.items = shown.map { entry in
                StepView.Item(number: entry.place, text: entry.text, tally: entry.value,
                              detail: cards[index(entry.text)].author.map { "by \($0)" })
            }
            $0.entry = nil
            $0.notes = lines
        }
        for entry in shown {
            var decision = Artifact.decision(entry.text, category: "#\(entry.place) · sum \(Ranking.format(entry.value))")
            decision.value = entry.value
            step.record(decision)
        }
        step.record(.ranking("Ranking by sum", shown, by: .sum, unit: "points"))
        let unscored = cards.indices.filter { tallies[$0].scores.isEmpty }.map { cards[$0].text }
        step.record(.result("Cards ranked by their sums", columns: ["rank", "card", "sum", "scores", "abstained", "author"],
                            rows: ranking.entries.map { entry in
                                let card = index(entry.text)
                                return [String(entry.place), entry.text, Ranking.format(entry.value), String(tallies[card].scores.count),
                                        String(tallies[card].abstained), cards[card].author ?? "–"]
                            } + unscored.map { text in
                                let card = index(text)
                                return ["–", text, "–", "0", String(tallies[card].abstained), cards[card].author ?? "–"]
                            }))
    }
}
