import Foundation
import RoundtableSDK

/// A decision drill: the room decides scenario after scenario, secretly, then talks it over.
///
/// For each scenario: the scenario (and the `options`, numbered) is shown; each
/// participant in turn types an answer, hidden, and the screen is cleared after each; the
/// answers are then revealed together with the split; the holder of `explainer_role`
/// (e.g. a `decider` rotating `per-round`) is asked first to explain their choice; then
/// the room's debrief is typed, one note per line (`Ben: …` credits Ben).
///
/// With `for_each:` on the step, each round plays the scenarios about its item: list one
/// scenario naming `{{item}}` (`"Who decides: {{item}}?"`) for one scenario per item.
///
/// With `rounds:` on the step there is one scenario per round (as many rounds as
/// scenarios) and the debrief runs until the round ends (`/next` or its timer). Without
/// it, all scenarios run within the step's timer: an empty line ends each debrief and
/// starts the next scenario, and the last debrief runs until `/next` or the timer.
///
/// Answers: with `options`, an option's text, its number or a prefix that fits one option
/// (an option's exact text wins; when options are numbers, such as cards `[1, 2, 3, 5, 8]`,
/// a number names the option written so, see `StepContext.match`);
/// without, free text (answers that differ only in case count as one). `pass` answers
/// nothing; anything else is refused with a hint and the same person is asked again.
///
/// Recorded per scenario, all with the scenario as category: each answer as a `vote`
/// (`author` the participant, or nobody with `reveal: false`, which shows only the split),
/// the split as a `decision` ("split: Roll back 2, Fix now 1" or "unanimous: Roll back
/// (3)"), and the explanation and debrief lines as `note`s. A pass is a `note` in the
/// category `pass`. When the timer or `/next` interrupts the answers, those typed so far
/// are revealed and recorded.
///
/// ```yaml
/// - id: drill
///   handler: decision-drill
///   duration: 4m
///   rounds: 2
///   config:
///     scenarios: ["Data loss reported at 5 pm on a Friday", "A release breaks a partner's build"]
///     options: [Fix now, Roll back, Wait for Monday]
/// ```
public struct DecisionDrillHandler: ExerciseHandler {
    public static let name = "decision-drill"
    public static let summary = "Scenarios decided secretly by everyone, revealed together, explained by the decider and debriefed."
    public static let whatToType = [
        "an option's text, or its number (cards that are numbers: the card's own text) — your hidden answer; pass answers nothing",
        "Ben: note — a debrief note by Ben; a line without a name is the room's",
        "empty line — skip the explanation; between scenarios in one timer, the next scenario",
    ]
    static let scenarios = ConfigKey.textList("scenarios", required: true, nonEmpty: true, distinct: true,
                                              "The situations to decide, in order; with `rounds:`, one per round; with `for_each:`, all in each round (e.g. one naming `{{item}}`).")
    static let options = ConfigKey.textList("options", absent: "free answers", nonEmpty: true, distinct: true,
                                            "The answers to choose from (by number or text).")
    static let reveal = ConfigKey.boolean("reveal", default: true, "Show who answered what; false shows only the split and records answers without names.")
    static let explainerRole = ConfigKey.role("explainer_role", absent: "decider", "The role whose holder explains their choice first in each debrief (a role name).")
    public static let configKeys: [any AnyConfigKey] = [scenarios, options, reveal, explainerRole]
    public static let example = """
        - id: drill
          title: What would you do?
          handler: decision-drill
          duration: 4m
          rounds: 2
          config:
            scenarios:
              - "A customer reports data loss at 5 pm on a Friday."
              - "The release breaks the build of a partner team."
            options: [Fix now, Roll back, Wait for Monday]
            reveal: true
            explainer_role: facilitator
        """

    let scenarios: [String]
    let options: [String]
    let reveal: Bool
    let explainerRole: String
    /// With `for_each:`, every round plays all the scenarios about its item.
    let overItems: Bool

