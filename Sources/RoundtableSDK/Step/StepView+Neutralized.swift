extension StepView {
    /// The view with every text neutralized, as it is kept and shown (see ``StepContext/show(_:)``).
    ///
    /// Notes keep their newlines (a result of several lines); every other text is one line.
    public func neutralized() -> StepView {
        var view = self
        view.prompt = prompt?.neutralized()
        view.columns = columns.map { column in
            Column(column.title.neutralized(), cards: column.cards.map { Card($0.text.neutralized(), by: $0.author?.neutralized()) })
        }
        view.items = items.map { item in
            var item = item
            item.text = item.text.neutralized()
            item.detail = item.detail?.neutralized()
            return item
        }
        view.progress = progress.map { progress in
            var progress = progress
            progress.verb = progress.verb.neutralized()
            progress.done = progress.done.map { $0.neutralized() }
            progress.awaited = progress.awaited.map { $0.neutralized() }
            return progress
        }
        view.turn = turn.map { Turn(speaker: $0.speaker.neutralized(), next: $0.next?.neutralized()) }
        view.notes = notes.map { $0.neutralized(keepingNewlines: true) }
        view.entry = entry.map { entry in
            var entry = entry
            entry.options = entry.options.map { $0.neutralized() }
            return entry
        }
        return view
    }
}
