import Foundation

/// Helpers for handlers whose step runs on one timer (no turns, no rounds).
extension StepContext {
    /// The proposal: the configured text, else the step's prompt, else the first of its
    /// ``inputItems`` (the winner of an earlier vote handed on with `input:`), else typed
    /// in by the facilitator.
    ///
    /// - Returns: the proposal, or nil when the segment ended before one was typed.
    public func proposal(configured: String?) async -> String? {
        for candidate in [configured, step.prompt, inputItems.first?.text] {
            // One line: the proposal is shown in prompts and used as a category.
            let line = candidate.map { fill($0).replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces) }
            if let text = line, !text.isEmpty {
                return text
            }
        }
        while let answer = await askInStep("\(facilitatorLabel): type the proposal") {
            let text = answer.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { return text }
            announce("The proposal cannot be empty.")
        }
        return nil
    }

    /// "Ana (facilitator)" when the exercise has a facilitator, else "Facilitator".
    public var facilitatorLabel: String {
        roles["facilitator"].map { "\($0) (facilitator)" } ?? "Facilitator"
    }

    /// Keeps the lines typed after the handler's work as notes, until the segment ends.
    ///
    /// The result stays on screen while the room talks it over; `/next` or the timer moves
    /// on, as in every other step, so a typed script and a live room behave alike. A note
    /// signed `Name: note` (or sent from a device) is that participant's; others are the
    /// scribe's.
    public func notesUntilEnd() async {
        let scribe = roles["scribe"]
        while true {
            if let line = await line(prompt: "Notes (/next to move on)") {
                let signed = signed(line)
                if !signed.text.isEmpty { record(.note(signed.text, by: signed.author ?? scribe)) }
                continue
            }
            guard await nextSegment() != nil else { return }
            announce("The timer starts again; carry on.")
        }
    }

    /// Asks within a step that has one timer; nil only once the step is over.
    ///
    /// In such a step the segment ends before the step only when `/back` restarts its
    /// timer: the work goes on where it was, and the question is asked again.
    public func askInStep(_ question: String, hidden: Bool = false) async -> String? {
        await lineInStep(prompt: question, hidden: hidden)
    }

    /// The next line typed in a step that has one timer (see ``askInStep(_:hidden:)``).
    public func lineInStep(prompt: String, hidden: Bool = false) async -> String? {
        while true {
            if let line = await line(prompt: prompt, hidden: hidden) { return line.text }
            guard await nextSegment() != nil else { return nil }
            announce("The timer starts again; carry on.")
        }
    }
}
