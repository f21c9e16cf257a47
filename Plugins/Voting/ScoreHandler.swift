import Foundation
import RoundtableSDK

/// Scoring: each participant gives every item a score on a scale; the room sees a ranking.
///
/// The items are those of the step's `input:`, or the configured `options` when there is
/// no input or it produced nothing. They are shown numbered; each participant in turn
/// types one score per item, in order: `4 2 5` (commas work too). A line with the wrong
/// number of scores, a score outside the `scale` or a word is refused with the reason
/// and the same person is asked again. An empty line or `pass` abstains.
///
/// Each accepted line is recorded at once, as one `score` per item (`author` the
/// participant); an abstention is a `note` "abstained" in the category `pass`. At the end,
/// or when the timer or `/next` ends the step, the room sees the items ranked by the mean
/// (or the sum) of their scores, ties named explicitly, and each of the `top` items is
/// recorded as a `decision` whose text is the item and whose category gives its place and
/// value, e.g. `#1 · mean 4.33`. A later step with `input:` on this one gets the items
/// ranked by their total score. Lines typed after the ranking, until `/next` or the
/// timer, are kept as notes (by the scribe, if there is one).
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
    public static let summary = "Each participant scores every item on a scale (e.g. 1-5); ranking by mean or sum, top items recorded."
    public static let configKeys = [
        ConfigKey("options", "list of text", "The items to score when the step has no `input:` (or its input produced nothing)."),
        ConfigKey("scale", "lowest-highest, e.g. 1-5 or 0-10", default: "1-5", "The whole numbers a score may take (highest is best)."),
        ConfigKey("method", "one of: mean, sum", default: "mean", "How an item's scores make its value in the ranking."),
        ConfigKey("top", "integer 1-1000", default: "all", "How many ranked items to show and record as decisions (items tied with the last too)."),
    ]
    public static let example = """
        - id: rate
          title: Rate the ideas
          handler: score
          input: earlier
          duration: 4m
          config: { scale: 1-5, method: mean, top: 3 }
        """

    enum Method: String {
        case mean, sum
    }

    let options: [String]
    let scale: ScoreScale
    let method: Method
    let top: Int?

    public init(config: HandlerConfig) {
        options = config.votingOptions()
        scale = config.scoreScale(default: ScoreScale("1-5")!)
        method = Method(rawValue: config.string("method", oneOf: ["mean", "sum"], default: "mean")) ?? .mean
        top = config.top()
        config.requireOneTimer(hint: "every participant scores within the step's one timer")
    }

    public func run(_ step: StepContext) async {
        let items = step.votingItems(options: options)
        guard !items.isEmpty else {
            step.announce("Nothing to score: the input step produced no items.")
            return await step.notesUntilEnd()
        }
        var lines = ["Score each item from \(scale.lowest) to \(scale.highest) (\(scale.highest) = best):"]
        lines += items.enumerated().map { "  \($0.offset + 1). \($0.element)" }
        lines.append("Type one score per item, in order, e.g. \"\(sample(count: items.count))\". Empty line: pass.")
        step.announce(lines.joined(separator: "\n"))

        var sums = Array(repeating: 0, count: items.count)
        var scorers = 0
        people: for person in step.names {
            while let answer = await step.askInStep("\(person): \(items.count) \(items.count == 1 ? "score" : "scores") (\(scale))") {
                let typed = answer.trimmingCharacters(in: .whitespaces)
                if typed.isEmpty || typed.lowercased() == "pass" {
                    step.record(.note("abstained", by: person, category: "pass"))
                    step.announce("\(person) passes.")
                    continue people
                }
                switch scale.read(typed, count: items.count) {
                case .failure(let problem):
                    step.announce("\(person): \(problem.message)")
                case .success(let scores):
                    for (index, value) in scores.enumerated() {
                        step.record(.score(items[index], Double(value), by: person))
                        sums[index] += value
                    }
                    scorers += 1
                    continue people
                }
            }
            break
        }
        announceRanking(items: items, sums: sums, scorers: scorers, step: step)
        await step.notesUntilEnd()
    }

    private func announceRanking(items: [String], sums: [Int], scorers: Int, step: StepContext) {
        guard scorers > 0 else {
            step.announce("No scores were given.")
            return
        }
        let values = sums.map { method == .mean ? Double($0) / Double(scorers) : Double($0) }
        let ranking = Ranking(items.indices.map { (items[$0], values[$0]) })
        let shown = ranking.top(top)
        var lines = ["Ranking by \(method.rawValue) of \(scorers) \(scorers == 1 ? "scorer" : "scorers"):"]
        lines += shown.map { "\($0.place). \($0.text) — \(Ranking.format($0.value))" }
        lines += Ranking.ties(in: shown).map { "tie: \(Ranking.list($0.map(\.text))) with \(method.rawValue) \(Ranking.format($0[0].value))" }
        step.announce(lines.joined(separator: "\n"))
        for entry in shown {
            var decision = Artifact.decision(entry.text, category: "#\(entry.place) · \(method.rawValue) \(Ranking.format(entry.value))")
            decision.value = entry.value
            step.record(decision)
        }
    }

    /// An example line of valid scores for `count` items.
    private func sample(count: Int) -> String {
        let span = scale.highest - scale.lowest
        let pattern = [scale.highest - span / 4, scale.lowest + span / 4, scale.highest]
        return (0..<min(count, 3)).map { String(pattern[$0]) }.joined(separator: " ") + (count > 3 ? " …" : "")
    }
}
