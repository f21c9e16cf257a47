/// What a handler tells the room while its step runs; the engine turns it into screen
/// output and keeps the latest view for every renderer (terminal, join page, report).
public enum StepOutput: Sendable {
    /// A message (neutralized, newlines kept).
    case say(String)
    /// The handler waits for input under this prompt; `secret` masks what is typed.
    case prompt(String, secret: Bool)
    /// The handler took a contribution (echoed unless secret).
    case took(Contribution, secret: Bool)
    /// Clear the working area (between secret voters on one keyboard).
    case clear
    /// What the room should see of the step now.
    case view(StepView)
}
