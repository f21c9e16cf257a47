import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// The report of rehearsed sessions: what a team pastes into its wiki.
@Suite(.serialized)
struct ReportTests {
    /// The lines of `report` from the one that starts with `start` up to the next blank line.
    static func block(_ report: String, from start: String) -> [String] {
        let lines = report.components(separatedBy: "\n")
        guard let first = lines.firstIndex(where: { $0.hasPrefix(start) }) else { return [] }
        return Array(lines[first...].prefix { !$0.isEmpty })
    }

    /// What follows the first `marker` in `text` (nothing when it is absent).
    static func after(_ marker: String, in text: String) -> String {
        text.range(of: marker).map { String(text[$0.upperBound...]) } ?? ""
    }

    /// The cells of a Markdown table row, split at the pipes that are not escaped.
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in row {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        return Array(cells.dropFirst())
    }

    /// The data rows of the table that starts at the line beginning with `header`, as cells.
    static func table(_ report: String, header: String) -> [[String]] {
        Array(block(report, from: header).dropFirst(2)).map(cells)
    }

    static let board = """
        id: board
        title: Board
        steps:
          - id: gather
            handler: retro-board
            duration: 5m
            config: { preset: 4ls }
          - id: vote
            handler: dot-vote
            input: gather
            duration: 5m
            config: { dots: 2 }
          - id: actions
            handler: action-items
            input: vote
            duration: 5m
            config: { top: 1, due: false }
        """

    @Test func cardsAreGroupedByColumnInTheBoardsOrderWithEmptyColumnsShown() async throws {
        let rehearsed = try await rehearse(Self.board, [
            "learned: how to profile", "loved: the new CI", "Ben: loved: demo day", "/next", "/next", "/next",
        ])
        let report = rehearsed.report
        let loved = Self.block(report, from: "**Loved**")
        #expect(loved == ["**Loved** (2 cards)"])
        let columns = report.components(separatedBy: "\n").filter { $0.hasPrefix("**L") }
        #expect(columns == ["**Loved** (2 cards)", "**Learned** (1 card)", "**Lacked** (0 cards)", "**Longed for** (0 cards)"])
        #expect(Self.block(Self.after("**Loved** (2 cards)\n\n", in: report), from: "- ") == ["- the new CI", "- demo day — Ben"])
        #expect(report.contains("**Lacked** (0 cards)\n\n_none_"))
    }

    @Test func aBrainstormsIdeasAreListedOnceWithoutAnEmptyColumnAfterThem() async throws {
        let rehearsed = try await rehearse("""
            id: ideas
            title: Ideas
            steps:
              - id: ideas
                handler: brainstorm
                duration: 5m
            """, ["Ana: a wiki", "Ben: a demo day", "/next"])
        let report = rehearsed.report
        #expect(Self.block(report, from: "Ideas:") == ["Ideas:", "- a wiki — Ana", "- a demo day — Ben"])
        #expect(!report.contains("(0 cards)"), "\(report)")
    }

