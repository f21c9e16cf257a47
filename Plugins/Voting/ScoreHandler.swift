import Foundation
import RoundtableSDK

/// Scoring: each participant gives every item a score on a scale; the room sees a ranking.
///
/// The items are those of the step's `input:`, or the configured `options` when there is
/// no input or it produced nothing; with `over: themes`, the themes of the input (a
/// `cluster` step's), each shown with its cards. The view shows them numbered, with their
/// value so far; each participant sends one score per item, in order, in any order of
/// participants (`Ana: 4 2 5` signs a typed line; commas work too). `-` (or `abstain`) in
/// place of a score abstains on that item only: `4 - 5`. A line with the wrong number of
/// scores, a score outside the `scale` or a word is refused with the reason and the same
/// person is asked again. An empty line or `pass` abstains on the whole ballot (with a
/// single item, on that item).
///
/// The scale may have `labels`, words for its points (`0` = waste of time … `4` =
/// excellent, given as a list or a mapping): the screen shows them, a device's choices
/// read `4 · excellent`, and the result's histograms use them. With `secret: true`,
/// scores are typed hidden and stay off every screen and device (the view says "4 of 6
/// have scored") until everyone has scored or time is up, and are then revealed together.
///
/// Each accepted line is recorded at once, as one `score` per item (`author` the
/// participant); an abstention on an item is a `note` with the item's text in the
/// category `abstained`, and a pass on the whole ballot a pass (`note` "passed", category
/// `pass`). Abstentions count apart, never as a low score. At the end, or when the timer
/// or `/next` ends the step, the room sees the items ranked by the mean (or the sum) of
/// their scores, ties named explicitly, and each of the `top` items is recorded as a
/// `decision` whose text is the item and whose category gives its place and value, e.g.
/// `#1 · mean 4.33`; the ranking as a `result` table (rank, item, mean or sum), a `Mean and median per item`
/// table (item, mean, median, scores, abstained, and the cards of a theme), and each item's
/// scores as a histogram (a `result` with a count per point of the scale). A later step
/// with `input:` on this one gets the items ranked by their total score. Lines typed after
/// the ranking, until `/next` or the timer, are kept as notes (by the scribe, if there is one).
///
/// ```yaml
/// - id: rate
///   handler: score
///   input: ideas
///   duration: 4m
///   config: { scale: 1-5, method: mean, top: 3 }
/// ```
public struct ScoreHandler: ExerciseHandler {
    public static let name = "score"
    public static let readsInput = true
    public static let summary = "Each participant scores every item on a scale (e.g. 1-5, labelled, secret); ranking by mean or sum, abstentions apart."
    public static let whatToType = [
        "4 2 5 — one score per item, in order (commas work too); Ana: 4 2 5 signs it",
        "- in place of a score — abstain on that item: 4 - 5",
        "empty line, pass — abstain on the whole ballot",
    ]
    static let options = HandlerConfig.votingOptionsKey("The items to score when the step has no `input:` (or its input produced nothing).")
    static let scale = HandlerConfig.scoreScaleKey(default: ScoreScale("1-5")!)
    static let labels = HandlerConfig.scaleLabelsKey
    static let method = ConfigKey.oneOf("method", [Method.mean, .sum], default: .mean, "How an item's scores make its value in the ranking.")
    static let top = ConfigKey.integer("top", in: 1...1000, absent: "all",
                                       "How many ranked items to show and record as decisions (items tied with the last too).")
    static let secret = ConfigKey.boolean("secret", default: false,
                                          "Scores are typed hidden and kept off every screen and device until all are in, then revealed together.")
    static let over = HandlerConfig.votingOverKey()
    public static let configKeys: [any AnyConfigKey] = [options, scale, labels, method, top, secret, over]
    public static let example = """
        - id: rate
          title: Rate the ideas
          handler: score
          input: earlier
          duration: 4m
          config:
            scale: 1-5
            labels: {1: poor, 3: fine, 5: excellent}
            method: mean
            top: 3
            secret: true
        """

    enum Method: String {
        case mean, sum
    }

    let options: [String]
    let scale: ScoreScale
    let method: Method
    let top: Int?
    let secret: Bool
    let over: VotingOver

    public init(config: HandlerConfig) {
        options = config.votingOptions(Self.options)
        scale = config.labelledScale(Self.scale, labels: Self.labels)
        method = config[Self.method]
        top = config[Self.top]
        secret = config[Self.secret]
        over = config.votingOver(Self.over)
        config.requireOneTimer(hint: "every participant scores within the step's one timer")
    }

    /// One participant's scores, nil where they abstained on the item.
    typealias Ballot = [Int?]

