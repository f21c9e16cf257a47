import Foundation
import RoundtableSDK

/// Consent decision-making: questions, reactions, then consent or objection from each person.
///
/// The proposal is `config.proposal` (params and roles are filled in), else the step's
/// `prompt`, else the top item of the step's `input:` (an earlier vote's winner), else the
/// facilitator is asked to type it. The step runs its phases within one
/// timer; typed keywords move it on, so `/next` keeps its meaning of ending the step.
///
/// The script the facilitator (or scribe) types:
///
/// 1. **Clarifying questions.** Each line is a question (`note`, category `question`);
///    `answer: …` records an answer (category `answer`); `amend: new text` changes the
///    proposal before anyone reacts. An empty line moves on to the reactions.
/// 2. **Reactions.** Each participant in turn is asked for a reaction (`note`, category
///    `reaction`); an empty line passes (`note` "passed", category `pass`).
/// 3. **Consent round.** Each participant in turn answers `consent`, `object: reason` or
///    `stand aside` (notes in the categories `consent`, `objection` with the reason, and
///    `stand aside`). Anything else is refused with the three choices.
/// 4. **After objections**, the facilitator types `amend: new text` to change the proposal
///    (`note`, category `amendment`) and hold the consent round again, or `close` to end
///    without consent. There are at most `max_rounds` consent rounds.
///
/// The step ends with one `decision` in the category `consent`: "consented: <final
/// proposal>" (naming who stood aside), or "not consented: <final proposal>" with the
/// objections of the last round. When the timer or `/next` ends the step first, the
/// decision is "not consented (time ran out)", with the objections heard so far. Lines
/// typed after the decision, until `/next` or the timer, are kept as notes (by the
/// scribe, if there is one).
///
/// ```yaml
/// - id: decide
///   handler: consent
///   duration: 10m
///   config: { proposal: "Pairing Fridays from next sprint", max_rounds: 2 }
/// ```
public struct ConsentHandler: ExerciseHandler {
    public static let name = "consent"
    /// The top item of an earlier result (`input:`) is the proposal when none is configured.
    public static let readsInput = true
    public static let summary = "Consent decision: clarifying questions, reactions, then consent / object / stand aside; amend and repeat."
    public static let whatToType = [
        "a question — a clarifying question (Ben: question credits Ben); answer: … records an answer",
        "empty line — on to the next phase (reactions, then the consent round)",
        "consent, object: reason, stand aside — each participant's answer in the consent round",
        "amend: new text — change the proposal (and hold the round again); close ends without consent",
    ]
    static let proposal = ConfigKey.text("proposal", absent: "the step's prompt", "What the room decides on; {{param}} and {{role}} are filled in.")
    static let maxRounds = ConfigKey.integer("max_rounds", default: 2, in: 1...10, "Most consent rounds, counting those after each amendment.")
    public static let configKeys: [any AnyConfigKey] = [proposal, maxRounds]
    public static let example = """
        - id: decide
          title: Decide by consent
          handler: consent
          duration: 10m
          instructions: "{{facilitator}} leads; {{scribe}} types questions and reactions."
          config:
            proposal: "Pairing Fridays from next sprint"
            max_rounds: 2
        """

    let proposal: String?
    let maxRounds: Int

    public init(config: HandlerConfig) {
        proposal = config[Self.proposal]
        maxRounds = config[Self.maxRounds]
        config.requireOneTimer(hint: "the consent round repeats after an amendment, up to `max_rounds`")
    }

    /// What the room has said so far, for the closing decision.
    struct Record {
        var proposal: String
        var objections: [(person: String, reason: String)] = []
        var asides: [String] = []
    }

    public func run(_ step: StepContext) async {
        guard let initial = await step.proposal(configured: proposal) else { return }
        var record = Record(proposal: initial)
        step.show(StepView(prompt: initial, notes: [
            "1. Clarifying questions: type each one (\"answer: …\" for answers). Empty line: on to reactions.",
            "2. Reactions: everyone reacts once.",
            "3. Consent: everyone answers consent, object: <reason>, or stand aside.",
        ]))
        let outcome = await decide(&record, step: step)
        close(record, outcome: outcome, step: step)
        await step.notesUntilEnd()
    }

    enum Outcome {
        case consented, notConsented, timeUp
    }

    /// Runs the phases until the room consents, the facilitator closes, the rounds run out or time does.
    private func decide(_ record: inout Record, step: StepContext) async -> Outcome {
        guard await questions(&record, step: step), await reactions(step) else { return .timeUp }
        for round in 1...maxRounds {
            guard await consentRound(round, &record, step: step) else { return .timeUp }
            if record.objections.isEmpty { return .consented }
            guard round < maxRounds else {
                step.announce("That was the last consent round (max_rounds: \(maxRounds)).")
                break
            }
            switch await amendment(&record, step: step) {
            case .amended: continue
            case .closed: return .notConsented
            case .timeUp: return .timeUp
            }
        }
        return .notConsented
    }

