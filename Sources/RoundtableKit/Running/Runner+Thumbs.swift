/// What the room sees of a thumbs vote (`extend_vote:`): the count so far on every screen,
/// three buttons on the devices, and the outcome.
extension Runner.Drive {
    /// Shows the open vote as the step's view: who voted, the count, and a thumbs entry.
    func showVote() {
        let (open, names) = runner.shared.withLock { ($0.machine.clock.vote, runner.plan.names) }
        guard let open else { return }
        show(.view(Self.voteView(open, names: names)))
    }

    static func voteView(_ open: RunnerMachine.OpenVote, names: [String]) -> StepView {
        let count = open.count
        // No prompt: devices keep the step's own question, and get it back when the vote closes.
        var view = StepView(entry: .thumbs)
        // Names only while every hand counted has one; a typed tally counts hands without names.
        if open.typed.total == 0 {
            view.progress = .init(verb: "voted", done: open.voters, awaited: names.filter { open.thumbs[$0] == nil })
        }
        view.notes = [
            "Go on for \(DurationText.format(open.offered)) more? Thumbs up, sideways or down.",
            "\(count.total) of \(names.count) counted: \(count.summary)",
            "Type 'Ana: up' (or down, sideways), a bare 'up' for one more hand, or a tally 'up 3 side 1 down 2'; /next counts now.",
        ]
        return view
    }

    static func voteOpening(offered: Duration) -> String {
        "Time is up. Thumbs: up to go on for \(DurationText.format(offered)) more, sideways for either, down to move on "
            + "(the vote closes in \(DurationText.format(ThumbsVote.window)), when everyone has voted, or with /next)."
    }

    static func voteOutcome(_ record: ThumbsVoteRecord, room: Int) -> String {
        let counted = "\(record.count.total) of \(room) voted: \(record.count.summary)"
        switch record.outcome {
        case .extended(let length): return "Thumbs \(counted). The room goes on for \(DurationText.format(length)) more."
        case .movedOn:
            let why = record.count.total == 0 ? "nobody voted" : record.count.up == record.count.down ? "a tie" : "more thumbs down"
            return "Thumbs \(counted) — \(why). The room moves on."
        case .setAside: return "The thumbs vote was set aside (\(counted))."
        }
    }

    /// The timings with each vote's item named, for the report (the machine knows rounds, not items).
    static func naming(_ timings: [RunnerMachine.StepTiming], items: [Int: [String]]) -> [RunnerMachine.StepTiming] {
        var timings = timings
        for (index, list) in items where timings.indices.contains(index) {
            for position in timings[index].votes.indices {
                let round = timings[index].votes[position].round
                timings[index].votes[position].item = round <= list.count ? list[round - 1] : nil
            }
        }
        return timings
    }
}
