extension MarkdownReport {
    /// The planned length, and the fitted one when the step ran fitted: "5:00 → 4:26".
    static func plannedCell(_ step: PlannedStep, _ timing: RunnerMachine.StepTiming) -> String {
        let planned = DurationText.clock(step.duration)
        guard let fitted = timing.fitted, fitted != step.duration else { return planned }
        return "\(planned) → \(DurationText.clock(fitted))"
    }

    /// Who spoke how long, most first, with each person's share of the time spoken.
    static func airtimeSection(_ result: RunResult, text: (String) -> String) -> [String] {
        let airtime = result.airtime
        let total = airtime.values.reduce(Duration.zero, +)
        guard total > .zero else { return [] }
        var out = ["", "## Airtime", "", "| Person | Spoke | Share |", "|--------|-------|-------|"]
        let people = result.plan.names.sorted { (airtime[$0] ?? .zero) > (airtime[$1] ?? .zero) }
        for person in people {
            let time = airtime[person] ?? .zero
            let share = Int((time / total * 100).rounded())
            out.append("| \(text(person)) | \(DurationText.clock(time)) | \(share)% |")
        }
        return out
    }
}
