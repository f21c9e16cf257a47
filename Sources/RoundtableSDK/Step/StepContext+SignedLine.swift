extension StepContext {
    /// Splits `Name: text` into the participant it names and the text (see ``SignedLine``).
    public func signed(_ line: String) -> SignedLine { SignedLine(line, names: names) }

    /// The author and text of a contribution: a device's line is its participant's, as sent
    /// (a device cannot sign for someone else); a keyboard line may be signed `Name: text`.
    ///
    /// ```swift
    /// let signed = step.signed(line)
    /// step.record(.idea(signed.text, by: signed.author ?? step.segment.speaker))
    /// ```
    public func signed(_ line: Line) -> SignedLine {
        guard let author = line.author else { return SignedLine(line.text, names: names) }
        return SignedLine(author: author, text: line.text.trimmingCharacters(in: .whitespaces))
    }
}
