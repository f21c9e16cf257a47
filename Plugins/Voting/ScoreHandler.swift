import Foundation
import RoundtableSDK

/// Scoring: each participant gives every item a score on a scale; the room sees a ranking.
///
/// The items are those of the step's `input:`, or the configured `options` when there is
/// no input or it produced nothing. The view shows them numbered, with their value so far;
/// each participant sends one score per item, in order, in any order of participants
/// (`Ana: 4 2 5` signs a typed line; commas work too). A line with the wrong
/// number of scores, a score outside the `scale` or a word is refused with the reason
/// and the same person is asked again. An empty line or `pass` abstains.
///
/// Each accepted line is recorded at once, as one `score` per item (`author` the
/// participant); an abstention is a pass (`note` "passed", category `pass`). At the end,
/// or when the timer or `/next` ends the step, the room sees the items ranked by the mean
/// (or the sum) of their scores, ties named explicitly, and each of the `top` items is
/// recorded as a `decision` whose text is the item and whose category gives its place and
/// value, e.g. `#1 · mean 4.33`, the ranking shown as a `result` table (rank, item, mean
/// or sum), and each item's scores as a histogram (a `result`
/// with a count per point of the scale). A later step with `input:` on this one gets the items
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
    static let options = HandlerConfig.votingOptionsKey("The items to score when the step has no `input:` (or its input produced nothing).")
    static let scale = HandlerConfig.scoreScaleKey(default: ScoreScale("1-5")!)
    static let method = ConfigKey.oneOf("method", [Method.mean, .sum], default: .mean, "How an item's scores make its value in the ranking.")
    static let top = ConfigKey.integer("top", in: 1...1000, absent: "all",
                                       "How many ranked items to show and record as decisions (items tied with the last too).")
    public static let configKeys: [any AnyConfigKey] = [options, scale, method, top]
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
        options = config.votingOptions(Self.options)
        scale = config[Self.scale]
        method = config[Self.method]
        top = config[Self.top]
        config.requireOneTimer(hint: "every participant scores within the step's one timer")
    }

    public func run(_ step: StepContext) async {
        let items = step.votingItems(options: options)
        guard !items.isEmpty else {
            step.announce("Nothing to score: the input step produced no items.")
            return await step.notesUntilEnd()
        }
        var given: [[Int]] = []
        step.show(StepView(
            prompt: step.step.prompt.map { step.fill($0) }, items: view(items, given: given),
            notes: ["Score each item from \(scale.lowest) to \(scale.highest) (\(scale.highest) = best).",
                    "Type one score per item, in order, e.g. \"\(sample(count: items.count))\". Empty line: pass."],
            entry: .scores((scale.lowest...scale.highest).map(String.init))))
        let question = "\(items.count) \(items.count == 1 ? "score" : "scores") (\(scale))"
        _ = await step.fromEveryone(question, verb: "scored") { text, person -> Answer<Void> in
            if text.isEmpty || Artifact.isPass(text) {
                step.record(.pass(by: person))
                step.announce("\(person) passes.")
                return .accept(())
            }
            switch scale.read(text, count: items.count) {
            case .failure(let problem):
                return .reject(problem.message)
            case .success(let scores):
                for (index, value) in scores.enumerated() {
                    step.record(.score(items[index], Double(value), by: person))
                }
                given.append(scores)
                step.updateView { $0.items = view(items, given: given) }
                return .accept(())
            }
        }
        step.updateView { $0.entry = nil }
        showRanking(items: items, given: given, step: step)
        await step.notesUntilEnd()
    }

    /// The numbered items with their value so far (mean or sum of the scores given).
    private func view(_ items: [String], given: [[Int]]) -> [StepView.Item] {
        items.enumerated().map { index, text in
            StepView.Item(number: index + 1, text: text, tally: given.isEmpty ? nil : value(of: given.map { $0[index] }))
        }
    }

    private func value(of scores: [Int]) -> Double {
        (method == .mean ? Ranking.Method.mean : .sum).value(of: scores.map(Double.init))
    }

    private func showRanking(items: [String], given: [[Int]], step: StepContext) {
        guard !given.isEmpty else {
            step.updateView { $0.notes = ["No scores were given."] }
            return
        }
        let scorers = given.count
        let values = items.indices.map { index in value(of: given.map { $0[index] }) }
        let ranking = Ranking(items.indices.map { (items[$0], values[$0]) })
        let shown = ranking.top(top)
        var lines = ["Ranking by \(method.rawValue) of \(scorers) \(scorers == 1 ? "scorer" : "scorers"):"]
        lines += shown.map { "\($0.place). \($0.text) — \(Ranking.format($0.value))" }
        lines += Ranking.ties(in: shown).map { "tie: \(Ranking.list($0.map(\.text))) with \(method.rawValue) \(Ranking.format($0[0].value))" }
        step.updateView { $0.notes = lines }
        for entry in shown {
            var decision = Artifact.decision(entry.text, category: "#\(entry.place) · \(method.rawValue) \(Ranking.format(entry.value))")
            decision.value = entry.value
            step.record(decision)
        }
        step.record(.ranking("Ranking by \(method.rawValue)", shown, by: method == .mean ? .mean : .sum))
        for (index, item) in items.enumerated() {
            let scores = given.map { $0[index] }
            step.record(.histogram("Scores for \(item)", counts: (scale.lowest...scale.highest).map { point in
                (value: String(point), count: scores.filter { $0 == point }.count)
            }))
        }
    }

    /// An example line of valid scores for `count` items.
    private func sample(count: Int) -> String {
        let span = scale.highest - scale.lowest
        let pattern = [scale.highest - span / 4, scale.lowest + span / 4, scale.highest]
        return (0..<min(count, 3)).map { String(pattern[$0]) }.joined(separator: " ") + (count > 3 ? " …" : "")
    }
}
