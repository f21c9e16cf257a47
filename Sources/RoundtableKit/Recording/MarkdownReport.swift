import Foundation

/// A session written up for the people who were there: plan vs actual times, who held
/// which role, and every artifact, step by step.
public enum MarkdownReport {
    public static func render(_ result: RunResult, date: Date = Date()) -> String {
        let plan = result.plan
        var out: [String] = []
        func text(_ value: String) -> String { escape(value.neutralized()) }
        out.append("# \(text(plan.title))")
        out.append("")
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        out.append("- Date: \(formatter.string(from: date))")
        out.append("- Participants: \(plan.names.map(text).joined(separator: ", "))")
        var timing = "- Planned: \(DurationText.format(plan.duration)) · Actual: \(DurationText.format(result.elapsed))"
        if let timebox = plan.timebox { timing += " · Timebox: \(DurationText.format(timebox))" }
        out.append(timing)
        let stoppedAt = result.timings.lastIndex { $0.started != nil }
        if result.completed {
            out.append("- Completed")
        } else {
            let where_ = stoppedAt.map { "at step \($0 + 1) of \(plan.steps.count) ('\(text(plan.steps[$0].title))')" } ?? "before it started"
            out.append("- Stopped \(where_); it can be resumed")
        }
        out.append("- Seed: \(plan.seed) (`--seed \(plan.seed)` replays the same plan)")
        out.append("")
        out.append("## Agenda")
        out.append("")
        out.append("| # | Step | Handler | Planned | Actual | Roles |")
        out.append("|---|------|---------|---------|--------|-------|")
        for step in plan.steps {
            let timing = result.timings[step.index]
            var actual = "—"
            if let started = timing.started, let ended = timing.ended {
                actual = DurationText.clock(ended - started)
            }
            if timing.skipped { actual += " (skipped)" }
            let exercise = step.exerciseIndex.map { "\($0 + 1)." } ?? ""
            let roles = rolesSummary(step).map(text).joined(separator: "; ")
            out.append("| \(exercise)\(step.isBreak ? "" : String(step.number)) | \(text(step.generalTitle)) | \(step.handler ?? "break") | \(DurationText.clock(step.duration)) | \(actual) | \(roles) |")
        }
        out.append("")
        out.append("## What the room produced")
        var currentExercise: Int?
        for step in plan.steps {
            let artifacts = result.artifacts[step.index]
            if step.exerciseIndex != currentExercise, let index = step.exerciseIndex {
                out.append("")
                out.append("### \(text(plan.exercises[index].title))")
                if let source = plan.exercises[index].source { out.append("_Method: \(text(source))_") }
            }
            currentExercise = step.exerciseIndex
            guard !artifacts.isEmpty else { continue }
            out.append("")
            let title = step.generalTitle
            out.append("#### \(text(title))")
            out.append("")
            // A loop over items files what each round produced under its item, in rank order.
            var items: [String?] = []
            for artifact in artifacts where !items.contains(artifact.item) { items.append(artifact.item) }
            if items.count == 1 && items[0] == nil {
                out += section(artifacts, text: text)
                continue
            }
            for (number, item) in items.enumerated() {
                if number > 0 { out.append("") }
                let rank = artifacts.first { $0.item == item }?.round.map { "\($0). " } ?? ""
                out.append(item.map { "**\(rank)\(text($0))**" } ?? "**Other notes**")
                out.append("")
                out += section(artifacts.filter { $0.item == item }, text: text)
            }
        }
        let reviewed = result.allArtifacts.filter { $0.kind == .decision && $0.ref != nil }
        if !reviewed.isEmpty {
            out.append("")
            out.append("## Commitments reviewed")
            out.append("")
            out.append("| Commitment | Owner | Status |")
            out.append("|------------|-------|--------|")
            for item in reviewed {
                out.append("| \(text(item.text)) | \(text(item.owner ?? "—")) | \(text(item.category ?? "—")) |")
            }
        }
        let actions = result.allArtifacts.filter { $0.kind == .action }
        if !actions.isEmpty {
            out.append("")
            out.append("## Action items (the team's commitments for next time)")
            out.append("")
            out.append("| Action | Owner | Due |")
            out.append("|--------|-------|-----|")
            for action in actions {
                out.append("| \(text(action.text)) | \(text(action.owner ?? "—")) | \(text(action.due ?? "—")) |")
            }
        }
        return out.joined(separator: "\n") + "\n"
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
        return order.map { "\($0): \(seen[$0]!.joined(separator: ", "))" }
    }

    static func section(_ artifacts: [Artifact], text: (String) -> String) -> [String] {
        var out: [String] = []
        func by(_ artifact: Artifact) -> String { artifact.author.map { " — \(text($0))" } ?? "" }
        for kind in Artifact.Kind.allCases {
            let items = artifacts.filter { $0.kind == kind }
            guard !items.isEmpty else { continue }
            switch kind {
            case .vote, .score:
                // Tallied per item and per category (a revote is its own tally); scores as means.
                var totals: [String: (label: String, sum: Double, count: Int)] = [:]
                var order: [String] = []
                for item in items {
                    let label = item.category.map { "\(item.text) [\($0)]" } ?? item.text
                    if totals[label] == nil { order.append(label); totals[label] = (label, 0, 0) }
                    totals[label]!.sum += item.value ?? 1
                    totals[label]!.count += 1
                }
                func figure(_ entry: (label: String, sum: Double, count: Int)) -> Double {
                    kind == .score ? entry.sum / Double(max(entry.count, 1)) : entry.sum
                }
                let ranked = order.enumerated().sorted { lhs, rhs in
                    let l = figure(totals[lhs.element]!), r = figure(totals[rhs.element]!)
                    return l != r ? l > r : lhs.offset < rhs.offset
                }.map(\.element)
                out.append(kind == .vote ? "Votes:" : "Scores:")
                for label in ranked {
                    let entry = totals[label]!
                    out.append(kind == .vote
                        ? "- \(text(label)): \(format(entry.sum))"
                        : "- \(text(label)): mean \(format((entry.sum / Double(entry.count) * 100).rounded() / 100)) over \(entry.count)")
                }
            case .action:
                out.append("Actions:")
                for item in items {
                    out.append("- \(text(item.text)) — owner: \(text(item.owner ?? "—"))" + (item.due.map { ", due \(text($0))" } ?? ""))
                }
            default:
                out.append(kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst() + "s:")
                for item in items {
                    let category = item.category.map { "[\(text($0))] " } ?? ""
                    out.append("- \(category)\(text(item.text))\(by(item))")
                }
            }
            out.append("")
        }
        if out.last == "" { out.removeLast() }
        return out
    }

    /// A vote or score total: whole numbers plain, others with two decimals.
    public static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    /// Keeps typed text from turning into Markdown structure (tables, headings, links).
    static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            if "|\\`*_[]<>#".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
