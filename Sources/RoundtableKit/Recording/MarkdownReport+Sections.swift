import RoundtableSDK

extension MarkdownReport {
    /// Categories that mark what was kept rather than produced; each has its own place in the report.
    static let kept: Set<String> = ["pass", "typed", "rejected"]

    /// What one step produced, part by part; empty when it produced nothing.
    static func section(step: PlannedStep, result: RunResult) -> [String] {
        let artifacts = result.artifacts[step.index]
        // A loop over items files what each round produced under its item, in rank order.
        var items: [String?] = []
        for artifact in artifacts where !items.contains(artifact.item) { items.append(artifact.item) }
        guard items.contains(where: { $0 != nil }) else { return turnSections(step: step, artifacts: artifacts, result: result) }
        var out: [String] = []
        for (number, item) in items.enumerated() {
            if number > 0 { out.append("") }
            let rank = (step.itemLoop?.pick ?? artifacts.first { $0.item == item }?.round).map { "\($0). " } ?? ""
            out.append(item.map { "**\(rank)\(text($0))**" } ?? "**Other notes**")
            out.append("")
            out += turnSections(step: step, artifacts: artifacts.filter { $0.item == item }, result: result, inLoop: true)
        }
        return out
    }

    /// In a step with turns, what each turn produced under "Ana's turn" (with its round when
    /// the step has several), in the order the turns happened; otherwise ``section(step:artifacts:result:)``.
    ///
    /// Votes, scores and results are tallied over the whole step, so a step that recorded
    /// any keeps one section.
    static func turnSections(step: PlannedStep, artifacts: [Artifact], result: RunResult, inLoop: Bool = false) -> [String] {
        let tallied: Set<Artifact.Kind> = [.vote, .score, .result]
        let rounds = !inLoop && Set(step.segments.map(\.round)).count > 1
        guard !artifacts.contains(where: { tallied.contains($0.kind) }) else {
            return section(step: step, artifacts: artifacts, result: result)
        }
        guard step.eachParticipant, artifacts.contains(where: { $0.speaker != nil }) else {
            // Rounds without turns: what each round produced under "Round 2".
            let numbers = artifacts.reduce(into: [Int?]()) { if !$0.contains($1.round) { $0.append($1.round) } }
            guard rounds, numbers.count > 1 || numbers.first != 1 else { return section(step: step, artifacts: artifacts, result: result) }
            var out: [String] = []
            for (index, number) in numbers.enumerated() {
                if index > 0 { out.append("") }
                out += [number.map { "**Round \($0)**" } ?? "**Outside the rounds**", ""]
                out += section(step: step, artifacts: artifacts.filter { $0.round == number }, result: result, labelRounds: false)
            }
            return out
        }
        struct Turn: Equatable { var round: Int?, turn: Int?, speaker: String? }
        func turn(of artifact: Artifact) -> Turn {
            artifact.speaker == nil ? Turn() : Turn(round: artifact.round, turn: artifact.turn, speaker: artifact.speaker)
        }
        var turns: [Turn] = []
        for artifact in artifacts where !turns.contains(turn(of: artifact)) { turns.append(turn(of: artifact)) }
        var out: [String] = []
        for (number, current) in turns.enumerated() {
            if number > 0 { out.append("") }
            if let speaker = current.speaker {
                let round = rounds ? current.round.map { "Round \($0) · " } ?? "" : ""
                out.append("**\(round)\(text(speaker))'s turn**")
            } else {
                out.append("**Outside the turns**")
            }
            out.append("")
            out += section(step: step, artifacts: artifacts.filter { turn(of: $0) == current }, result: result, labelRounds: current.speaker == nil)
        }
        return out
    }

