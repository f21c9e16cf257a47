import Foundation
import RoundtableSDK

/// A timed open discussion; every line typed is kept as a note by the scribe.
///
/// A line signed `Name: note` (a participant's name and a colon), or sent from a
/// participant's device, is that participant's note instead.
public struct TimeboxHandler: ExerciseHandler {
    public static let name = "timebox"
    public static let aliases = ["discussion"]
    public static let summary = "A timed open discussion; lines typed are the scribe's notes, \"Name: note\" is Name's."
    public static let whatToType = [
        "a line — a note by the note taker (note_role, the scribe by default)",
        "Ben: note — Ben's note",
    ]
    static let noteRole = ConfigKey.role("note_role", default: "scribe", "Whose notes the typed lines are, if the exercise has that role (a role name).")
    static let kind = ConfigKey.oneOf("kind", [Artifact.Kind.note, .idea, .decision], default: .note, "What each typed line is recorded as.")
    public static let configKeys: [any AnyConfigKey] = [noteRole, kind]
    public static let example = """
        - id: discuss
          title: Open discussion
          handler: timebox
          duration: 10m
          prompt: What surprised you most?
          config: { note_role: scribe, kind: note }
        """

    let noteRole: String
    let kind: Artifact.Kind

    public init(config: HandlerConfig) {
        noteRole = config[Self.noteRole]
        kind = config[Self.kind]
    }

    public func run(_ step: StepContext) async {
        repeat {
            let author = step.roles[noteRole]
            let who = author.map { " (\($0) takes notes)" } ?? ""
            let article = kind == .idea ? "an" : "a"
            while let line = await step.line(prompt: "Type \(article) \(kind.rawValue)\(who); /next when done") {
                // "Ben: …" (or a line from Ben's device) is Ben's; other lines are the note taker's.
                let signed = step.signed(line)
                guard !signed.text.isEmpty else {
                    if let named = signed.author { step.refuse(line.text, by: named, reason: "Type the \(kind.rawValue) after the name, e.g. \"\(named): …\".") }
                    continue
                }
                let by = signed.author ?? author
                step.record(Artifact(kind, signed.text, author: by))
                step.updateView { $0.card(signed.text, by: by, in: kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst() + "s") }
            }
        } while await step.nextSegment() != nil
    }
}
