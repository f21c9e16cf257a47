import Foundation
import RoundtableSDK

/// Work in the plan's groups (pairs, trios, fours), with a harvest of one line per group.
///
/// The plan forms the groups (`groups: N` on the step) and re-mixes them every round, so
/// 1-2-4-All is four steps: alone, `groups: 2`, `groups: 4`, then all together. One
/// terminal serves the room: a line "Name: text" records the harvest of Name's group
/// (any member's name will do); a line without a name is a note for the whole room. When
/// the round ends, groups that gave no harvest are named, so none is forgotten.
public struct GroupsHandler: ExerciseHandler {
    public static let name = "groups"
    public static let aliases = ["group-work"]
    public static let summary = "Work in the plan's pairs/trios/fours, then harvest one line per group (1-2-4-All)."
    public static let whatToType = [
        "Ana: harvest — the harvest of Ana's group (any member's name will do)",
        "a line without a name — a note for the whole room",
    ]
    static let harvest = ConfigKey.text("harvest", default: "What is your group's strongest idea?",
                                        "The question each group answers at the end of a round.")
    static let kind = ConfigKey.oneOf("kind", [Artifact.Kind.idea, .note, .decision], default: .idea, "What each harvested line is recorded as.")
    public static let configKeys: [any AnyConfigKey] = [harvest, kind]
    public static let example = """
        - id: pairs
          title: Pairs build on each other's ideas
          handler: groups
          groups: 2
          duration: 2m
          prompt: Share your ideas in pairs; keep the strongest one.
          config: { harvest: "Your pair's strongest idea?", kind: idea }
        """

    let harvest: String
    let kind: Artifact.Kind

    public init(config: HandlerConfig) {
        harvest = config[Self.harvest]
        kind = config[Self.kind]
        if config.step.groupSize == nil {
            config.error("the `groups` handler works in the plan's groups; add `groups: 2` (pairs), `groups: 3` or `groups: 4` to the step")
        }
    }

    public func run(_ step: StepContext) async {
        repeat {
            let groups = step.segment.groups
            let label = { (group: [String]) in group.joined(separator: " + ") }
            step.show(StepView(
                prompt: step.fill(harvest),
                // The member who stays at a group (a World Café host) is marked in its title.
                columns: step.segment.groupLabels().enumerated().map { StepView.Column("Group \($0.offset + 1): \($0.element)") },
                notes: ["Type \"Name: answer\" for that person's group."]))
            var harvested: Set<Int> = []
            while let line = await step.line(prompt: "Name: harvest line (a line without a name is a note)") {
                let signed = step.signed(line)
                let (author, text) = (signed.author, signed.text)
                guard !text.isEmpty else { continue }
                if let author, let index = groups.firstIndex(where: { $0.contains(author) }) {
                    harvested.insert(index)
                    step.record(Artifact(kind, text, author: author, category: label(groups[index])))
                    step.updateView { $0.columns[index].cards.append(StepView.Card(text, by: author)) }
                } else {
                    step.record(.note(text))
                }
            }
            let missing = groups.indices.filter { !harvested.contains($0) }.map { label(groups[$0]) }
            if !missing.isEmpty && !groups.isEmpty {
                step.updateView { $0.notes = ["No harvest from: " + missing.joined(separator: "; ")] }
            }
        } while await step.nextSegment() != nil
    }
}
