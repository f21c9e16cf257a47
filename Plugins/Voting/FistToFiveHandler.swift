import Foundation
import RoundtableSDK

/// Fist to five: everyone rates their support for a proposal from 0 to 5, shown all at once.
///
/// The proposal is `config.proposal` (params and roles are filled in), else the step's
/// `prompt`, else the top item of the step's `input:` (an earlier vote's winner), else the
/// facilitator is asked to type it. Each participant sends 0-5, in any
/// order, hidden (a typed line may be signed, `Ana: 4`), and the keyboard's screen is cleared
/// after each; the view counts who has voted, and when all have, reveals the votes together
/// with their mean and lowest value and the count per point. `pass` abstains; anything else
/// than 0-5 is refused and the same person asked again.
///
/// Everyone below `threshold` is then asked for their concern. With `revote: true`
/// (and at least one vote below the threshold) the room votes a second time, the same
/// way. The outcome counts each person's latest vote: consensus when nobody is below the
/// threshold.
///
/// Recorded: each vote as a `score` of the proposal (category `vote 1` or `vote 2`,
/// `author` the voter), each concern as a `note` in the category `concern`, a pass as a
/// `note` in the category `pass`, each vote's counts per point as a histogram (a `result`),
/// and the outcome as a `decision` whose category is the proposal: "consensus: mean 3.8, lowest 3" or "no consensus: 2 below 3". When the
/// timer or `/next` ends the step early, the votes typed so far are revealed and
/// recorded, and the decision says how many voted. Lines typed after the outcome, until
/// `/next` or the timer, are kept as notes (by the scribe, if there is one).
///
/// ```yaml
/// - id: support
///   handler: fist-to-five
///   duration: 3m
///   config: { proposal: "Adopt {{proposal}}", threshold: 3, revote: true }
/// ```
public struct FistToFiveHandler: ExerciseHandler {
    public static let name = "fist-to-five"
    /// The top item of an earlier result (`input:`) is the proposal when none is configured.
    public static let readsInput = true
    public static let summary = "Everyone shows 0-5 for a proposal at once (hidden, then revealed); concerns below the threshold; optional revote."
    public static let whatToType = [
        "0 to 5 — your support, hidden (Ana: 4 signs it)",
        "pass — abstain",
        "a concern — asked of everyone below the threshold after the reveal",
    ]
    static let proposal = ConfigKey.text("proposal", absent: "the step's prompt", "What the room votes on; {{param}} and {{role}} are filled in.")
    static let threshold = ConfigKey.integer("threshold", default: 3, in: 1...5,
                                             "Votes below it count as concerns: their voters are asked why, and block consensus.")
    static let revote = ConfigKey.boolean("revote", default: true, "Vote a second time after the concerns (only when someone was below the threshold).")
    public static let configKeys: [any AnyConfigKey] = [proposal, threshold, revote]
    public static let example = """
        - id: support
          title: How much do you support it?
          handler: fist-to-five
          duration: 3m
          config:
            proposal: "Pairing Fridays, run by {{facilitator}}"
            threshold: 3
            revote: true
        """

    let proposal: String?
    let threshold: Int
    let revote: Bool

    public init(config: HandlerConfig) {
        proposal = config[Self.proposal]
        threshold = config[Self.threshold]
        revote = config[Self.revote]
        config.requireOneTimer(hint: "for a second vote use `revote: true`")
    }

    /// Each person's vote in one round, in the order they voted.
    typealias Votes = [(person: String, value: Int)]

    public func run(_ step: StepContext) async {
        guard let proposal = await step.proposal(configured: proposal) else { return }
        step.show(StepView(
            prompt: proposal, items: Self.scaleItems(counts: nil),
            notes: ["Everyone types 0-5 (hidden); all votes are shown together. pass = abstain."]))
        var latest: [String: Int] = [:]
        var (votes, complete) = await collect(step, round: 1, proposal: proposal)
        for vote in votes { latest[vote.person] = vote.value }
        if complete {
            let concerned = votes.filter { $0.value < threshold }
            complete = await askConcerns(concerned, step: step)
            if complete && revote && !concerned.isEmpty {
                step.announce("Revote: the same question, after the concerns.")
                step.updateView { $0.items = Self.scaleItems(counts: nil) }
                (votes, complete) = await collect(step, round: 2, proposal: proposal)
                for vote in votes { latest[vote.person] = vote.value }
            }
        }
        decide(latest, complete: complete, proposal: proposal, step: step)
        await step.notesUntilEnd()
    }