    /// - Returns: false when the segment ended during the questions.
    private func questions(_ record: inout Record, step: StepContext) async -> Bool {
        while let line = await step.askInStep("Clarifying question (empty line: on to reactions)") {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { return true }
            // "Ben: why Fridays?" is Ben's question.
            let signed = step.signed(line)
            let text = signed.text
            guard !text.isEmpty else { continue }
            let lowered = text.lowercased()
            if lowered.hasPrefix("amend:") {
                guard let amended = Self.amendment(in: text) else {
                    step.refuse(text, reason: "Type the new proposal after \"amend:\".")
                    continue
                }
                amend(&record, to: amended, step: step)
            } else if lowered.hasPrefix("answer:") {
                guard let answer = Self.after("answer", in: text) else {
                    step.refuse(text, reason: "Type the answer after \"answer:\".")
                    continue
                }
                step.record(.note(answer, by: signed.author, category: "answer"))
            } else {
                step.record(.note(text, by: signed.author, category: "question"))
            }
        }
        return false
    }

    /// - Returns: false when the step ended before everyone reacted.
    private func reactions(_ step: StepContext) async -> Bool {
        step.updateView { $0.notes = ["Reactions: everyone reacts once. Empty line: pass."] }
        let answers = await step.fromEveryone("your reaction?", verb: "reacted") { text, person -> Answer<Void> in
            let passes = text.isEmpty || Artifact.isPass(text)
            step.record(passes ? .pass(by: person) : .note(text, by: person, category: "reaction"))
            return .accept(())
        }
        return answers.count == step.names.count
    }

    /// - Returns: false when the step ended before everyone answered.
    private func consentRound(_ round: Int, _ record: inout Record, step: StepContext) async -> Bool {
        var objections: [(person: String, reason: String)] = []
        var asides: [String] = []
        var consents = 0
        func tallied() -> [StepView.Item] {
            [StepView.Item(number: 1, text: "consent", tally: Double(consents)),
             StepView.Item(number: 2, text: "object", tally: Double(objections.count)),
             StepView.Item(number: 3, text: "stand aside", tally: Double(asides.count))]
        }
        step.updateView {
            $0.prompt = record.proposal
            $0.items = tallied()
            $0.notes = ["Consent round \(round) of at most \(maxRounds). \(ConsentAnswer.help)"]
            $0.entry = .choice(["consent", "stand aside", "object:"])
        }
        defer { step.updateView { $0.entry = nil } }
        let answers = await step.fromEveryone("consent, object: <reason>, or stand aside?", verb: "answered") { text, person -> Answer<Void> in
            switch ConsentAnswer.read(text) {
            case .consent:
                consents += 1
                step.record(.note("consent", by: person, category: "consent"))
            case .standAside:
                asides.append(person)
                step.record(.note("stand aside", by: person, category: "stand aside"))
            case .object(let reason):
                objections.append((person, reason))
                step.record(.note(reason, by: person, category: "objection"))
            case .invalid(let message):
                return .reject(message)
            }
            step.updateView { $0.items = tallied() }
            return .accept(())
        }
        record.objections = objections
        record.asides = asides
        return answers.count == step.names.count
    }

    enum AmendmentOutcome {
        case amended, closed, timeUp
    }

    private func amendment(_ record: inout Record, step: StepContext) async -> AmendmentOutcome {
        step.updateView {
            $0.notes = ["Objections:"] + record.objections.map { "- \($0.person): \($0.reason)" }
                + ["\(step.facilitatorLabel): type \"amend: <new proposal>\" to ask again, or \"close\" to end without consent."]
        }
        while let line = await step.askInStep("\(step.facilitatorLabel): amend: <new proposal>, or close") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if let amended = Self.amendment(in: text) {
                amend(&record, to: amended, step: step)
                return .amended
            }
            if ["close", "end", "stop"].contains(text.lowercased()) { return .closed }
            step.refuse(text, reason: text.lowercased().hasPrefix("amend") ? "Type the new proposal after \"amend:\"." : "Type \"amend: <new proposal>\", or \"close\".")
        }
        return .timeUp
    }

    private func amend(_ record: inout Record, to text: String, step: StepContext) {
        record.proposal = text
        step.record(.note(text, by: step.roles["facilitator"], category: "amendment"))
        step.announce("Amended proposal: \(text)")
        step.updateView { $0.prompt = text }
    }

    private func close(_ record: Record, outcome: Outcome, step: StepContext) {
        let consented = outcome == .consented
        let timeUp = outcome == .timeUp
        var text = consented ? "consented: \(record.proposal)" : "not consented\(timeUp ? " (time ran out)" : ""): \(record.proposal)"
        if !record.asides.isEmpty { text += "; stood aside: \(record.asides.joined(separator: ", "))" }
        if !consented && !record.objections.isEmpty {
            text += "; objections: " + record.objections.map { "\($0.person): \($0.reason)" }.joined(separator: "; ")
        }
        step.record(.decision(text, category: "consent"))
        step.updateView {
            $0.notes = [(consented ? "Consented: " : "Not consented: ") + record.proposal]
                + (consented ? [] : record.objections.map { "- \($0.person): \($0.reason)" })
            if !record.asides.isEmpty { $0.notes.append("Stood aside: " + record.asides.joined(separator: ", ")) }
        }
    }

    /// The new proposal in `amend: text`, if the line is an amendment with text.
    static func amendment(in line: String) -> String? {
        after("amend", in: line)
    }

    /// The text after `keyword:` at the start of `line` (any case), if not empty.
    static func after(_ keyword: String, in line: String) -> String? {
        let prefix = keyword + ":"
        guard line.count > prefix.count, line.prefix(prefix.count).lowercased() == prefix else { return nil }
        let rest = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return rest.isEmpty ? nil : rest
    }
}