    /// What `artifacts` of `step` (all of them, or those of one item) come to.
    ///
    /// `labelRounds` false leaves the round out after each line: a heading above says it.
    static func section(step: PlannedStep, artifacts: [Artifact], result: RunResult, labelRounds: Bool = true) -> [String] {
        let view = result.views.indices.contains(step.index) ? result.views[step.index] : nil
        let rounds = labelRounds && Set(step.segments.map(\.round)).count > 1
        func by(_ artifact: Artifact) -> String {
            (artifact.author.map { " — \(text($0))" } ?? "") + (rounds ? artifact.round.map { " (round \($0))" } ?? "" : "")
        }
        var parts: [[String]] = []
        let ideas = artifacts.filter { $0.kind == .idea && !kept.contains($0.category ?? "") }
        if !ideas.isEmpty {
            parts.append(board(ideas, columns: view?.columns.map { $0.title.neutralized() } ?? [], by: by))
        }
        let tallies = ReportTally.tallies(of: artifacts, view: view)
        parts += tallies.map(tallyTable)
        for artifact in artifacts where artifact.kind == .result && artifact.table != nil {
            if !tallies.isEmpty && artifact.rankingMethod != nil { continue }
            parts.append(resultTable(artifact))
        }
        let decisions = artifacts.filter { decision in
            guard decision.kind == .decision else { return false }
            // A ranking already shown as a table is not repeated as a line.
            return tallies.isEmpty || !(decision.category == "ranking" || (decision.value != nil && decision.category?.hasPrefix("#") == true))
        }
        if !decisions.isEmpty {
            parts.append(["Decisions:"] + decisions.map { item in
                "- " + (item.category.map { "[\(text($0))] " } ?? "") + text(item.text) + by(item)
            })
        }
        let actions = artifacts.filter { $0.kind == .action }
        if !actions.isEmpty { parts.append(actionTable(actions)) }
        let notes = artifacts.filter { $0.kind == .note && !kept.contains($0.category ?? "") }
        if !notes.isEmpty {
            parts.append(["Notes:"] + notes.map { item in
                "- " + (item.category.map { "[\(text($0))] " } ?? "") + text(item.text) + by(item)
            })
        }
        let passes = artifacts.filter { $0.category == "pass" }
        if !passes.isEmpty {
            parts.append(["Passed: " + passes.map { ($0.author.map(text) ?? "someone") + (rounds ? $0.round.map { " (round \($0))" } ?? "" : "") }
                .joined(separator: ", ")])
        }
        let typed = artifacts.filter { $0.category == "typed" }
        if !typed.isEmpty {
            parts.append(["Lines typed where no handler read them:"] + typed.map { "- " + text($0.text) + by($0) })
        }
        return Array(parts.filter { !$0.isEmpty }.map { $0 + [""] }.joined().dropLast())
    }

    /// Cards grouped by column, in the board's order, then any other group. Empty columns are
    /// shown when every card sits in one of the board's columns (a retrospective's "Stop: none"
    /// says something); when cards are loose or filed under other names, the board's columns
    /// only named what the screen showed, and an empty one would repeat them as "none".
    static func board(_ ideas: [Artifact], columns: [String], by: (Artifact) -> String) -> [String] {
        let complete = ideas.allSatisfy { $0.category.map(columns.contains) ?? false }
        var order = complete ? columns : columns.filter { column in ideas.contains { $0.category == column } }
        for idea in ideas { if let category = idea.category, !order.contains(category) { order.append(category) } }
        var out: [String] = []
        let loose = ideas.filter { $0.category == nil }
        if !loose.isEmpty {
            out.append("Ideas:")
            out += loose.map { "- " + text($0.text) + by($0) }
        }
        for column in order {
            let cards = ideas.filter { $0.category == column }
            if !out.isEmpty { out.append("") }
            out.append("**\(text(column))** (\(cards.count) \(cards.count == 1 ? "card" : "cards"))")
            out += cards.isEmpty ? ["", "_none_"] : [""] + cards.map { "- " + text($0.text) + by($0) }
        }
        return out
    }

