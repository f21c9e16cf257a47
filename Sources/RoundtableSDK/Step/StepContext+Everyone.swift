/// What a handler makes of one person's contribution to ``StepContext/fromEveryone(_:of:verb:secret:showsNames:withinSegment:read:)``.
public enum Answer<Value> {
    /// The contribution counts; the person is no longer awaited.
    case accept(Value)
    /// The contribution does not count; the reason is shown and the person is asked again.
    case reject(String)
}

extension StepContext {
    /// Collects one answer from each person, in whatever order the answers arrive.
    ///
    /// Ballots, scores and silent writing work this way: each contribution arrives when it
    /// arrives, from any source, and the step ends when everyone has answered or time is
    /// up. Who a contribution is from: the device that sent it; else a keyboard line
    /// signed "Ana: 1 1 3"; else the first person still awaited, whose name the prompt
    /// shows — so a room passing one keyboard around answers in order without signing.
    /// The view's ``StepView/progress`` says who has answered and who is awaited; with
    /// `secret`, answers stay off every screen and the keyboard's screen is cleared after
    /// each one.
    ///
    /// On the keyboard, `/next` asks the next person first (the one passed over is asked
    /// later), `/undo` takes back the last answer (its artifacts are withdrawn and the
    /// person answers again), and `/end` closes the collection — asking again while people
    /// are still awaited.
    ///
    /// `read` is called for each contribution with the text (without a "Name:" signature)
    /// and the person; it checks the answer and records what should last:
    ///
    /// ```swift
    /// let scores = await step.fromEveryone("your score (0-5)", verb: "scored", secret: true) { text, person in
    ///     guard let value = Int(text), (0...5).contains(value) else { return .reject("type a whole number from 0 to 5") }
    ///     step.record(.score(proposal, Double(value), by: person), shown: false)
    ///     return .accept(value)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - question: What everyone is asked; the keyboard's prompt puts the awaited person's name before it.
    ///   - people: Who is asked, in the session's order; nil asks every participant.
    ///   - verb: What people do, in the past tense, for "4 of 6 have voted".
    ///   - secret: Whether answers stay off every screen until the handler reveals them.
    ///   - showsNames: Whether screens name who is awaited (false: only the counts).
    ///   - withinSegment: Whether the end of the current segment ends the collection (a step of
    ///     rounds, where the next round asks something else); by default only the step's end
    ///     does, and a segment restarted by `/back` carries on.
    ///   - read: Checks one answer and records it; returns whether it counts.
    /// - Returns: The accepted answers in the order they came; fewer than `people` when time ran out.
    public func fromEveryone<Value>(
        _ question: String, of people: [String]? = nil, verb: String, secret: Bool = false, showsNames: Bool = true,
        withinSegment: Bool = false, read: (_ text: String, _ person: String) -> Answer<Value>
    ) async -> [(person: String, value: Value)] {
        let asked = people ?? names
        var answers: [(person: String, value: Value, records: Range<Int>)] = []
        var done: [String] = []
        /// The keyboard's order of asking; `/next` moves the first person to the back.
        var order = asked
        var confirmingEnd = false
        func awaited() -> [String] { order.filter { !done.contains($0) } }
        func publish() {
            updateView { view in
                view.progress = StepView.Progress(
                    verb: verb, done: done, awaited: asked.filter { !done.contains($0) }, showsNames: showsNames)
                view.hidden = secret ? done.count : 0
            }
        }
        publish()
        while let next = awaited().first {
            let commands: Set<StepCommand> = awaited().count > 1 ? [.next, .undo, .end] : [.undo, .end]
            guard let line = await line(prompt: "\(next): \(question)", hidden: secret, accepting: commands) else {
                // The segment ended: time is up, unless /back restarted a step of one timer.
                guard !withinSegment, await nextSegment() != nil else { break }
                announce("The timer starts again; carry on.")
                continue
            }
            switch line.command {
            case .next?:
                order.removeAll { $0 == next }
                order.append(next)
                announce("\(next) later; now \(awaited().first ?? next).")
                continue
            case .undo?:
                guard let last = answers.popLast() else {
                    announce("Nothing to take back yet.")
                    continue
                }
                withdraw(last.records)
                done.removeAll { $0 == last.person }
                order.removeAll { $0 == last.person }
                order.insert(last.person, at: 0)
                announce("\(last.person)'s answer is taken back; \(last.person) answers again.")
                publish()
                continue
            case .end?:
                let missing = awaited()
                if confirmingEnd || missing.isEmpty {
                    announce("Closed with \(done.count) of \(asked.count).")
                    return answers.map { ($0.person, $0.value) }
                }
                confirmingEnd = true
                let who = showsNames ? " (" + missing.joined(separator: ", ") + ")" : ""
                announce("\(missing.count) of \(asked.count) have not \(verb)\(who) — /end again to close.")
                continue
            case nil:
                break
            }
            let signed = SignedLine(line.text, names: asked)
            let person = line.author ?? signed.author ?? next
            let text = line.author == nil ? signed.text : line.text.trimmingCharacters(in: .whitespaces)
            guard asked.contains(person) else {
                refuse(line.text, by: line.author, reason: "\(person) is not asked in this step.")
                continue
            }
            guard !done.contains(person) else {
                refuse(line.text, by: person, reason: "\(person) has already \(verb).")
                continue
            }
            let mark = recordCount
            switch read(text, person) {
            case .reject(let reason):
                refuse(line.text, by: person, reason: "\(person): \(reason)")
            case .accept(let value):
                answers.append((person, value, mark..<recordCount))
                done.append(person)
                if secret && line.contribution.source == .keyboard { clearScreen() }
                publish()
            }
        }
        return answers.map { ($0.person, $0.value) }
    }
}
