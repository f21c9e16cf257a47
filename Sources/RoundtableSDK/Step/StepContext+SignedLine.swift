extension StepContext {
    /// Splits `Name: text` into the participant it names and the text (see ``SignedLine``).
    public func signed(_ line: String) -> SignedLine { SignedLine(line, names: names) }
}