    /// A ranked table of votes or scores, the ties named, and a Mermaid bar chart of the same values.
    static func tallyTable(_ tally: ReportTally) -> [String] {
        let what = tally.kind == .vote ? "Votes" : "Scores"
        let basis = tally.method == "mean" ? "mean score" : tally.unit == "dots" ? "dots" : "sum of \(tally.kind == .vote ? "points" : "scores")"
        var out = ["**\(what)\(tally.category.map { " (\(text($0)))" } ?? "")** — ranked by \(basis); tied items share a place, in the order they were listed", ""]
        let people = tally.kind == .vote ? "Voters" : "Scorers"
        let header: [String]
        let rows: [[String]]
        if tally.kind == .vote {
            header = ["Rank", "Item", capitalized(tally.unit), "Votes", people]
            rows = tally.rows.map { [place($0), $0.item, format($0.sum), String($0.count), $0.voters.joined(separator: ", ")] }
        } else if tally.method == "mean" {
            header = ["Rank", "Item", "Mean", "Sum", "Scores", people]
            rows = tally.rows.map { [place($0), $0.item, format(rounded($0.mean)), format($0.sum), String($0.count), $0.voters.joined(separator: ", ")] }
        } else {
            header = ["Rank", "Item", "Sum", "Mean", "Scores", people]
            rows = tally.rows.map { [place($0), $0.item, format($0.sum), format(rounded($0.mean)), String($0.count), $0.voters.joined(separator: ", ")] }
        }
        out += MarkdownText.table(header, rows)
        let entries = tally.rows.map { Ranking.Entry(text: $0.item, value: $0.value, place: $0.place) }
        for tie in Ranking.ties(in: entries) where tie[0].value > 0 || tally.kind == .score {
            out.append("")
            let value = format(rounded(tie[0].value))
            let amount = tally.unit == "dots" ? "\(value) \(value == "1" ? "dot" : "dots")" : "\(tally.unit) \(value)"
            out.append("Tie: \(Ranking.list(tie.map { text($0.text) })) with \(amount).")
        }
        // One bar (fist-to-five's proposal) says nothing a table does not.
        let bars = tally.rows.count > 1 ? tally.rows.prefix(chartLimit) : []
        out += chart(title: what + (tally.category.map { " (\($0))" } ?? ""), labels: bars.map(\.item), values: bars.map(\.value),
                     axis: tally.unit)
        return out
    }

    /// A structured result as a table under its title; a histogram also as a bar chart.
    static func resultTable(_ artifact: Artifact) -> [String] {
        guard let table = artifact.table else { return [] }
        var out = ["**\(text(artifact.text))**", ""]
        out += MarkdownText.table(table.columns, table.rows)
        if table.columns == ["value", "count"] {
            let counts = table.rows.map { $0.count > 1 ? Double($0[1]) : nil }
            if counts.allSatisfy({ $0 != nil }) && !counts.isEmpty {
                out += chart(title: artifact.text, labels: table.rows.map { $0.first ?? "" }, values: counts.map { $0! }, axis: "count")
            }
        }
        return out
    }

    /// Actions with their owners, due dates and the item each answers.
    static func actionTable(_ actions: [Artifact], steps: [String]? = nil) -> [String] {
        let answers = actions.contains { $0.category != nil }
        var header = ["Action", "Owners", "Due"]
        if answers { header.append("Answers") }
        if steps != nil { header.insert("Step", at: 0) }
        let rows = actions.enumerated().map { index, action in
            var row = [action.text, action.allOwners.isEmpty ? "—" : action.allOwners.joined(separator: ", "), action.due ?? "—"]
            if answers { row.append(action.category ?? "—") }
            if let steps { row.insert(steps[index], at: 0) }
            return row
        }
        return MarkdownText.table(header, rows)
    }

    /// Bars shown in a chart at most; the table above it holds every item.
    static let chartLimit = 20

    /// A Mermaid `xychart-beta` bar chart; nothing for fewer than one value.
    static func chart(title: String, labels: [String], values: [Double], axis: String) -> [String] {
        guard !values.isEmpty, values.count == labels.count else { return [] }
        let top = max(values.max() ?? 1, 1)
        return ["", "```mermaid", "xychart-beta",
                "    title \"\(MarkdownText.chartLabel(title, length: 72))\"",
                "    x-axis [" + labels.map { "\"\(MarkdownText.chartLabel($0))\"" }.joined(separator: ", ") + "]",
                "    y-axis \"\(MarkdownText.chartLabel(axis))\" 0 --> \(format(top.rounded(.up)))",
                "    bar [" + values.map { format(rounded($0)) }.joined(separator: ", ") + "]",
                "```"]
    }

    static func place(_ row: ReportTally.Row) -> String { row.tied ? "\(row.place)=" : String(row.place) }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func capitalized(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }
}