    public init(config: HandlerConfig) {
        scenarios = config[Self.scenarios]
        options = config[Self.options]
        reveal = config[Self.reveal]
        let role = config[Self.explainerRole]?.trimmingCharacters(in: .whitespaces)
        if role?.isEmpty == true {
            config.error("config `explainer_role` must name a role", at: config.value(Self.explainerRole.name),
                         hint: "leave it out to use `decider`")
        }
        explainerRole = role.flatMap { $0.isEmpty ? nil : $0 } ?? "decider"
        config.requireOneTimer(hint: "use `rounds:` for one scenario per round", allowRounds: true)
        overItems = config.step.overItems
        if config.step.rounds > 1 && !overItems && !scenarios.isEmpty && config.step.rounds != scenarios.count {
            config.error("`rounds: \(config.step.rounds)` plays one scenario per round, but \(scenarios.count) \(scenarios.count == 1 ? "scenario is" : "scenarios are") listed",
                         at: config.value(Self.scenarios.name), hint: "list one scenario per round, or remove `rounds:` to play them all in one step")
        }
    }

    public func run(_ step: StepContext) async {
        guard !scenarios.isEmpty else { return }
        if overItems {
            // Each round plays the scenarios (usually one, naming `{{item}}`) about its item.
            repeat {
                for index in scenarios.indices {
                    guard await play(index, step: step, debriefUntilEnd: index == scenarios.count - 1) else { break }
                }
            } while await step.nextSegment() != nil
        } else if step.segment.rounds > 1 {
            repeat {
                let index = step.segment.round - 1
                if scenarios.indices.contains(index) {
                    _ = await play(index, step: step, debriefUntilEnd: true)
                } else {
                    await step.notesUntilEnd()
                }
            } while await step.nextSegment() != nil
        } else {
            for index in scenarios.indices {
                guard await play(index, step: step, debriefUntilEnd: index == scenarios.count - 1) else { return }
            }
        }
    }

    /// Runs one scenario. - Returns: false when the segment ended.
    private func play(_ index: Int, step: StepContext, debriefUntilEnd: Bool) async -> Bool {
        let scenario = step.fill(scenarios[index]).replacingOccurrences(of: "\n", with: " ")
        let explainer = step.roles[explainerRole]
        let choices = options.map { step.fill($0) }
        let position = overItems && scenarios.count == 1 ? "" : "Scenario \(index + 1) of \(scenarios.count). "
        var notes = [position + "Everyone answers, hidden"
                     + (options.isEmpty ? "" : StepContext.numbersArePositions(options) ? " (a number or an option)" : " (an option as written)") + "; answers are shown together. pass = no answer."]
        if let explainer { notes.append("\(explainer) (\(explainerRole)) explains first.") }
        step.show(StepView(prompt: scenario, items: choices.enumerated().map { StepView.Item(number: $0.offset + 1, text: $0.element) },
                           notes: notes))

        var answers: [(person: String, answer: String)] = []
        let given = await step.fromEveryone("your answer?", verb: "answered", secret: true, withinSegment: bySegment(step)) {
            text, person -> Answer<String?> in
            if Artifact.isPass(text) { return .accept(nil) }
            guard let picked = answer(text, earlier: answers.map(\.answer), step: step) else {
                return .reject(options.isEmpty ? "type your answer, or pass."
                               : StepContext.numbersArePositions(options) ? "pick 1 to \(options.count) or an option's text, or pass."
                               : "type one of the options as written, or pass.")
            }
            answers.append((person, picked))
            return .accept(picked)
        }
        let passed = given.filter { $0.value == nil }.map(\.person)
        let complete = given.count == step.names.count
        revealAnswers(answers, passed: passed, scenario: scenario, choices: choices, complete: complete, step: step)
        guard complete else { return false }
        return await debrief(scenario, explainer: explainer, step: step, debriefUntilEnd: debriefUntilEnd)
    }

