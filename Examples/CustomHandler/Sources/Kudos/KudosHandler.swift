import Foundation
import RoundtableSDK

/// Each participant in turn gives kudos: "Name: what for", recorded as a note for that person.
///
/// A line must name another participant (or the giver, with `allow_self: true`); anything
/// else is answered with what to type instead, so a typo never becomes a kudo for nobody.
/// The room sees a tally of who received how many, updated as kudos come in; when the step
/// ends, it hears the tally too.
public struct KudosHandler: ExerciseHandler {
    public static let name = "kudos"
    public static let aliases = ["appreciation"]
    public static let summary = "Each participant in turn thanks others: \"Name: what for\"; a tally at the end."
    static let perPerson = ConfigKey.integer("per_person", default: 3, in: 1...10, "How many kudos each participant may give.")
    static let allowSelf = ConfigKey.boolean("allow_self", default: false, "Whether a participant may give kudos to themselves.")
    public static let configKeys: [any AnyConfigKey] = [perPerson, allowSelf]
    public static let example = """
        - id: kudos
          title: Kudos
          handler: kudos
          each: participant
          duration: 1m
          prompt: "{{speaker}}: who helped you this sprint, and how?"
          config: { per_person: 2 }
        """

    let perPerson: Int
    let allowSelf: Bool

    public init(config: HandlerConfig) {
        perPerson = config[Self.perPerson]
        allowSelf = config[Self.allowSelf]
        if !config.step.eachParticipant {
            config.error("the `kudos` handler gives each participant a turn; add `each: participant` to the step")
        }
    }

    public func run(_ step: StepContext) async {
        showTally(step)
        repeat {
            guard let giver = step.segment.speaker else { continue }
            var given = 0
            while let line = await step.line(prompt: "\(giver) thanks… (Name: what for)") {
                guard given < perPerson else {
                    step.announce("\(giver) has given \(perPerson) kudos already; /next for the next person.")
                    continue
                }
                // `Name: text` names the author in most handlers; here the named person receives the kudos.
                let signed = step.signed(line.text)
                guard let receiver = signed.author, !signed.text.isEmpty else {
                    step.announce("Type \"Name: what for\", e.g. \"\(step.names.first { $0 != giver } ?? giver): the great demo\".")
                    continue
                }
                guard receiver != giver || allowSelf else {
                    step.announce("Kudos go to someone else, \(giver).")
                    continue
                }
                step.record(.note(signed.text, by: giver, category: "kudos to \(receiver)"))
                given += 1
                showTally(step)
            }
        } while await step.nextSegment() != nil
        let tally = Self.tally(step.artifacts, names: step.names)
        step.announce(tally.isEmpty ? "No kudos this time." : "Kudos: " + tally.map { "\($0.name) \($0.count)" }.joined(separator: " · "))
    }

    /// Publishes the tally as the step's view: one numbered item per participant who has
    /// received kudos, most first.
    func showTally(_ step: StepContext) {
        let tally = Self.tally(step.artifacts, names: step.names)
        step.updateView { view in
            view.prompt = step.step.prompt
            view.items = tally.enumerated().map { StepView.Item(number: $0.offset + 1, text: $0.element.name, tally: Double($0.element.count)) }
            view.notes = tally.isEmpty ? ["No kudos yet."] : []
        }
    }

    /// Kudos received per participant, most first (ties in participant order).
    static func tally(_ artifacts: [Artifact], names: [String]) -> [(name: String, count: Int)] {
        names.map { name in (name, artifacts.filter { $0.category == "kudos to \(name)" }.count) }
            .filter { $0.1 > 0 }
            .enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }
            .map { (name: $0.element.0, count: $0.element.1) }
    }
}
