import Foundation

/// A session written up for the people who were there, ready to paste into a wiki.
///
/// In order: the session's facts; the agenda as a timeline (planned and actual start and
/// length of each step, with the role holders) and a Mermaid gantt of it; what each step
/// produced — boards grouped by column, votes and scores as ranked tables with bars,
/// structured results as tables (histograms with bars too), decisions, actions with the item
/// they answer, notes with their round; then the lines handlers refused, the runs of steps
/// that were superseded or withdrawn, the commitments reviewed and the action items.
///
/// Every text from outside goes through ``MarkdownText``. Mermaid blocks render as charts
/// on GitHub and GitLab; each follows a table that holds the same figures, so the report
/// reads the same where Mermaid does not render.
public enum MarkdownReport {
    public static func render(_ result: RunResult, date: Date = Date()) -> String {
        var out: [String] = []
        out += header(result, date: date)
        out += timeline(result)
        out += airtimeSection(result, text: text)
        out.append("")
        out.append("## What the room produced")
        var currentExercise: Int?
        for step in result.plan.steps {
            if step.exerciseIndex != currentExercise, let index = step.exerciseIndex {
                let exercise = result.plan.exercises[index]
                out.append("")
                out.append("### \(text(exercise.title))")
                if let source = exercise.source { out.append("_Method: \(text(source))_") }
            }
            currentExercise = step.exerciseIndex
            let produced = section(step: step, result: result)
            let votes = thumbsVotes(step: step, result: result)
            let body = produced + (produced.isEmpty || votes.isEmpty ? [] : [""]) + votes
            guard !body.isEmpty else { continue }
            out.append("")
            out.append("#### \(text(step.generalTitle))")
            out.append("")
            out += body
        }
        out += refused(result)
        out += superseded(result)
        out += commitments(result)
        return out.joined(separator: "\n") + "\n"
    }

    static func text(_ value: String) -> String { MarkdownText.inline(value) }

    private static func header(_ result: RunResult, date: Date) -> [String] {
        let plan = result.plan
        var out = ["# \(text(plan.title))", ""]
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        out.append("- Date: \(formatter.string(from: date))")
        out.append("- Participants: \(plan.names.map(text).joined(separator: ", "))")
        var timing = "- Planned: \(DurationText.format(plan.duration)) · Actual: \(DurationText.format(result.elapsed))"
        if let timebox = plan.timebox { timing += " · Timebox: \(DurationText.format(timebox))" }
        out.append(timing)
        if !result.interruptions.isEmpty {
            let each = result.interruptions.map { "\(DurationText.format($0.length)) at \(DurationText.clock($0.at))" }
            let total = result.interruptions.reduce(Duration.zero) { $0 + $1.length }
            out.append("- Interruptions: \(each.joined(separator: ", "))" + (each.count > 1 ? " (\(DurationText.format(total)) in all)" : ""))
        }
        if result.completed {
            out.append("- Completed")
        } else {
            let stoppedAt = result.timings.lastIndex { $0.started != nil }
            let where_ = stoppedAt.map { "at step \($0 + 1) of \(plan.steps.count) ('\(text(plan.steps[$0].title))')" } ?? "before it started"
            out.append("- Stopped \(where_); it can be resumed")
        }
        out.append("- Seed: \(plan.seed) (`--seed \(plan.seed)` replays the same plan)")
        return out
    }

    static func rolesSummary(_ step: PlannedStep) -> [String] {
        var seen: [String: [String]] = [:]
        var order: [String] = []
        for segment in step.segments {
            for holder in segment.roles {
                if seen[holder.role] == nil { order.append(holder.role) }
                if !(seen[holder.role] ?? []).contains(holder.person) { seen[holder.role, default: []].append(holder.person) }
            }
        }
        // A role whose holders stay at their group names the group each one hosts.
        if let first = step.segments.first, let role = first.stayRole, seen[role] != nil {
            seen[role] = first.roles.filter { $0.role == role }.map { "\($0.person) (group \($0.group ?? 1), stays)" }
        }
        return order.map { "\($0): \(seen[$0]!.joined(separator: ", "))" }
    }

    /// The number a step goes by in the agenda: `2.3` for step 3 of the second exercise, none for a break.
    static func stepNumber(_ step: PlannedStep) -> String {
        step.isBreak ? "" : (step.exerciseIndex.map { "\($0 + 1)." } ?? "") + String(step.number)
    }

    /// A vote or score total: whole numbers plain, others with up to two decimals.
    public static func format(_ value: Double) -> String { Ranking.format(value) }
}