    /// The points of the scale as numbered items; their counts only once revealed.
    static func scaleItems(counts: [Int]?) -> [StepView.Item] {
        ["block", "serious concerns", "serious concerns", "can live with it", "support", "support"].enumerated().map { value, meaning in
            StepView.Item(number: value, text: meaning, tally: counts.map { Double($0[value]) })
        }
    }

    /// Collects everyone's hidden 0-5, then reveals and records the votes together.
    ///
    /// - Returns: the votes, and false when the step ended before everyone answered.
    private func collect(_ step: StepContext, round: Int, proposal: String) async -> (Votes, Bool) {
        step.updateView { $0.entry = .scale(["0", "1", "2", "3", "4", "5", "pass"]) }
        defer { step.updateView { $0.entry = nil } }
        let answers = await step.fromEveryone("0-5?", verb: "voted", secret: true) { text, _ -> Answer<Int?> in
            let typed = text.lowercased()
            if Artifact.isPass(typed) { return .accept(nil) }
            guard let value = Self.value(typed) else { return .reject("type a whole number from 0 to 5, or pass.") }
            return .accept(value)
        }
        let votes: Votes = answers.compactMap { answer in answer.value.map { (answer.person, $0) } }
        let passed = answers.filter { $0.value == nil }.map(\.person)
        reveal(votes, passed: passed, round: round, proposal: proposal, step: step)
        return (votes, answers.count == step.names.count)
    }

    private func reveal(_ votes: Votes, passed: [String], round: Int, proposal: String, step: StepContext) {
        for person in passed { step.record(.pass(by: person)) }
        guard !votes.isEmpty else {
            step.updateView {
                $0.hidden = 0
                $0.notes = ["No votes were cast."]
            }
            return
        }
        for vote in votes {
            var score = Artifact.score(proposal, Double(vote.value), by: vote.person)
            score.category = "vote \(round)"
            step.record(score)
        }
        let values = votes.map(\.value)
        let counts = (0...5).map { point in values.filter { $0 == point }.count }
        step.record(.histogram("\(proposal) (vote \(round))", counts: counts.enumerated().map { (String($0.offset), $0.element) }))
        var lines = [(round == 1 ? "Votes: " : "Revote: ") + votes.map { "\($0.person) \($0.value)" }.joined(separator: " · ")]
        lines.append("Mean \(Self.mean(values)), lowest \(values.min() ?? 0)" + (passed.isEmpty ? "" : "; passed: \(passed.joined(separator: ", "))"))
        step.updateView {
            $0.items = Self.scaleItems(counts: counts)
            $0.hidden = 0
            $0.notes = lines
        }
    }

    /// - Returns: false when the segment ended before every concern was heard.
    private func askConcerns(_ concerned: Votes, step: StepContext) async -> Bool {
        guard !concerned.isEmpty else { return true }
        step.updateView { $0.notes.append("Below \(threshold): \(concerned.map { "\($0.person) (\($0.value))" }.joined(separator: ", ")). What would you need to support it?") }
        for (index, vote) in concerned.enumerated() {
            step.updateView { $0.turn = StepView.Turn(speaker: vote.person, next: concerned.dropFirst(index + 1).first?.person) }
            guard let answer = await step.askInStep("\(vote.person): your concern? (empty line: none)") else { return false }
            let text = answer.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { step.record(.note(text, by: vote.person, category: "concern")) }
        }
        return true
    }

    private func decide(_ latest: [String: Int], complete: Bool, proposal: String, step: StepContext) {
        guard !latest.isEmpty else { return }
        let values = step.names.compactMap { latest[$0] }
        let below = values.filter { $0 < threshold }.count
        var outcome = below == 0
            ? "consensus: mean \(Self.mean(values)), lowest \(values.min() ?? 0)"
            : "no consensus: \(below) below \(threshold)"
        if !complete { outcome += " (\(values.count) of \(step.names.count) voted before the vote ended)" }
        step.record(.decision(outcome, category: proposal))
        step.updateView {
            $0.turn = nil
            $0.notes.append("Outcome: \(outcome)")
        }
    }

    static func value(_ typed: String) -> Int? {
        let words = ["zero": 0, "fist": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5]
        if let word = words[typed] { return word }
        guard typed.count == 1, let number = Int(typed), (0...5).contains(number) else { return nil }
        return number
    }

    static func mean(_ values: [Int]) -> String {
        guard !values.isEmpty else { return "–" }
        return String(format: "%.1f", Double(values.reduce(0, +)) / Double(values.count))
    }
}