    public func run(_ step: StepContext) async {
        let voted = step.votingItems(options: options, over: over)
        let items = voted.map(\.text)
        guard !items.isEmpty else {
            step.announce("Nothing to score: the input step produced no items.")
            return await step.notesUntilEnd()
        }
        var given: [Ballot] = []
        let choices = scale.entryOptions(abstain: true)
        var notes = ["Score each item from \(scale.shown(scale.lowest)) to \(scale.shown(scale.highest)) (\(scale.highest) = best)."]
        if let legend = scale.legend { notes.append(legend) }
        notes.append("Type one score per item, in order, e.g. \"\(sample(count: items.count))\"; - abstains on an item. Empty line: pass."
            + (secret ? " Scores are hidden until everyone has scored." : ""))
        step.show(StepView(
            prompt: step.step.prompt.map { step.fill($0) }, items: view(voted, given: given, revealed: false), notes: notes,
            entry: .scores(choices.options, labels: choices.labels)))
        let question = "\(items.count) \(items.count == 1 ? "score" : "scores") (\(scale))"
        _ = await step.fromEveryone(question, verb: "scored", secret: secret) { text, person -> Answer<Void> in
            // With one item, passing is abstaining on it: counted apart like any abstention.
            if items.count > 1 && (text.isEmpty || Artifact.isPass(text)) {
                step.record(.pass(by: person), shown: !secret)
                if !secret { step.announce("\(person) passes.") }
                return .accept(())
            }
            switch scale.read(text.isEmpty ? "-" : text, count: items.count, abstaining: true) {
            case .failure(let problem):
                return .reject(problem.message)
            case .success(let scores):
                for (index, value) in scores.enumerated() {
                    if let value {
                        step.record(.score(items[index], Double(value), by: person), shown: !secret)
                    } else {
                        step.record(Self.abstention(on: items[index], by: person), shown: !secret)
                    }
                }
                given.append(scores)
                if !secret { step.updateView { $0.items = view(voted, given: given, revealed: false) } }
                return .accept(())
            }
        }
        step.updateView {
            $0.entry = nil
            $0.hidden = 0
            $0.items = view(voted, given: given, revealed: true)
        }
        showRanking(voted, given: given, step: step)
        await step.notesUntilEnd()
    }

    /// A participant's abstention on one item: counted apart, never as a score.
    static func abstention(on item: String, by person: String) -> Artifact {
        Artifact(.note, item, author: person, category: "abstained")
    }

    /// The numbered items with their value so far (mean or sum of the scores given); a
    /// secret step shows no value before the reveal.
    private func view(_ items: [VotingItem], given: [Ballot], revealed: Bool) -> [StepView.Item] {
        items.enumerated().map { index, item in
            let scores = given.compactMap { $0[index] }
            let hidden = secret && !revealed
            return StepView.Item(number: index + 1, text: item.text, tally: hidden || scores.isEmpty ? nil : value(of: scores),
                                 detail: item.cardsLine)
        }
    }

    private func value(of scores: [Int]) -> Double {
        (method == .mean ? Ranking.Method.mean : .sum).value(of: scores.map(Double.init))
    }

    private func showRanking(_ voted: [VotingItem], given: [Ballot], step: StepContext) {
        let items = voted.map(\.text)
        guard !given.isEmpty else {
            step.updateView { $0.notes = ["No scores were given."] }
            return
        }
        let scorers = given.filter { $0.contains { $0 != nil } }.count
        let scored = items.indices.filter { index in given.contains { $0[index] != nil } }
        let ranking = Ranking(scored.map { index in (items[index], value(of: given.compactMap { $0[index] })) })
        let shown = ranking.top(top)
        var lines = ["Ranking by \(method.rawValue) of \(scorers) \(scorers == 1 ? "scorer" : "scorers"):"]
        lines += shown.map { entry in
            let index = items.firstIndex(of: entry.text)!
            let abstained = given.filter { $0[index] == nil }.count
            return "\(entry.place). \(entry.text) — \(Ranking.format(entry.value))" + (abstained > 0 ? " (\(abstained) abstained)" : "")
        }
        lines += Ranking.ties(in: shown).map { "tie: \(Ranking.list($0.map(\.text))) with \(method.rawValue) \(Ranking.format($0[0].value))" }
        let unscored = items.indices.filter { !scored.contains($0) }.map { items[$0] }
        if !unscored.isEmpty { lines.append("No scores (all abstained): " + unscored.joined(separator: ", ")) }
        step.updateView { $0.notes = lines }
        for entry in shown {
            var decision = Artifact.decision(entry.text, category: "#\(entry.place) · \(method.rawValue) \(Ranking.format(entry.value))")
            decision.value = entry.value
            step.record(decision)
        }
        step.record(.ranking("Ranking by \(method.rawValue)", shown, by: method == .mean ? .mean : .sum))
        step.record(scoresTable(voted, given: given, order: ranking.entries.map(\.text) + unscored))
        for (index, item) in items.enumerated() {
            let scores = given.compactMap { $0[index] }
            step.record(.histogram("Scores for \(item)", counts: scale.points.map { point in
                (value: scale.shown(point), count: scores.filter { $0 == point }.count)
            }))
        }
    }

    /// Every item with its mean, median, how many scored it and how many abstained, best first.
    private func scoresTable(_ voted: [VotingItem], given: [Ballot], order: [String]) -> Artifact {
        let themes = voted.contains { !$0.cards.isEmpty }
        var columns = ["item", "mean", "median", "scores", "abstained"]
        if themes { columns.append("cards") }
        let rows = order.compactMap { text -> [String]? in
            guard let index = voted.firstIndex(where: { $0.text == text }) else { return nil }
            let scores = given.compactMap { $0[index] }
            let mean = scores.isEmpty ? "–" : Ranking.format(Ranking.Method.mean.value(of: scores.map(Double.init)))
            let median = ScoreScale.median(scores).map { Ranking.format($0) } ?? "–"
            var row = [text, mean, median, String(scores.count), String(given.filter { $0[index] == nil }.count)]
            if themes { row.append(voted[index].cards.joined(separator: "; ")) }
            return row
        }
        return .result("Mean and median per item", columns: columns, rows: rows)
    }

    /// An example line of valid scores for `count` items.
    private func sample(count: Int) -> String {
        let span = scale.highest - scale.lowest
        let pattern = [scale.highest - span / 4, scale.lowest + span / 4, scale.highest]
        return (0..<min(count, 3)).map { String(pattern[$0]) }.joined(separator: " ") + (count > 3 ? " …" : "")
    }
}
