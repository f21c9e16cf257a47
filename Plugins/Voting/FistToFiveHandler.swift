import Foundation
import RoundtableSDK

/// Fist to five: everyone rates their support for a proposal from 0 to 5, shown all at once.
///
/// The proposal is `config.proposal` (params and roles are filled in), else the step's
/// `prompt`, else the facilitator is asked to type it. Each participant in turn types
/// 0-5, hidden, and the screen is cleared after each; when all have voted the votes are
/// revealed together with their mean and lowest value. `pass` abstains; anything else
/// than 0-5 is refused and the same person asked again.
///
/// Everyone below `threshold` is then asked for their concern. With `revote: true`
/// (and at least one vote below the threshold) the room votes a second time, the same
/// way. The outcome counts each person's latest vote: consensus when nobody is below the
/// threshold.
///
/// Recorded: each vote as a `score` of the proposal (category `vote 1` or `vote 2`,
/// `author` the voter), each concern as a `note` in the category `concern`, a pass as a
/// `note` in the category `pass`, and the outcome as a `decision` whose category is the
/// proposal: "consensus: mean 3.8, lowest 3" or "no consensus: 2 below 3". When the
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
    public static let summary = "Everyone shows 0-5 for a proposal at once (hidden, then revealed); concerns below the threshold; optional revote."
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
        step.announce("""
            Fist to five: \(proposal)
            0 = block · 1-2 = serious concerns · 3 = can live with it · 4-5 = support
            Each person types 0-5 in turn (hidden); all votes are shown together. pass = abstain.
            """)
        var latest: [String: Int] = [:]
        var (votes, complete) = await collect(step, round: 1, proposal: proposal)
        for vote in votes { latest[vote.person] = vote.value }
        if complete {
            let concerned = votes.filter { $0.value < threshold }
            complete = await askConcerns(concerned, step: step)
            if complete && revote && !concerned.isEmpty {
                step.announce("Revote: the same question, after the concerns.")
                (votes, complete) = await collect(step, round: 2, proposal: proposal)
                for vote in votes { latest[vote.person] = vote.value }
            }
        }
        decide(latest, complete: complete, proposal: proposal, step: step)
        await step.notesUntilEnd()
    }

    /// Asks everyone for a hidden 0-5, then reveals and records the votes together.
    ///
    /// - Returns: the votes, and false when the segment ended before everyone answered.
    private func collect(_ step: StepContext, round: Int, proposal: String) async -> (Votes, Bool) {
        var votes: Votes = []
        var passed: [String] = []
        var complete = true
        people: for person in step.names {
            while let answer = await step.askInStep("\(person): 0-5?", hidden: true) {
                let typed = answer.trimmingCharacters(in: .whitespaces).lowercased()
                if typed == "pass" {
                    passed.append(person)
                } else if let value = Self.value(typed) {
                    votes.append((person, value))
                } else {
                    step.announce("\(person): type a whole number from 0 to 5, or pass.")
                    continue
                }
                step.clearScreen()
                step.announce("\(person) has voted (\(votes.count + passed.count) of \(step.names.count)).")
                continue people
            }
            complete = false
            break
        }
        reveal(votes, passed: passed, round: round, proposal: proposal, step: step)
        return (votes, complete)
    }

    private func reveal(_ votes: Votes, passed: [String], round: Int, proposal: String, step: StepContext) {
        for person in passed { step.record(.note("passed", by: person, category: "pass")) }
        guard !votes.isEmpty else {
            step.announce("No votes were cast.")
            return
        }
        for vote in votes {
            var score = Artifact.score(proposal, Double(vote.value), by: vote.person)
            score.category = "vote \(round)"
            step.record(score)
        }
        let values = votes.map(\.value)
        var lines = [(round == 1 ? "Votes: " : "Revote: ") + votes.map { "\($0.person) \($0.value)" }.joined(separator: " · ")]
        lines.append("Mean \(Self.mean(values)), lowest \(values.min() ?? 0)" + (passed.isEmpty ? "" : "; passed: \(passed.joined(separator: ", "))"))
        step.announce(lines.joined(separator: "\n"))
    }

    /// - Returns: false when the segment ended before every concern was heard.
    private func askConcerns(_ concerned: Votes, step: StepContext) async -> Bool {
        guard !concerned.isEmpty else { return true }
        step.announce("Below \(threshold): \(concerned.map { "\($0.person) (\($0.value))" }.joined(separator: ", ")). What would you need to support it?")
        for vote in concerned {
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
        step.announce("Outcome: \(outcome)")
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