    /// The answer `text` stands for, spelled as the option (or as the first to give it); nil when invalid.
    private func answer(_ text: String, earlier: [String], step: StepContext) -> String? {
        guard !text.isEmpty else { return nil }
        if options.isEmpty {
            return earlier.first { $0.lowercased() == text.lowercased() } ?? text
        }
        let choices = options.map { step.fill($0) }
        return StepContext.match(text, in: choices).map { choices[$0] }
    }

    private func revealAnswers(_ answers: [(person: String, answer: String)], passed: [String], scenario: String, choices: [String],
                               complete: Bool, step: StepContext) {
        for person in passed { step.record(.pass(by: person)) }
        guard !answers.isEmpty else {
            step.updateView {
                $0.hidden = 0
                $0.notes = ["No answers."]
            }
            return
        }
        for (person, answer) in answers {
            var vote = Artifact.vote(for: answer, by: reveal ? person : nil)
            vote.category = scenario
            step.record(vote)
        }
        // Ranked by count, ties in the order first given.
        let ranked = InputItem.items(from: answers.map { Artifact.vote(for: $0.answer, by: nil) })
        var split = ranked.count == 1
            ? "unanimous: \(ranked[0].text) (\(answers.count))"
            : "split: " + ranked.map { "\($0.text) \($0.count)" }.joined(separator: ", ")
        if !complete { split += " (\(answers.count + passed.count) of \(step.names.count) answered before time ran out)" }
        var lines: [String] = []
        if reveal { lines = ["Answers:"] + answers.map { "  \($0.person): \($0.answer)" } }
        lines.append(split.prefix(1).uppercased() + split.dropFirst())
        let listed = choices.isEmpty ? ranked.map(\.text) : choices
        step.updateView {
            $0.items = listed.enumerated().map { offset, text in
                StepView.Item(number: offset + 1, text: text, tally: Double(answers.filter { $0.answer == text }.count))
            }
            $0.hidden = 0
            $0.notes = lines
        }
        step.record(.decision(split, category: scenario))
    }

    /// The explainer's reasons, then the room's notes. - Returns: false when the segment ended.
    private func debrief(_ scenario: String, explainer: String?, step: StepContext, debriefUntilEnd: Bool) async -> Bool {
        step.announce("Debrief: one note per line (\"Name: note\" credits a person); "
                      + (debriefUntilEnd ? "/next when done." : "empty line for the next scenario."))
        if let explainer {
            step.updateView { $0.turn = StepView.Turn(speaker: explainer) }
            defer { step.updateView { $0.turn = nil } }
            // A line signed by someone else while the explainer is awaited is that person's
            // note; the explainer is still awaited.
            while true {
                guard let answer = await ask("\(explainer) (\(explainerRole)): why that choice? (empty line: skip)", step: step) else { return false }
                let signed = step.signed(answer.trimmingCharacters(in: .whitespaces))
                if let author = signed.author, author != explainer {
                    if !signed.text.isEmpty { step.record(.note(signed.text, by: author, category: scenario)) }
                    continue
                }
                if !signed.text.isEmpty { step.record(.note(signed.text, by: explainer, category: scenario)) }
                break
            }
        }
        while let typed = await ask("Debrief note" + (debriefUntilEnd ? " (/next when done)" : " (empty line: next scenario)"), step: step) {
            let text = typed.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                if debriefUntilEnd { continue }
                return true
            }
            let signed = step.signed(text)
            guard !signed.text.isEmpty else {
                step.refuse(text, by: signed.author, reason: "Type the note after the name, e.g. \"\(signed.author ?? "Ben"): I would wait\".")
                continue
            }
            step.record(.note(signed.text, by: signed.author, category: scenario))
        }
        return false
    }

    /// Asks for a line: with rounds, nil when the round ends; in one timer, nil when the step ends.
    private func ask(_ question: String, hidden: Bool = false, step: StepContext) async -> String? {
        bySegment(step) ? await step.ask(question, hidden: hidden) : await step.askInStep(question, hidden: hidden)
    }

    /// Whether a scenario's answers and debrief end with the round (rounds, or a round per item).
    private func bySegment(_ step: StepContext) -> Bool { overItems || step.segment.rounds > 1 }
}
