import RoundtableSDK

extension MarkdownReport {
    /// Lines a handler refused (a wrong column, an unknown owner, a ballot over budget), with the reason the room was given.
    static func refused(_ result: RunResult) -> [String] {
        var rows: [[String]] = []
        for step in result.plan.steps {
            for artifact in result.artifacts[step.index] where artifact.category == "rejected" {
                rows.append([stepLabel(step), artifact.text, artifact.author ?? "—", artifact.reason ?? "—"])
            }
        }
        guard !rows.isEmpty else { return [] }
        return ["", "## Lines refused", "", "Typed or sent, refused by the step with the reason shown; kept here so that nothing typed is lost.", ""]
            + MarkdownText.table(["Step", "Line", "By", "Reason"], rows)
    }

    /// What earlier runs of re-entered steps produced, and answers taken back with `/undo`: listed, not counted.
    static func superseded(_ result: RunResult) -> [String] {
        var rows: [[String]] = []
        for step in result.plan.steps where result.superseded.indices.contains(step.index) {
            for artifact in result.superseded[step.index] {
                var category = artifact.category
                var why = "superseded: the step was run again"
                if let label = category, label == "withdrawn" || label.hasPrefix("withdrawn: ") {
                    why = "withdrawn with /undo"
                    category = label == "withdrawn" ? nil : String(label.dropFirst("withdrawn: ".count))
                }
                let what = artifact.kind == .vote || artifact.kind == .score
                    ? "\(artifact.text) (\(format(artifact.value ?? 1)))" : artifact.text
                rows.append([stepLabel(step), artifact.kind.rawValue + (category.map { " [\($0)]" } ?? ""), what,
                             artifact.author ?? (artifact.allOwners.isEmpty ? "—" : artifact.allOwners.joined(separator: ", ")), why])
            }
        }
        guard !rows.isEmpty else { return [] }
        return ["", "## Superseded and withdrawn", "", "Not counted above: what a step produced before it was run again, and answers taken back.", ""]
            + MarkdownText.table(["Step", "Kind", "Text", "By", "Why"], rows)
    }

    /// Commitments reviewed in this session, then the action items it leaves the team.
    static func commitments(_ result: RunResult) -> [String] {
        var out: [String] = []
        let reviewed = result.allArtifacts.filter { $0.kind == .decision && $0.ref != nil }
        if !reviewed.isEmpty {
            out += ["", "## Commitments reviewed", ""]
            out += MarkdownText.table(["Commitment", "Owner", "Status"], reviewed.map { [$0.text, $0.owner ?? "—", $0.category ?? "—"] })
        }
        var actions: [Artifact] = []
        var steps: [String] = []
        for step in result.plan.steps {
            for action in result.artifacts[step.index] where action.kind == .action {
                actions.append(action)
                steps.append(stepLabel(step))
            }
        }
        if !actions.isEmpty {
            out += ["", "## Action items (the team's commitments for next time)", ""]
            out += actionTable(actions, steps: steps)
        }
        return out
    }

    /// "2.3 Vote": a step's number and title, for tables that span the session.
    static func stepLabel(_ step: PlannedStep) -> String {
        let number = stepNumber(step)
        return number.isEmpty ? step.title : "\(number) \(step.title)"
    }
}
