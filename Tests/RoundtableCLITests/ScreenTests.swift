import BuiltInHandlers
import Foundation
@testable import RoundtableCLI
@testable import RoundtableKit
import RoundtableJoin
import Testing

/// The live screen drawn from state, and the plain transcript of the same session.
@Suite struct ScreenTests {
    static let fixtures = Binary.packageRoot.appendingPathComponent("Tests/terminal/fixtures")

    /// The status of the screen check's first step with `remaining` on the clock.
    static func status(remaining: Duration = .seconds(11 * 60 + 58), step index: Int = 0) throws -> RunStatus {
        let registry = BuiltInHandlers.registry()
        let document = try Loader(registry: registry).load(file: fixtures.appendingPathComponent("screen-check.yaml").path)
        let plan = try Planner(registry: registry).plan(document, participants: ["Ana", "Ben", "Chen", "Dev"].map { Participant($0) }, seed: 1)
        let step = plan.steps[index]
        return RunStatus(title: plan.title, exercise: plan.exercises.first, exerciseNumber: 1, exerciseCount: 1, step: step,
                         segment: step.segments[0], remaining: remaining, length: step.duration, onZero: step.timer.onZero,
                         isPaused: false, slip: .zero, timebox: nil, elapsed: .seconds(2))
    }

    static func board(cards: Int) -> StepView {
        var view = StepView(prompt: "What should we start, stop and continue?",
                            columns: [StepView.Column("Start"), StepView.Column("Stop"), StepView.Column("Continue")])
        for index in 0..<cards {
            view.columns[index % 3].cards.append(StepView.Card("Pair on reviews, write the test first (card-\(index + 1))", by: "Ana"))
        }
        return view
    }

    static func state(_ view: StepView, status: RunStatus) -> ScreenState {
        var state = ScreenState()
        state.status = status
        state.apply(.view(view))
        return state
    }

    /// Every pageable line of the state at this size: the frames of all pages, one after another.
    static func allPages(_ state: ScreenState, rows: Int, columns: Int) -> String {
        let layout = ScreenLayout(rows: rows, columns: columns, color: false)
        var state = state
        state.followEnd = false
        var text = ""
        var frame = layout.render(state)
        for _ in 0..<max(1, frame.pages) + 1 {
            text += frame.lines.map(Self.unstyled).joined(separator: "\n") + "\n"
            state.scroll = frame.scroll
            state.pageRequest = 1
            frame = layout.render(state)
        }
        return text
    }

