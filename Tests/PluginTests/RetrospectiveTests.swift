import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// The `retro-board` handler through the real runner: column prefixes, presets, one column
/// at a time, the read-out, and located config errors.
@Suite struct RetrospectiveTests {
    static let people = ["Ana", "Ben", "Chen"]

    static func board(_ config: String, extra: String = "") -> String {
        BrainstormYAML.exercise("""
              - id: board
                handler: retro-board
                duration: 10m\(extra)
                config: \(config)
            """)
    }

    @Test func eachEntryGoesToTheColumnItsPrefixNames() async throws {
        let rehearsal = try Rehearsal(yaml: Self.board("{ readout: true }"), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run([
            "sta: pair on reviews", "Ana: sto: long meetings", "c: demos", "STOP: Friday deploys", "/next",
        ])
        let entries = rehearsed.artifacts(of: "board")
        #expect(entries.map(\.text) == ["pair on reviews", "long meetings", "demos", "Friday deploys"])
        #expect(entries.map(\.category) == ["Start", "Stop", "Continue", "Stop"])
        #expect(entries.map(\.author) == [nil, "Ana", nil, nil])
        #expect(entries.allSatisfy { $0.kind == .idea })
        let said = rehearsed.announcements
        #expect(rehearsed.shownNotes.first == "Columns: Start (sta:) · Stop (sto:) · Continue (c:). Type \"column: entry\".")
        let view = try #require(rehearsed.lastView(of: "board"))
        #expect(view.columns.map(\.title) == ["Start", "Stop", "Continue"])
        #expect(view.columns.map { $0.cards.map(\.text) } == [["pair on reviews"], ["long meetings", "Friday deploys"], ["demos"]])
        #expect(view.columns[1].cards.map(\.author) == ["Ana", nil])
        #expect(said.last == """
            4 entries: Start 1 · Stop 2 · Continue 1.
            Start (1)
              - pair on reviews
            Stop (2)
              - long meetings
              - Friday deploys
            Continue (1)
              - demos
            """)
        // The entries are the items a later vote works on.
        #expect(InputItem.items(from: entries).map(\.text) == ["pair on reviews", "long meetings", "demos", "Friday deploys"])
        #expect(InputItem.items(from: entries, byCategory: true).map(\.text) == ["Start", "Stop", "Continue"])
    }

    /// Silent writing: cards from devices and the keyboard stay off every screen (only their
    /// number shows) until `/end` reveals the board; then the step goes on in the open.
    @Test func privateWritingKeepsTheCardsHiddenUntilTheReveal() async throws {
        let rehearsal = try Rehearsal(yaml: Self.board("{ private: true, readout: false }"), handlers: BuiltInHandlers.all,
                                      participants: Self.people)
        let rehearsed = await rehearsal.run(contributions: [
            Contribution("start: pair on reviews", source: .device("Ana")),
            Contribution("stop: long meetings", source: .device("Ben")),
            Contribution("Chen: continue: demos"),
            Contribution("/end"),
            Contribution("start: shorter standups", source: .device("Chen")),
            Contribution("/next"),
        ])
        let views = rehearsed.events.compactMap { if case .view(let view) = $0.event { view } else { nil } }
        let reveal = try #require(views.firstIndex { $0.notes.contains("The board is revealed.") })
        let before = views[..<reveal]
        #expect(before.allSatisfy { $0.columns.allSatisfy(\.cards.isEmpty) })
        #expect(before.contains { $0.hidden == 3 && $0.columns.map(\.title) == ["Start (1 hidden)", "Stop (1 hidden)", "Continue (1 hidden)"] })
        // Nothing written before the reveal reached any screen as text.
        let shown = rehearsed.events.prefix { if case .view(let view) = $0.event { !view.notes.contains("The board is revealed.") } else { true } }
            .compactMap { if case .artifact(let artifact) = $0.event { artifact.text } else { nil } }
        #expect(shown.isEmpty)
        let board = try #require(rehearsed.lastView(of: "board"))
        #expect(board.hidden == 0)
        #expect(board.columns.map { $0.cards.map(\.text) } == [["pair on reviews", "shorter standups"], ["long meetings"], ["demos"]])
        #expect(rehearsed.artifacts(of: "board").map(\.author) == ["Ana", "Ben", "Chen", "Chen"])
    }

    @Test func linesWithoutAClearColumnAreRejectedWithTheChoices() async throws {
        let rehearsal = try Rehearsal(yaml: Self.board("{ mode: prefix }"), handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run([
            "s: ship smaller", "later: foo", "just text", "start:", "Ben: great sprint", "c: demos", "continue:   Demos", "",
            "/next",
        ])
        #expect(rehearsed.artifacts(of: "board").map(\.text) == ["demos"])
        let legend = "Start (sta:) · Stop (sto:) · Continue (c:)"
        let said = rehearsed.announcements
        #expect(said.contains("'s:' could be Start or Stop; type sta: for Start, sto: for Stop."))
        #expect(said.contains("No column 'later'. Columns: \(legend)."))
        #expect(said.filter { $0 == "Start the line with its column, e.g. sta: your entry. Columns: \(legend)." }.count == 2)
        #expect(said.contains("Type the entry after the column: sta: your entry."))
        #expect(said.contains("Already in Continue."))
    }

    @Test func presetsGiveTheirColumnsAndTheirShortestPrefixes() async throws {
        let rehearsal = try Rehearsal(yaml: Self.board("{ preset: 4ls, readout: false }"), handlers: BuiltInHandlers.all,
                                      participants: Self.people)
        let rehearsed = await rehearsal.run([
            "lo: the demo day", "lov: the demo day", "le: pairing", "la: time", "longed   FOR: fewer meetings", "/next",
        ])
        let entries = rehearsed.artifacts(of: "board")
        #expect(entries.map(\.category) == ["Loved", "Learned", "Lacked", "Longed for"])
        let said = rehearsed.announcements
        #expect(rehearsed.shownNotes.first == "Columns: Loved (lov:) · Learned (le:) · Lacked (la:) · Longed for (lon:). Type \"column: entry\".")
        #expect(said.contains("'lo:' could be Loved or Longed for; type lov: for Loved, lon: for Longed for."))
        #expect(!said.contains { $0.hasPrefix("4 entries") })
        #expect(rehearsed.lastView(of: "board")?.notes == ["4 entries: Loved 1 · Learned 1 · Lacked 1 · Longed for 1."])
    }

    @Test func inColumnsModeEachRoundFillsTheNextColumn() async throws {
        let rehearsal = try Rehearsal(
            yaml: Self.board("{ columns: [Went well, To improve], mode: columns }", extra: "\n    rounds: 2"),
            handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run([
            "fast reviews", "Ana: note: CI was flaky", "/next", "flaky CI", "next column", "/next",
        ])
        let entries = rehearsed.artifacts(of: "board")
        #expect(entries.map(\.text) == ["fast reviews", "note: CI was flaky", "flaky CI"])
        #expect(entries.map(\.author) == [nil, "Ana", nil])
        #expect(entries.map(\.category) == ["Went well", "Went well", "To improve"])
        #expect(entries.map(\.round) == [1, 1, 2])
        let said = rehearsed.announcements
        #expect(rehearsed.shownNotes.contains("Column 1 of 2: Went well"))
        #expect(rehearsed.shownNotes.contains("Column 2 of 2: To improve"))
        #expect(said.contains("To improve is the last column; /next ends the step."))
    }

    @Test func inColumnsModeNextColumnMovesOnWithinARound() async throws {
        let rehearsal = try Rehearsal(yaml: Self.board("{ mode: columns, readout: false }"), handlers: BuiltInHandlers.all,
                                      participants: Self.people)
        let rehearsed = await rehearsal.run([
            "more pairing", "next column", "long standups", "Next  Column", "retro actions", "/next",
        ])
        #expect(rehearsed.artifacts(of: "board").map(\.category) == ["Start", "Stop", "Continue"])
        #expect(rehearsed.lastView(of: "board")?.notes == ["3 entries: Start 1 · Stop 1 · Continue 1."])
        #expect(!rehearsed.announcements.contains { $0.hasPrefix("3 entries") })
    }

    @Test func entriesTypedBeforeTheTimerRunsOutAreKeptAndReadOut() async throws {
        let rehearsal = try Rehearsal(
            yaml: Self.board("{ preset: sailboat }", extra: "\n    timer: { on_zero: advance }"), handlers: BuiltInHandlers.all,
            participants: Self.people)
        let rehearsed = await rehearsal.run(["w: new teammate", "Chen: r: the release freeze"])
        let entries = rehearsed.artifacts(of: "board")
        #expect(entries.map(\.category) == ["Wind", "Rocks"])
        #expect(entries.map(\.author) == [nil, "Chen"])
        #expect(rehearsed.announcements.last?.hasPrefix("2 entries: Wind 1 · Anchors 0 · Rocks 1 · Island 0.\nWind (1)") == true)
        #expect(rehearsed.result.elapsed == .seconds(10 * 60))
        #expect(rehearsed.result.completed)
    }

    @Test func presetAndColumnsTogetherAreReportedAtTheColumns() throws {
        let yaml = try BrainstormYAML.Marked(Self.board("{ preset: 4ls, columns: ‸[Good, Bad] }"))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message == "use `preset` or `columns`, not both")
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    @Test func anUnknownPresetIsReportedWithTheClosestName() throws {
        let yaml = try BrainstormYAML.Marked(Self.board("""

                  preset: ‸sailbot
            """))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.hasPrefix("config `preset` must be one of start-stop-continue, 4ls, sailboat, mad-sad-glad"))
        #expect(diagnostic.hint == "did you mean 'sailboat'?")
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    @Test func aColumnNameWithAColonIsReportedAtThatName() throws {
        let yaml = try BrainstormYAML.Marked(Self.board(#"{ columns: [Good, ‸"Bad: really"] }"#))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        #expect(error.diagnostics.map(\.message) == ["config `columns`: a column name must be text without ':', not 'Bad: really'"])
        #expect(error.diagnostics.first?.location?.line == yaml.line)
        #expect(error.diagnostics.first?.location?.column == yaml.column)
    }

    @Test func everyBadColumnIsReportedAtItsOwnItem() throws {
        let yaml = try BrainstormYAML.Marked(Self.board(#"{ columns: [‸[Nested], Good, ‸"Bad: really", ‸good] }"#))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        #expect(BrainstormYAML.spots(of: error) == yaml.spots)
        #expect(error.diagnostics.last?.message == "column 'good' is listed twice")
    }

    @Test func noLineCrashesTheBoard() async throws {
        let rehearsal = try Rehearsal(yaml: BrainstormYAML.exercise("""
              - id: prefixed
                handler: retro-board
                duration: 5m
              - id: columns
                handler: retro-board
                duration: 5m
                config: { mode: columns, columns: [Go, Good] }
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let odd = [
            "", ":", "::", " : ", "Ana:", "Ana: :", "Ana: sta:", "sta::", "next column", "next column", "next column",
            "\u{1B}]0;title\u{7}: x", "sta: \u{1B}[2J", "🙂: 🙂", String(repeating: "long ", count: 2000), "go: x", "goo: y",
        ]
        let rehearsed = await rehearsal.run(odd + ["/next"] + odd + ["/next"])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.artifacts(of: "prefixed").map(\.text) == [":", "␛[2J"])
        #expect(rehearsed.artifacts(of: "prefixed").map(\.category) == ["Start", "Start"])
        #expect(rehearsed.artifacts(of: "columns").contains { $0.text == "go: x" && $0.category == "Good" })
    }

    @Test func anUnknownModeIsReportedAtItsValue() throws {
        let yaml = try BrainstormYAML.Marked(Self.board("{ mode: ‸column }"))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        #expect(error.diagnostics.first?.hint == "did you mean 'columns'?")
        #expect(error.diagnostics.first?.location?.line == yaml.line)
        #expect(error.diagnostics.first?.location?.column == yaml.column)
    }
}
