import Foundation
import RoundtableSDK

/// A closing round: each participant in turn gives one takeaway or commitment.
///
/// With `each: participant` every speaker gets their own timer and the line typed in their
/// turn is theirs; without it, lines "Name: text" are attributed by name. With
/// `commitments: true` each line is recorded as an action item owned by the speaker, so
/// the next session can check it (accountability). `pass` (or `abstain`) passes: it is
/// recorded as a pass, never as a takeaway or a commitment, and ends the speaker's turn.
public struct CheckoutHandler: ExerciseHandler {
    public static let name = "checkout"
    public static let aliases = ["check-out"]
    public static let summary = "Closing round: one takeaway or commitment per participant, optionally kept as action items."
    public static let whatToType = [
        "a takeaway — the speaker's (with each: participant)",
        "Ana: takeaway — Ana's takeaway (or commitment, with commitments: true)",
        "pass — the speaker passes",
    ]
    static let question = ConfigKey.text("question", default: "What do you take away?", "What each participant answers.")
    static let commitments = ConfigKey.boolean("commitments", default: false, "Record each answer as an action item owned by the speaker.")
    public static let configKeys: [any AnyConfigKey] = [question, commitments]
    public static let example = """
        - id: close
          title: Check-out
          handler: checkout
          each: participant
          duration: 30s
          config: { question: "One thing you will do before we meet again?", commitments: true }
        """

    let question: String
    let commitments: Bool

    public init(config: HandlerConfig) {
        question = config[Self.question]
        commitments = config[Self.commitments]
    }

    public func run(_ step: StepContext) async {
        repeat {
            let speaker = step.segment.speaker
            let prompt = speaker.map { "\($0): \(step.fill(question))" } ?? "Name: \(step.fill(question))"
            step.updateView { view in
                view.prompt = step.fill(question)
                view.turn = step.turn
            }
            while let line = await step.line(prompt: prompt) {
                var author = speaker
                var text = line.text.trimmingCharacters(in: .whitespaces)
                if speaker == nil {
                    let signed = step.signed(text)
                    author = signed.author
                    text = signed.text
                }
                guard !text.isEmpty else { continue }
                if Artifact.isPass(text) {
                    // A pass is a pass, never a commitment "pass"; in a turn it ends the turn.
                    step.record(.pass(by: author))
                    if speaker != nil {
                        step.finishTurn()
                        break
                    }
                    continue
                }
                if commitments {
                    step.record(.action(text, owner: author))
                } else {
                    step.record(.note(text, by: author, category: "takeaway"))
                }
                step.updateView { $0.card(text, by: author, in: commitments ? "Commitments" : "Takeaways") }
            }
        } while await step.nextSegment() != nil
    }
}
