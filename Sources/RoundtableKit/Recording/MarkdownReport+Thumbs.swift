import RoundtableSDK

extension MarkdownReport {
    /// The thumbs votes of a step with `extend_vote:`: when each was held, the count, and
    /// each extension the room granted.
    static func thumbsVotes(step: PlannedStep, result: RunResult) -> [String] {
        guard result.timings.indices.contains(step.index) else { return [] }
        let votes = result.timings[step.index].votes
        guard !votes.isEmpty else { return [] }
        let room = result.plan.names.count
        let granted = votes.compactMap { vote -> Duration? in
            if case .extended(let length) = vote.outcome { return length }
            return nil
        }
        let total = granted.reduce(Duration.zero, +)
        let rows = votes.map { vote -> [String] in
            let round = vote.item.map { "\(vote.round). \($0)" } ?? "\(vote.round)"
            let outcome: String
            switch vote.outcome {
            case .extended(let length): outcome = "extended \(DurationText.format(length))"
            case .movedOn: outcome = vote.count.total == 0 ? "moved on (nobody voted)" : vote.count.up == vote.count.down ? "moved on (tie)" : "moved on"
            case .setAside: outcome = "set aside"
            }
            return [round, String(vote.number), DurationText.clock(vote.opened), String(vote.count.up),
                    String(vote.count.sideways), String(vote.count.down), "\(vote.count.total) of \(room)", outcome]
        }
        var out = [
            "**Thumbs votes** — \(granted.count) extension\(granted.count == 1 ? "" : "s") granted"
                + (granted.isEmpty ? "" : " (\(granted.map(DurationText.format).joined(separator: ", ")), \(DurationText.format(total)) in all)"),
            "",
        ]
        out += MarkdownText.table(["round", "vote", "at", "up", "sideways", "down", "counted", "outcome"], rows)
        return out
    }
}
