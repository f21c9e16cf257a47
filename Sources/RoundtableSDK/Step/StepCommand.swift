/// A facilitator's command that a handler may take over while it waits for input.
///
/// Commands steer the session (`/next`, `/pause`, …) and never reach a handler, except
/// these, and only while the handler says it accepts them (``StepContext/line(prompt:hidden:accepting:)``):
/// in a step that asks everyone, `/next` moves on to the next person rather than ending
/// the step, `/undo` takes back the last answer, and `/end` closes the step for everyone.
/// When the handler does not accept them, `/next` moves the session on, and `/undo` or
/// `/end` are explained.
public enum StepCommand: String, Sendable, Hashable, Codable, CaseIterable {
    case next
    case undo
    case end

    /// What `/help` says of the command while a handler takes it.
    public var help: String {
        switch self {
        case .next: return "/next         move on to the next person (answers still count later)"
        case .undo: return "/undo         take back the last answer"
        case .end: return "/end          close the step for everyone (asks again while people are awaited)"
        }
    }
}
