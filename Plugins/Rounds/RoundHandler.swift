import Foundation
import RoundtableSDK

/// Each participant speaks in turn on the step's per-speaker timer.
///
/// The scribe (or the speaker) may type one or more notes during a turn; `pass` records
/// that the speaker passed and starts the next turn at once (an empty turn is a pass too). Works with roles that rotate per round
/// (`rounds:` with a `per-round` role such as client or coach).
public struct RoundHandler: ExerciseHandler {
    public static let name = "round"
    public static let aliases = ["check-in"]
    public static let summary = "Each participant speaks in turn on a per-speaker timer; notes per speaker, passing allowed."
    public static let whatToType = [
        "a note — a note of the speaker's turn",
        "Ben: note — Ben's note (a reaction, say)",
        "pass — the speaker passes; the next turn starts",
    ]
    static let question = ConfigKey.text("question", "A question put to each speaker at their turn ({{speaker}} is filled).")
    static let notes = ConfigKey.boolean("notes", default: true, "Type notes during each turn (false: the round only keeps time).")
    static let allowPass = ConfigKey.boolean("allow_pass", default: true, "A speaker may pass by typing `pass`.")
    public static let configKeys: [any AnyConfigKey] = [question, notes, allowPass]
    public static let example = """
        - id: check-in
          title: One-word check-in
          handler: round
          each: participant
          duration: 30s
          prompt: One word for how you arrive today.
          config:
            question: "How do you arrive, {{speaker}}?"
            allow_pass: true
        """

    let question: String?
    let takesNotes: Bool
    let allowPass: Bool

    public init(config: HandlerConfig) {
        question = config[Self.question]
        takesNotes = config[Self.notes]
        allowPass = config[Self.allowPass]
        if !config.step.eachParticipant {
            config.error("the `round` handler gives each participant a turn; add `each: participant` to the step",
                         at: nil, hint: "for an open discussion use the `timebox` handler")
        }
    }

    public func run(_ step: StepContext) async {
        repeat {
            let segment = step.segment
            guard let speaker = segment.speaker else { continue }
            // The runner shows the step's prompt; a config question is asked on top.
            step.updateView { view in
                view.turn = step.turn
                if let question { view.prompt = step.fill(question) }
            }
            guard takesNotes else {
                while await step.line() != nil {}
                continue
            }
            while let line = await step.line(prompt: "Note for \(speaker) (Enter to add; /next for the next speaker)") {
                let text = line.text.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                if allowPass && Artifact.isPass(text) {
                    // A pass ends the turn: the next speaker starts at once.
                    step.record(.pass(by: speaker))
                    step.finishTurn()
                    break
                }
                // A note signed "Ben: …" is Ben's (a reaction to the speaker, say).
                let signed = step.signed(line)
                guard !signed.text.isEmpty else { continue }
                let by = signed.author ?? speaker
                step.record(.note(signed.text, by: by))
                step.updateView { $0.card(signed.text, by: by, in: "Notes") }
            }
        } while await step.nextSegment() != nil
    }
}