    /// A line without its SGR sequences.
    static func unstyled(_ line: String) -> String {
        line.replacing(#/\x1B\[[0-9;]*m/#, with: "")
    }

    @Test(arguments: [(80, 24), (120, 35), (200, 55), (60, 15), (45, 20)])
    func everyFrameLineFitsTheTerminal(columns: Int, rows: Int) throws {
        var state = Self.state(Self.board(cards: 60), status: try Self.status())
        state.apply(.say("A very long announcement that goes on and on " + String(repeating: "and on ", count: 40)))
        state.input = Array("typed text " + String(repeating: "x", count: 300))
        let layout = ScreenLayout(rows: rows, columns: columns, color: true)
        let frame = layout.render(state)
        #expect(frame.lines.count == rows)
        for line in frame.lines { #expect(layout.visibleWidth(line) <= columns, "\(line)") }
        #expect(frame.cursorColumn <= columns)
    }

    @Test(arguments: [(80, 24), (120, 35), (200, 55), (60, 15)])
    func everyCardOfALongBoardIsOnScreenOrAPageAway(columns: Int, rows: Int) throws {
        let state = Self.state(Self.board(cards: 30), status: try Self.status())
        let text = Self.allPages(state, rows: rows, columns: columns)
        for card in 1...30 { #expect(text.contains("(card-\(card))"), "card \(card) at \(columns)x\(rows)") }
    }

    @Test func aLongBoardDoesNotFitOneScreenAt80x24AndSaysSo() throws {
        let state = Self.state(Self.board(cards: 30), status: try Self.status())
        let frame = ScreenLayout(rows: 24, columns: 80, color: false).render(state)
        #expect(frame.pages > 1)
        #expect(frame.lines.contains { $0.contains("page \(frame.page + 1)/\(frame.pages)") })
    }

    /// How to join stays above the step, black on white so its QR code scans on a dark
    /// theme, until the panel is taken away (everyone has joined).
    @Test func theJoinPanelStaysInSightBlackOnWhiteUntilTakenAway() throws {
        let code = try #require(QRCode("http://127.0.0.1:8422/K7PQ4M"))
        let panel = [" Join from your phone or laptop: http://127.0.0.1:8422/K7PQ4M "]
            + code.halfBlocks(color: false).split(separator: "\n").map(String.init) + [" 1 of 4 have joined "]
        var state = Self.state(Self.board(cards: 3), status: try Self.status())
        state.apply(.panel(panel))
        let frame = ScreenLayout(rows: 55, columns: 200, color: true).render(state)
        let first = try #require(frame.lines.firstIndex { $0.contains("Join from your phone") })
        #expect(frame.lines[first].contains("\u{1B}[30;47m"))
        // Every line of the code, in one block of equal width.
        let block = frame.lines[first..<(first + panel.count)]
        #expect(block.allSatisfy { $0.contains("\u{1B}[30;47m") })
        #expect(frame.lines.joined().contains("card-3"))
        state.apply(.stepStarted(try Self.status().step, exercise: nil))
        #expect(ScreenLayout(rows: 55, columns: 200, color: true).render(state).lines.contains { $0.contains("Join from your phone") })
        state.apply(.panel([]))
        #expect(!ScreenLayout(rows: 55, columns: 200, color: true).render(state).lines.contains { $0.contains("Join from") })
    }

    @Test func newCardsBringTheEndOfTheBoardIntoView() throws {
        var state = Self.state(Self.board(cards: 29), status: try Self.status())
        state.apply(.view(Self.board(cards: 30)))
        let frame = ScreenLayout(rows: 24, columns: 80, color: false).render(state)
        #expect(frame.lines.joined().contains("card-30"))
    }

    @Test(arguments: [(80, 24), (120, 35), (200, 55)])
    func everyItemOfATwentyItemVoteIsOnScreenOrAPageAway(columns: Int, rows: Int) throws {
        let items = (1...20).map { StepView.Item(number: $0, text: "Option number \($0) with a longer text (option-\($0))", tally: Double($0 % 4)) }
        let view = StepView(prompt: "Which improvement?", items: items,
                            progress: .init(verb: "voted", done: ["Ana"], awaited: ["Ben", "Chen", "Dev"]))
        let text = Self.allPages(Self.state(view, status: try Self.status(step: 1)), rows: rows, columns: columns)
        for item in 1...20 {
            #expect(text.contains("(option-\(item))"))
            #expect(text.contains(" \(item). ") || text.contains("\n\(item). "))
        }
        #expect(text.contains("1 of 4 has voted — waiting for Ben, Chen, Dev"))
    }

    @Test func theDigitsGrowWithTheTerminal() {
        let sizes = [(80, 24), (120, 35), (200, 55)].map { HeaderText.scale(rows: $0.1, columns: $0.0) }
        #expect(sizes.allSatisfy { $0 != nil })
        let scales = sizes.compactMap { $0 }
        #expect(BigDigits.height(scale: scales[0]) >= 3)
        #expect(scales[0] < scales[1] && scales[1] < scales[2])
        // About a third of the width on a 200-column projector.
        let width = Double(BigDigits.width("11:58", scale: scales[2])) / 200
        #expect(width > 0.28 && width < 0.4)
        #expect(HeaderText.scale(rows: 15, columns: 60) == nil)
    }

    @Test func aSmallTerminalShowsTheCountdownOnOneLineWithTheSlipAndNoWordCut() throws {
        var status = try Self.status(remaining: .seconds(4 * 60 + 58))
        status.slip = .seconds(75)
        let lines = HeaderText.lines(status, rows: 15, columns: 60, color: false)
        let clock = lines[2].replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")
        #expect(clock.hasPrefix(" 4:58 left"))
        #expect(clock.contains("1:15 behind"))
        #expect(!clock.contains("…"))
        #expect(TextCells.width(clock) <= 60)
    }

    @Test func theCountdownIsColouredByTimeLeftAndPlainWithoutColour() throws {
        let calm = HeaderText.lines(try Self.status(remaining: .seconds(300)), rows: 24, columns: 80, color: true).joined()
        let late = HeaderText.lines(try Self.status(remaining: .seconds(30)), rows: 24, columns: 80, color: true).joined()
        let over = HeaderText.lines(try Self.status(remaining: .seconds(-30)), rows: 24, columns: 80, color: true).joined()
        #expect(calm.contains("\u{1B}[1;32m") && late.contains("\u{1B}[1;33m") && over.contains("\u{1B}[1;31m"))
        let plain = HeaderText.lines(try Self.status(remaining: .seconds(-30)), rows: 24, columns: 80, color: false).joined()
        #expect(!plain.contains("\u{1B}[1;31m") && !plain.contains("\u{1B}[1;32m") && plain.contains("OVERTIME"))
    }

    @Test func textFromOutsideIsNeutralizedBeforeItIsDrawn() throws {
        var view = Self.board(cards: 2)
        view.columns[0].cards.append(StepView.Card("\u{1B}]0;owned\u{07} title"))
        view.items = [StepView.Item(number: 1, text: "\u{1B}[2J wipe")]
        view.notes = ["\u{1B}[31mred"]
        var state = Self.state(view, status: try Self.status())
        state.apply(.say("\u{1B}]52;c;Y2xpcA==\u{07}"))
        state.input = Array("\u{1B}[H")
        let frame = ScreenLayout(rows: 40, columns: 120, color: false).render(state)
        let text = frame.lines.joined(separator: "\n")
        #expect(!text.contains("\u{1B}]"))
        #expect(!text.contains("\u{1B}[2J") && !text.contains("\u{1B}[31m") && !text.contains("\u{1B}[H"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("␛]0;owned"))
    }

    @Test func aTickRewritesOnlyTheLinesThatChanged() throws {
        let layout = ScreenLayout(rows: 35, columns: 120, color: true)
        var state = Self.state(Self.board(cards: 30), status: try Self.status(remaining: .seconds(600)))
        let first = layout.render(state)
        let whole = ScreenPainter.update(from: nil, to: first)
        state.status = try Self.status(remaining: .seconds(599))
        let second = layout.render(state)
        let changed = zip(first.lines, second.lines).filter { $0 != $1 }.count
        let update = ScreenPainter.update(from: first.lines, to: second)
        #expect(changed > 0 && changed <= 8)
        #expect(update.utf8.count * 4 < whole.utf8.count)
        #expect(whole.contains("\u{1B}[2J") && !update.contains("\u{1B}[2J"))
    }

    @Test func wordsWrapAtSpacesAndFitEndsWithAWholeWord() {
        #expect(TextCells.wrap("pair on reviews every day", 10) == ["pair on", "reviews", "every day"])
        #expect(TextCells.fit("Facilitator: Chen · Timekeeper: Ben", 24) == "Facilitator: Chen…")
        #expect(TextCells.width("会議 ok") == 7)
    }

    /// One scripted session through the real binary, five times, stdout a pipe: the same bytes.
    @Test func thePlainTranscriptIsTheSameOnEveryRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Both steps end on their timers: a step ended by a typed /next lasts as long as
        // the machine took, which no transcript can promise.
        try """
        id: plain-check
        title: Plain check
        roles: { facilitator: per-exercise, scribe: per-step }
        steps:
          - { id: gather, title: Start Stop Continue, handler: retro-board, duration: 30m, prompt: What should we start?,
              config: { preset: start-stop-continue, mode: prefix } }
          - { id: vote, title: Dot vote, handler: dot-vote, input: gather, duration: 30m, prompt: Which cards matter most?,
              config: { dots: 3 } }
        """.write(to: folder.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
        let cards = try String(contentsOf: Self.fixtures.appendingPathComponent("cards.txt"), encoding: .utf8)
        try (cards + "no column here\nstop: \u{1B}]0;owned\u{07} title\n")
            .write(to: folder.appendingPathComponent("input.txt"), atomically: true, encoding: .utf8)
        var outputs: [String] = []
        for run in 0..<5 {
            let result = try Binary.run(["run", "plain.yaml", "-p", "Ana,Ben,Chen", "--seed", "3", "--input", "input.txt",
                                         "--speed", "1000", "--sessions-dir", "sessions-\(run)", "--report", "report.md"],
                                        in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(result.stdout)
        }
        // Byte for byte, the closing summary included: a session that runs to its end ends
        // when its last step did, not when the machine got round to saying so.
        let transcripts = outputs.map { $0.components(separatedBy: "\nFinished ")[0] }
        #expect(Set(outputs).count == 1, "\(outputs.map { $0.suffix(200) })")
        #expect(outputs[0].contains("\nFinished "))
        let transcript = transcripts[0]
        #expect(transcript.contains("[Continue] Blameless postmortems (card-30)"))
        #expect(transcript.contains("30. Blameless postmortems (card-30)"))
        #expect(transcript.contains("␛]0;owned"))
        #expect(!transcript.contains("\u{1B}"))
    }
}
