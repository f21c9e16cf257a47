extension MarkdownReport {
    /// The length as written, and the fitted one when the step ran fitted: "6:00 → 5:41".
    /// A plan fitted before it started (`fit: auto`) counts as fitted.
    static func plannedCell(_ step: PlannedStep, _ timing: RunnerMachine.StepTiming, written: Duration?) -> String {
        let planned = written ?? step.duration
        let fitted = timing.fitted ?? step.duration
        guard fitted != planned else { return DurationText.clock(planned) }
        return "\(DurationText.clock(planned)) → \(DurationText.clock(fitted))"
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
