extension StepView {
    /// Adds a card to the column titled `title`, making the column when the board has none yet.
    ///
    /// ```swift
    /// step.updateView { $0.card(line.text, by: speaker, in: "Notes") }
    /// ```
    ///
    /// - Parameters:
    ///   - text: The card's text.
    ///   - author: Who wrote it; nil when anonymous.
    ///   - title: The column's title.
    public mutating func card(_ text: String, by author: String?, in title: String) {
        if let index = columns.firstIndex(where: { $0.title == title }) {
            columns[index].cards.append(Card(text, by: author))
        } else {
            columns.append(Column(title, cards: [Card(text, by: author)]))
        }
    }
}
