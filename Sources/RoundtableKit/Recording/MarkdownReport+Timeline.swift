import RoundtableSDK

extension MarkdownReport {
    /// The agenda as a table (planned and actual start and length per step, role holders),
    /// then the same as a Mermaid gantt of two sections, planned and actual.
    static func timeline(_ result: RunResult) -> [String] {
        var rows: [[String]] = []
        for step in result.plan.steps {
            let timing = result.timings[step.index]
            var actual = "—"
            var started = "—"
            var difference = "—"
            if let start = timing.started {
                started = DurationText.clock(start)
                let end = timing.ended ?? (result.completed ? nil : result.elapsed)
                if let end {
                    actual = DurationText.clock(end - start) + (timing.ended == nil ? " (running)" : "")
                    // From the whole seconds shown, so that the three columns add up.
                    // Against the length it ran with: fitted, when the session was fitted.
                    difference = signed(.seconds((end - start).wholeSeconds) - (timing.fitted ?? step.duration))
                }
            }
            if timing.skipped { actual += timing.dropped ? " (dropped: carry to the next session)" : " (skipped)" }
            rows.append([stepNumber(step), step.generalTitle, step.handler ?? "break", DurationText.clock(step.start), started,
                         plannedCell(step, timing, written: result.plan.writtenLengths?[step.index]), actual, difference,
                         rolesSummary(step).joined(separator: "; ")])
        }
        var out = ["", "## Agenda", ""]
        out += MarkdownText.table(["#", "Step", "Handler", "Planned start", "Started", "Planned", "Actual", "Difference", "Roles"], rows)
        out += gantt(result)
        return out
    }

    /// `+1:05` or `-0:30`: how much longer (or shorter) a step ran than planned.
    static func signed(_ difference: Duration) -> String {
        difference < .zero ? "-" + DurationText.clock(.zero - difference) : "+" + DurationText.clock(difference)
    }

    /// A Mermaid gantt: each step planned and as it ran. Steps that did not run are only in the plan.
    static func gantt(_ result: RunResult) -> [String] {
        let steps = result.plan.steps.filter { $0.duration > .zero }
        guard !steps.isEmpty else { return [] }
        var out = ["", "```mermaid", "gantt", "    title Planned and actual", "    dateFormat HH:mm:ss", "    axisFormat %H:%M",
                   "    section Planned"]
        for step in steps {
            out.append("    \(taskName(step.generalTitle)) : p\(step.index + 1), \(time(step.start)), \(time(step.end))")
        }
        var actual: [String] = []
        for step in result.plan.steps {
            let timing = result.timings[step.index]
            guard let start = timing.started, let end = timing.ended ?? (result.completed ? nil : result.elapsed), end > start else { continue }
            actual.append("    \(taskName(step.generalTitle)) : a\(step.index + 1), \(time(start)), \(time(end))")
        }
        if !actual.isEmpty { out += ["    section Actual"] + actual }
        out.append("```")
        return out
    }

    /// Words that start a statement of a Mermaid gantt (in any case): a step titled
    /// "Section review" must stay a task, not open a section.
    static let ganttKeywords: Set<String> = [
        "section", "title", "dateformat", "axisformat", "tickinterval", "excludes", "includes", "todaymarker",
        "inclusiveenddates", "topaxis", "weekday", "weekend", "click", "accdescr", "acctitle", "gantt",
    ]

    /// A step's title as a gantt task name.
    static func taskName(_ title: String) -> String {
        let label = MarkdownText.chartLabel(title)
        let first = label.prefix { $0.isLetter }.lowercased()
        return ganttKeywords.contains(first) ? "Step " + label : label
    }

    /// A session time as Mermaid's `HH:mm:ss`.
    static func time(_ duration: Duration) -> String {
        let seconds = max(0, min(duration.components.seconds, 99 * 3600 + 3599))
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }
}