    @Test func theReportRanksTiesInTheOrderTheScreenShowsThem() async throws {
        // Chen's dots land first on the last option: first-seen order would put it before the others.
        let yaml = """
            id: vote
            title: Vote
            steps:
              - id: vote
                handler: dot-vote
                duration: 5m
                config: { options: [Alpha, Beta, Gamma, Delta], dots: 2 }
            """
        let rehearsed = try await rehearse(yaml, ["Chen: 4 3", "Ana: 2 1", "Ben: 2 3"])
        let screen = try #require(rehearsed.lastView(of: "vote")).notes.compactMap { line -> String? in
            guard let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), let dash = line.range(of: " — ") else { return nil }
            return String(line[line.index(dot, offsetBy: 2)..<dash.lowerBound])
        }
        #expect(screen == ["Beta", "Gamma", "Alpha", "Delta"])
        let rows = Self.table(rehearsed.report, header: "| Rank | Item | Dots")
        #expect(rows.map { $0[1] } == screen)
        #expect(rows.map { $0[0] } == ["1=", "1=", "3=", "3="])
        #expect(rows.map { $0[2] } == ["2", "2", "1", "1"])
        #expect(rows.map { $0[4] } == ["Ana, Ben", "Chen, Ben", "Ana", "Chen"])
        #expect(rehearsed.report.contains("Tie: Beta and Gamma with 2 dots."))
        // The same function ranks both: the report's rows are Ranking's entries over the listed items.
        let ranking = Ranking([("Alpha", 1), ("Beta", 2), ("Gamma", 2), ("Delta", 1)])
        #expect(ranking.entries.map(\.text) == rows.map { $0[1] })
    }

    @Test func scoresShowTheFigureTheRankingUsedFirst() async throws {
        let yaml = """
            id: score
            title: Score
            steps:
              - id: rate
                handler: score
                duration: 5m
                config: { options: [Alpha, Beta, Gamma], scale: 0-10, method: sum }
            """
        let rehearsed = try await rehearse(yaml, ["10 0 7", "5 6 8", "pass"])
        let report = rehearsed.report
        #expect(report.contains("**Scores** — ranked by sum of scores"))
        let rows = Self.table(report, header: "| Rank | Item | Sum | Mean")
        #expect(rows.map { Array($0.prefix(4)) } == [["1=", "Alpha", "15", "7.5"], ["1=", "Gamma", "15", "7.5"], ["3", "Beta", "6", "3"]])
        #expect(report.contains("Tie: Alpha and Gamma with sum 15."))
        #expect(report.contains("Passed: Chen"))
        // The ranking is one table, not the handler's decisions again as lines.
        #expect(!report.contains("#1 · sum"))

        let byMean = try await rehearse(yaml.replacingOccurrences(of: "method: sum", with: "method: mean"), ["10 0 7", "5 6 8"])
        #expect(Self.table(byMean.report, header: "| Rank | Item | Mean | Sum").map { $0[1] } == ["Alpha", "Gamma", "Beta"])
    }

    @Test func hostileTextCannotBreakTablesHeadingsOrHTML() async throws {
        let hostile = [
            "a | b | c", "# heading", "<script>alert(1)</script>", "`code` and ``more``", "- nested", "1. listed",
            "bell\u{07}esc\u{1B}[2J", "[link](http://x)", "$x^2$ & ~~gone~~", "*bold* _it_ \\ back",
        ]
        let rehearsed = try await rehearse(Self.board, hostile.map { "loved: \($0)" } + ["/next", "1 2", "3 4", "5 6", "/next", "/next"])
        let report = rehearsed.report
        #expect(!report.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!report.contains("<script>") && !report.contains("</script>"))
        let lines = report.components(separatedBy: "\n")
        // Only the report's own headings start with '#'.
        let headings = lines.filter { $0.hasPrefix("#") }
        #expect(headings.allSatisfy { line in ["# ", "## ", "### ", "#### "].contains { line.hasPrefix($0) } && !line.contains("heading") })
        // Every card is one list item, and no card opens a nested list.
        let cards = Self.block(Self.after("**Loved** (10 cards)\n\n", in: report), from: "- ")
        #expect(cards.count == hostile.count)
        #expect(cards.contains("- \\- nested") && cards.contains("- 1\\. listed") && cards.contains("- \\# heading"))
        #expect(cards.contains("- a \\| b \\| c"))
        #expect(cards.contains("- \\`code\\` and \\`\\`more\\`\\`"))
        #expect(cards.contains("- \\$x^2\\$ \\& \\~\\~gone\\~\\~"))
        // Every table row has as many cells as its header.
        var width: Int?
        for line in lines {
            guard line.hasPrefix("|") else {
                width = nil
                continue
            }
            let count = Self.cells(line).count
            if let width { #expect(count == width, "\(line)") } else { width = count }
        }
        let rows = Self.table(report, header: "| Rank | Item | Dots")
        #expect(rows.count == hostile.count)
        #expect(rows.map { $0[1] }.contains("a \\| b \\| c"))
        #expect(rows.map { $0[1] }.contains("\\<script\\>alert(1)\\</script\\>"))
    }

    @Test func histogramsAreTablesWithAMermaidBarChart() async throws {
        let yaml = """
            id: f2f
            title: Fist to five
            steps:
              - id: show
                handler: fist-to-five
                duration: 5m
                config: { proposal: "Adopt \\"pairing\\": Fridays", revote: false }
            """
        let rehearsed = try await rehearse(yaml, ["4", "5", "4"])
        let report = rehearsed.report
        let title = "**Adopt \"pairing\": Fridays (vote 1)**"
        #expect(Self.block(report, from: "| value | count |") == [
            "| value | count |", "|---|---|", "| 0 | 0 |", "| 1 | 0 |", "| 2 | 0 |", "| 3 | 0 |", "| 4 | 2 |", "| 5 | 1 |",
        ])
        #expect(report.contains(title + "\n\n| value | count |"))
        let charts = report.components(separatedBy: "```mermaid\nxychart-beta\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        let histogram = try #require(charts.first { $0.contains("x-axis [\"0\"") })
        let lines = histogram.components(separatedBy: "\n")
        #expect(lines == [
            "    title \"Adopt 'pairing', Fridays (vote 1)\"",
            "    x-axis [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\"]",
            "    y-axis \"count\" 0 --> 2",
            "    bar [0, 0, 0, 0, 2, 1]",
        ])
    }

    @Test func everyMermaidBlockIsWellFormed() async throws {
        let rehearsed = try await rehearse(Self.board, [
            "loved: \"quoted\" [x] : y ; z", "learned: `tick` <b>", "/next", "1 2", "2", "1", "/next",
        ])
        let report = rehearsed.report
        let blocks = report.components(separatedBy: "```mermaid\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        #expect(blocks.count == 2, "a gantt and the votes' bars")
        for block in blocks {
            let lines = block.components(separatedBy: "\n")
            #expect(["gantt", "xychart-beta"].contains(lines[0]))
            if lines[0] == "xychart-beta" {
                let labels = try #require(lines.first { $0.hasPrefix("    x-axis [") })
                let bars = try #require(lines.first { $0.hasPrefix("    bar [") })
                let quoted = labels.dropFirst("    x-axis [".count).dropLast().components(separatedBy: "\", \"")
                    .enumerated().map { $0.offset == 0 ? $0.element + "\"" : "\"" + $0.element }
                    .map { $0.hasSuffix("\"\"") ? String($0.dropLast()) : $0 }
                #expect(quoted.allSatisfy { $0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.dropFirst().dropLast().allSatisfy { !"\"[]<>`".contains($0) } })
                #expect(quoted.count == bars.dropFirst("    bar [".count).dropLast().components(separatedBy: ", ").count)
            } else {
                // Tasks: "name : id, HH:mm:ss, HH:mm:ss"; a name holds no colon.
                for task in lines.dropFirst(4) where !task.hasPrefix("    section") {
                    let parts = task.components(separatedBy: " : ")
                    #expect(parts.count == 2 && !parts[0].contains(":"), "\(task)")
                    let fields = parts[1].components(separatedBy: ", ")
                    #expect(fields.count == 3 && fields[1].count == 8 && fields[2].count == 8, "\(task)")
                }
                #expect(lines.contains("    section Planned") && lines.contains("    section Actual"))
            }
        }
    }

    @Test func aStepTitledLikeAGanttKeywordStaysATask() async throws {
        let yaml = """
            id: sections
            title: Sections
            steps:
              - { id: one, title: "Section: the plan", handler: timebox, duration: 1m }
              - { id: two, title: "title %% not a comment", handler: timebox, duration: 1m }
            """
        let report = try await rehearse(yaml, []).report
        #expect(report.contains("    Step Section, the plan : p1, 00:00:00, 00:01:00"))
        #expect(report.contains("    Step title not a comment : p2, 00:01:00, 00:02:00"))
    }

    @Test func theAgendaTableHasPlannedAndActualPerStep() async throws {
        let rehearsed = try await rehearse(Self.board, ["loved: a", "/next", "/next", "/next"])
        let rows = Self.table(rehearsed.report, header: "| # | Step | Handler | Planned start")
        #expect(rows.map { $0[2] } == ["retro-board", "dot-vote", "action-items"])
        #expect(rows.map { $0[3] } == ["0:00", "5:00", "10:00"])
        #expect(rows.map { $0[5] } == ["5:00", "5:00", "5:00"])
        #expect(rows[0][4] == "0:00" && rows[0][7].hasPrefix("-"))
    }

    @Test func refusedLinesHaveTheirOwnSectionWithTheReason() async throws {
        let rehearsed = try await rehearse(Self.board, [
            "x: wrong column", "loved: kept", "/next", "1 1 1", "1", "/end", "/end", "/next",
            "Fix it @Zed", "/next",
        ])
        let rows = Self.table(rehearsed.report, header: "| Step | Line | By | Reason |")
        #expect(rows.map { $0[1] } == ["x: wrong column", "1 1 1", "@Zed"])
        #expect(rows[0][0] == "1.1 Gather" && rows[0][3].hasPrefix("No column 'x'"))
        #expect(rows[1][2] == "Ana" && rows[1][3].contains("2"))
        #expect(rows[2][3].contains("not a participant"))
        // Refused lines are kept, not produced: no later step works on them.
        #expect(!rehearsed.artifacts(of: "vote").contains { $0.kind == .vote && $0.text == "x: wrong column" })
    }

    @Test func anActionKeepsEveryOwnerAndTheItemItAnswers() async throws {
        let rehearsed = try await rehearse(Self.board, [
            "loved: pairing", "/next", "1", "1", "1", "/next",
            "Book a room @Ben @Chen", "Write it down @ana, @Chen due:Friday", "/next",
        ])
        let actions = rehearsed.artifacts(of: "actions").filter { $0.kind == .action }
        #expect(actions.map(\.allOwners) == [["Ben", "Chen"], ["Ana", "Chen"]])
        #expect(actions.map(\.owner) == ["Ben", "Ana"])
        #expect(actions.map(\.text) == ["Book a room", "Write it down"])
        #expect(actions.map(\.category) == ["pairing", nil])
        let rows = Self.table(rehearsed.report, header: "| Step | Action | Owners")
        #expect(rows == [["1.3 Actions", "Book a room", "Ben, Chen", "—", "pairing"], ["1.3 Actions", "Write it down", "Ana, Chen", "Friday", "—"]])
    }

    @Test func aPassIsRecordedOneWayHoweverItIsTyped() async throws {
        let yaml = """
            id: passes
            title: Passes
            steps:
              - id: round
                handler: round
                each: participant
                duration: 1m
              - id: vote
                handler: dot-vote
                duration: 5m
                config: { options: [Alpha, Beta] }
              - id: rate
                handler: score
                duration: 5m
                config: { options: [Alpha, Beta] }
              - id: show
                handler: fist-to-five
                duration: 5m
                config: { proposal: Alpha, revote: false }
              - id: close
                handler: checkout
                each: participant
                duration: 1m
                config: { commitments: true }
            """
        let rehearsed = try await rehearse(yaml, [
            "calm", "/next", "PASS", "/next",
            "", "abstain", "1 2", "/next",
            "abstain", "pass", "", "/next",
            "pass", "Abstain", "4", "/next",
            "pass", "abstain", "Book the room",
        ])
        let passes = rehearsed.result.allArtifacts.filter { $0.category == "pass" }
        #expect(passes.map(\.stepID) == ["round", "vote", "vote", "rate", "rate", "rate", "show", "show", "close", "close"])
        // A check-out that keeps commitments keeps no commitment "pass".
        #expect(rehearsed.artifacts(of: "close").filter { $0.kind == .action }.map(\.text) == ["Book the room"])
        #expect(passes.allSatisfy { $0.kind == .note && $0.text == "passed" && $0 == .pass(by: $0.author).stamped(like: $0) })
        #expect(rehearsed.report.contains("Passed: Ana, Ben"))
    }

    @Test func supersededRunsAreListedApartAndNotCounted() async throws {
        // Issue 14's case: /back in a dot vote, then the vote again.
        let yaml = """
            id: vote
            title: Vote
            steps:
              - id: intro
                handler: timebox
                duration: 1m
              - id: vote
                handler: dot-vote
                duration: 5m
                config: { options: [Alpha, Beta, Gamma], dots: 2 }
            """
        let rehearsed = try await rehearse(yaml, ["/next", "1 1", "2", "/back", "/next", "3", "3", "3", "/next", "/next"])
        let rows = Self.table(rehearsed.report, header: "| Rank | Item | Dots")
        #expect(rows.first.map { [$0[1], $0[2]] } == ["Gamma", "3"])
        #expect(rows.map { $0[2] }.reduce(0) { $0 + Int($1)! } == 3)
        let superseded = Self.table(rehearsed.report, header: "| Step | Kind | Text | By | Why |")
        #expect(superseded.map { $0[1] } == ["vote", "vote", "decision \\[ranking\\]", "result \\[ranking\\]"])
        #expect(superseded.map { $0[2] } == ["Alpha (2)", "Beta (1)", "1. Alpha (2 dots); 2. Beta (1 dot)", "Ranking"])
        #expect(superseded.map { $0[3] } == ["Ana", "Ben", "—", "—"])
        #expect(superseded.allSatisfy { $0[4].hasPrefix("superseded") })
    }

    @Test func aCustomHandlersStructuredResultIsATable() async throws {
        let yaml = """
            id: custom
            title: Custom
            steps:
              - id: measure
                handler: measure
                duration: 1m
            """
        let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all + [MeasureHandler.self], participants: ["Ana", "Ben"])
        let report = await rehearsal.run([]).report
        #expect(Self.block(report, from: "| city | minutes |") == ["| city | minutes |", "|---|---|", "| Lyon | 12 |", "| Graz \\| Linz | 7 |"])
        #expect(report.contains("**Commute**\n\n| city | minutes |"))
        #expect(report.contains("    x-axis [\"short\", \"long\"]\n    y-axis \"count\" 0 --> 3\n    bar [3, 1]"))
    }
}

/// A handler of someone else's module: a table and a histogram, nothing else.
private struct MeasureHandler: ExerciseHandler {
    static let name = "measure"
    static let summary = "Records a table and a histogram."
    static let configKeys: [any AnyConfigKey] = []
    static let example = "- id: measure\n  handler: measure\n  duration: 1m"

    init(config: HandlerConfig) {}

    func run(_ step: StepContext) async {
        step.record(.result("Commute", columns: ["city", "minutes"], rows: [["Lyon", "12"], ["Graz | Linz", "7"]]))
        step.record(.histogram("Trips", counts: [("short", 3), ("long", 1)]))
    }
}

extension Artifact {
    /// This artifact with the step and round the engine stamped on `other`.
    fileprivate func stamped(like other: Artifact) -> Artifact {
        var artifact = self
        artifact.stepID = other.stepID
        artifact.round = other.round
        artifact.turn = other.turn
        artifact.speaker = other.speaker
        return artifact
    }
}
