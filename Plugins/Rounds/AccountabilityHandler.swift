import Foundation
import RoundtableSDK

/// Goes through the team's open commitments from earlier sessions: done, not yet, or dropped.
///
/// Each open commitment is read out with its owner; the answer is typed as `done`, `not yet`
/// or `dropped` (or `d`, `n`, `x`), optionally followed by a note after a colon
/// (`not yet: waiting for the new laptop`). With `each: participant`, each speaker's turn
/// covers the commitments they own. A commitment left `not yet` stays open for the next
/// session; the report lists every status. Lines that answer nothing are kept as notes.
public struct AccountabilityHandler: ExerciseHandler {
    public static let name = "accountability"
    public static let aliases = ["commitments-review"]
    public static let summary = "Reviews the team's open commitments from earlier sessions: done / not yet / dropped."
    public static let whatToType = [
        "done, not yet, dropped (d, n, x) — the status of the commitment read out",
        "not yet: reason — a status with a note",
        "any other line — a note (Ben: note credits Ben)",
    ]
    static let emptyMessage = ConfigKey.text("empty_message", default: "No open commitments from earlier sessions.",
                                             "Said when there is nothing to review.")
    public static let configKeys: [any AnyConfigKey] = [emptyMessage]
    public static let example = """
        - id: review
          title: Last time's commitments
          handler: accountability
          duration: 5m
          prompt: For each commitment, say where it stands.
        """

    let emptyMessage: String

    public static let carryover: (any Carryover.Type)? = Commitments.self

    public init(config: HandlerConfig) {
        emptyMessage = config[Self.emptyMessage]
    }

    public func run(_ step: StepContext) async {
        var pending = step.carried.filter { $0.kind == Commitments.kind && $0.isOpen }
        let all = pending
        step.show(StepView(
            items: all.enumerated().map { offset, commitment in
                StepView.Item(number: offset + 1, text: commitment.text,
                              detail: (commitment.owner ?? "no owner") + (commitment.due.map { ", due \($0)" } ?? ""))
            },
            notes: pending.isEmpty ? [emptyMessage] : []))
        repeat {
            let speaker = step.segment.speaker
            step.updateView { $0.turn = step.turn }
            // A commitment of several owners ("Ben, Chen") is reviewed in the turn of the first of them who speaks.
            let mine = pending.filter { commitment in
                speaker == nil || Self.owners(of: commitment).contains { $0.lowercased() == speaker?.lowercased() }
            }
            for commitment in mine {
                let owner = commitment.owner ?? "no owner"
                let due = commitment.due.map { ", due \($0)" } ?? ""
                step.updateView { $0.prompt = "\(owner): \(commitment.text)\(due)" }
                var answered = false
                while !answered, let line = await step.line(prompt: "done, not yet or dropped? (a note may follow a colon)") {
                    guard let (status, note) = Self.parse(line.text) else {
                        step.refuse(line.text, by: line.author ?? speaker, reason: "Answer done, not yet or dropped (d / n / x).")
                        continue
                    }
                    var artifact = Artifact(.decision, commitment.text, owner: commitment.owner, due: commitment.due,
                                            category: status.rawValue)
                    artifact.ref = commitment.id
                    step.record(artifact)
                    if let note { step.record(.note(note, by: commitment.owner, category: "commitment")) }
                    pending.removeAll { $0.id == commitment.id }
                    step.updateView { view in
                        guard let index = all.firstIndex(where: { $0.id == commitment.id }) else { return }
                        view.items[index].detail = "\(owner)\(due): \(status.rawValue)"
                        view.prompt = nil
                    }
                    answered = true
                }
                if !answered { break }
            }
            // The rest of the turn: anything typed is a note.
            while let line = await step.line(prompt: "Notes; /next when done") {
                let signed = step.signed(line)
                if !signed.text.isEmpty { step.record(.note(signed.text, by: signed.author ?? speaker)) }
            }
        } while await step.nextSegment() != nil
    }

    /// "done", "not yet: note", "x" → status and note.
    /// The owners of a commitment: "Ben, Chen" names two (a participant's name holds no comma).
    static func owners(of commitment: CarriedItem) -> [String] {
        (commitment.owner ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func parse(_ answer: String) -> (Commitments.Status, String?)? {
        let parts = answer.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let word = parts.first?.lowercased() ?? ""
        let note = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
        switch word {
        case "done", "d", "yes": return (.done, note)
        case "not yet", "notyet", "not-yet", "n", "later": return (.notYet, note)
        case "dropped", "drop", "x", "no": return (.dropped, note)
        default: return nil
        }
    }
}
