extension StepContext {
    /// Who speaks now and who after, from the step's planned turns; nil outside a turn.
    ///
    /// ```swift
    /// step.updateView { $0.turn = step.turn }
    /// ```
    public var turn: StepView.Turn? {
        let segments = step.segments
        guard let speaker = segment.speaker, let index = segments.firstIndex(of: segment) else { return nil }
        return StepView.Turn(speaker: speaker, next: segments.dropFirst(index + 1).first?.speaker)
    }
}
