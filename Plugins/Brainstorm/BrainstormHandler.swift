import Foundation
import RoundtableSDK

/// Ideas typed as they come, one per line, until the step ends.
///
/// Every line is one idea. `Ana: idea text` signs it: the text before the first colon is a
/// participant's name in any case. With `each: participant` an unsigned idea belongs to the
/// speaker. With `groups:` the author's group that round (`Ana + Ben`) becomes the idea's
/// category (an unsigned idea has none), so a later step can vote on ideas or on groups. The step may run several
/// `rounds:`; `per_person` counts over the whole step.
///
/// A line is rejected with a message, and not recorded, when it is shorter than
/// `min_length`, already on the list (case and spacing aside), signed with no idea after the
/// name, or over its author's `per_person` limit. Blank lines are ignored. When the step
/// ends the room sees how many ideas it produced.
///
/// ```yaml
/// - id: ideas
///   handler: brainstorm
///   duration: 5m
///   prompt: How could onboarding take one week instead of three?
///   config: { per_person: 10, min_length: 3 }
/// ```
///
/// Each idea is recorded as `.idea(text, by: author, category: group)`.
public struct BrainstormHandler: ExerciseHandler {
    public static let name = "brainstorm"
    public static let summary = "Ideas typed as they come until time is up; \"Name: idea\" signs one."
    public static let whatToType = [
        "an idea — one idea per line",
        "Ana: idea — Ana's idea (any participant's name, any case)",
    ]
    static let anonymous = ConfigKey.boolean("anonymous", default: false,
        "Record no authors, even for signed lines (signatures still count for `per_person`).")
    static let perPerson = ConfigKey.integer("per_person", in: 1...100, absent: "no limit",
        "At most this many ideas per person over the whole step; counts signed lines and the speaker's turn.")
    static let minLength = ConfigKey.integer("min_length", default: 1, in: 1...200, "Ideas shorter than this many characters are rejected.")
    public static let configKeys: [any AnyConfigKey] = [anonymous, perPerson, minLength]
    public static let example = """
        - id: ideas
          title: Ideas for a faster onboarding
          handler: brainstorm
          duration: 5m
          prompt: How could onboarding take one week instead of three?
          instructions: 'Call ideas out; {{scribe}} types them; "Name: idea" signs one.'
          config: { anonymous: false, per_person: 10, min_length: 3 }
        """

    let anonymous: Bool
    let perPerson: Int?
    let minLength: Int

    public init(config: HandlerConfig) {
        anonymous = config[Self.anonymous]
        perPerson = config[Self.perPerson]
        minLength = config[Self.minLength]
    }

    public func run(_ step: StepContext) async {
        var seen: [String: Int] = [:]
        var counts: [String: Int] = [:]
        var authors: [String] = []
        var total = 0
        var signed = 0
        repeat {
            let segment = step.segment
            let prompt: String
            if let speaker = segment.speaker {
                prompt = "Ideas from \(speaker), one per line; /next when done"
            } else if anonymous {
                prompt = "Type an idea, one per line; /next when done"
            } else {
                prompt = "Type an idea (\"Name: idea\" signs it); /next when done"
            }
            while let line = await step.line(prompt: prompt) {
                let typed = step.signed(line)
                let author = typed.author ?? segment.speaker
                let text = typed.text
                if text.isEmpty {
                    if line.author == nil, let name = typed.author {
                        step.refuse(line.text, by: name, reason: "Type the idea after the name: \"\(name): your idea\".")
                    }
                    continue
                }
                if text.count < minLength {
                    step.refuse(line.text, by: author, reason: "Too short: an idea needs at least \(minLength) characters.")
                    continue
                }
                let key = SignedLine.key(text)
                if let number = seen[key] {
                    step.refuse(line.text, by: author, reason: "Already on the list (idea \(number)).")
                    continue
                }
                if let perPerson, let author, counts[author, default: 0] >= perPerson {
                    step.refuse(line.text, by: author, reason: "\(author) has reached the limit of \(perPerson) ideas.")
                    continue
                }
                total += 1
                seen[key] = total
                if let author {
                    signed += 1
                    counts[author, default: 0] += 1
                    if !authors.contains(author) { authors.append(author) }
                }
                let group = author.flatMap { who in segment.groups.first { $0.contains(who) } }
                step.record(.idea(text, by: anonymous ? nil : author, category: group?.joined(separator: " + ")))
                step.updateView { $0.card(text, by: anonymous ? nil : author, in: group?.joined(separator: " + ") ?? "Ideas") }
            }
        } while await step.nextSegment() != nil
        step.updateView { $0.notes = [Self.summary(ideas: total, signed: anonymous ? 0 : signed, authors: authors.count)] }
    }

    /// "12 ideas recorded, 8 signed by 3 people."
    static func summary(ideas: Int, signed: Int, authors: Int) -> String {
        guard ideas > 0 else { return "No ideas recorded." }
        let head = ideas == 1 ? "1 idea recorded" : "\(ideas) ideas recorded"
        guard signed > 0 else { return head + "." }
        let people = authors == 1 ? "1 person" : "\(authors) people"
        return signed == ideas ? "\(head), from \(people)." : "\(head), \(signed) signed by \(people)."
    }
}
