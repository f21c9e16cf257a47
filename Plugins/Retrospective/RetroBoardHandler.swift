import Foundation
import RoundtableSDK

/// A retrospective board: entries typed into columns such as Start, Stop, Continue.
///
/// The columns are `columns:` or a `preset:` (not both):
///
/// | preset | columns |
/// | --- | --- |
/// | `start-stop-continue` (default) | Start, Stop, Continue |
/// | `4ls` | Loved, Learned, Lacked, Longed for |
/// | `sailboat` | Wind, Anchors, Rocks, Island |
/// | `mad-sad-glad` | Mad, Sad, Glad |
///
/// With `mode: prefix` (the default) each line names its column before a colon:
/// `start: pair on reviews`. The column is its full name or any start of it that fits no
/// other column, in any case: with Start, Stop and Continue, `c:` and `sta:` work, while `s:`
/// is refused with the choices (`sta:` or `sto:`). The room sees each column's shortest
/// prefix when the step starts. A line may be signed first: `Ana: sto: long meetings`
/// (a participant's name, unless it is also a column's full name).
///
/// With `mode: columns` the board is filled one column at a time: every line is an entry
/// for the current column (colons and all; `Ana: …` still signs it), and `next column` moves
/// to the next one. With `rounds:`, round 1 starts on the first column, round 2 on the second,
/// and so on (one round per column is the usual form; after the last column the rounds start
/// again at the first).
///
/// Blank lines are ignored; a line without a known column, or repeating an entry of the
/// same column, is refused with a message. With `each: participant` an unsigned entry is
/// the speaker's. When the step ends, `readout: true` reads the board out, column by
/// column; `readout: false` only counts the entries.
///
/// With `private: true` the room writes in silence first: each entry is recorded at once but
/// kept off every screen (a device sees its own entries; the keyboard's input is masked), and
/// the board shows only how many cards each column holds. `/end` (or the end of the step's
/// time) reveals the board; the step then goes on in the open until `/next`.
///
/// Each entry is recorded at once as `.idea(text, by: author, category: column)`, so a later
/// step can vote on the entries (`input:`), or on the columns.
public struct RetroBoardHandler: ExerciseHandler {
    public static let name = "retro-board"
    public static let summary = "A retro board: entries typed into columns (Start/Stop/Continue, 4Ls, sailboat, mad-sad-glad or your own)."
    public static let whatToType = [
        "start: entry — an entry in the column (any start of its name that fits one column)",
        "Ana: sto: entry — Ana's entry",
        "next column — (with mode: columns) go on to the next column",
    ]
    static let preset = ConfigKey.oneOf("preset", RetroColumns.presets.map(\.name), default: RetroColumns.presets[0].name,
                                        "Ready-made columns; not together with `columns`.")
    static let columnNames = ConfigKey.textList("columns", default: RetroColumns.presets[0].columns, nonEmpty: true,
                                                "Your own columns (1-10 names, no ':'); not together with `preset`.")
    static let mode = ConfigKey.oneOf("mode", [Mode.prefix, .columns], default: .prefix,
        "prefix: each line starts with its column (`sta: …`); columns: one column at a time, `next column` or a new round moves on.")
    static let readout = ConfigKey.boolean("readout", default: true, "Read the board out, column by column, when the step ends.")
    static let silent = ConfigKey.boolean("private", default: false,
        "Write in silence first: entries stay off every screen until `/end` (or the time) reveals the board.")
    public static let configKeys: [any AnyConfigKey] = [preset, columnNames, mode, readout, silent]
    public static let example = """
        - id: board
          title: What went well, what did not
          handler: retro-board
          duration: 10m
          prompt: Think of the last sprint.
          instructions: '{{scribe}} types each card as "column: text", e.g. "loved: the demo day".'
          config: { preset: 4ls, mode: prefix, readout: true }
        """

    enum Mode: String, Sendable { case prefix, columns }

    let columns: RetroColumns
    let mode: Mode
    let readout: Bool
    let silent: Bool

    public init(config: HandlerConfig) {
        let fallback = RetroColumns.presets[0].columns
        var names = fallback
        if config.has(Self.preset.name) {
            let preset = config[Self.preset]
            names = RetroColumns.presets.first { $0.name == preset }?.columns ?? fallback
            if let node = config.value(Self.columnNames.name) {
                config.error("use `preset` or `columns`, not both", at: node,
                             hint: "`preset` picks ready-made columns; `columns` lists your own")
            }
        } else if config.has(Self.columnNames.name) {
            names = Self.checkedColumns(config)
        }
        columns = RetroColumns(names.isEmpty ? fallback : names)
        mode = config[Self.mode]
        readout = config[Self.readout]
        silent = config[Self.silent]
    }

    /// The `columns:` list, each name checked where it is written.
    private static func checkedColumns(_ config: HandlerConfig) -> [String] {
        let written = config.items(Self.columnNames)
        var names: [String] = []
        for (raw, node) in written {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty || name.contains(":") {
                config.error("config `columns`: a column name must be text without ':', not '\(name.neutralized())'", at: node,
                             hint: "entries are typed as \"column: text\", so the colon ends the name")
            } else if names.contains(where: { RetroColumns.fold($0) == RetroColumns.fold(name) }) {
                config.error("column '\(name.neutralized())' is listed twice", at: node, hint: "remove the repeat (case is ignored)")
            } else {
                names.append(name)
            }
        }
        if written.count > 10 {
            config.error("a board takes at most 10 columns, not \(written.count)", at: config.value(Self.columnNames.name),
                         hint: "use fewer columns, or split the board into two steps")
        }
        return names
    }

    public func run(_ step: StepContext) async {
        var board = Array(repeating: [StepView.Card](), count: columns.names.count)
        var hidden = silent
        let legend = mode == .prefix ? "Columns: \(columns.legend). Type \"column: entry\"." : "One column at a time."
        step.show(StepView(
            prompt: step.step.prompt.map { step.fill($0) },
            columns: columns.names.map { StepView.Column($0) },
            notes: [legend] + (silent ? ["Silent writing: the cards stay hidden until /end reveals the board."] : []),
            entry: mode == .prefix ? .card(columns: columns.names) : .line))
        /// The board as the room may see it: each column's cards, or while hidden only their number.
        func publish(notes: [String]? = nil) {
            step.updateView { view in
                if let notes { view.notes = notes }
                view.hidden = hidden ? board.reduce(0) { $0 + $1.count } : 0
                for index in board.indices {
                    view.columns[index].cards = hidden ? [] : board[index]
                    view.columns[index].title = hidden && !board[index].isEmpty
                        ? "\(columns.names[index]) (\(board[index].count) hidden)" : columns.names[index]
                }
            }
        }
        func reveal() {
            guard hidden else { return }
            hidden = false
            publish(notes: [legend, "The board is revealed."])
        }
        var current = 0
        var round: Int?
        repeat {
            let segment = step.segment
            // Round r fills column r; speakers' turns within a round stay in its column.
            if mode == .columns && segment.round != round {
                current = (segment.round - 1) % columns.names.count
                announceColumn(current, step)
            }
            round = segment.round
            while let line = await step.line(prompt: prompt(current), hidden: hidden, accepting: hidden ? [.end] : []) {
                if line.command == .end {
                    reveal()
                    continue
                }
                // A device's line is its participant's: no signature is read from it.
                let people = line.author == nil ? step.names : []
                let parsed = mode == .prefix
                    ? columns.parsePrefixed(line.text, people: people)
                    : columns.parseInColumn(line.text, current: current, people: people)
                switch parsed {
                case .blank:
                    continue
                case .rejected(let message):
                    step.refuse(line.text, by: line.author, reason: message)
                case .nextColumn:
                    if current + 1 < columns.names.count {
                        current += 1
                        announceColumn(current, step)
                    } else {
                        step.announce("\(columns.names[current]) is the last column; /next ends the step.")
                    }
                case .entry(let column, let signer, let text):
                    let author = line.author ?? signer
                    let name = columns.names[column]
                    if board[column].contains(where: { RetroColumns.fold($0.text) == RetroColumns.fold(text) }) {
                        step.refuse(line.text, by: author ?? segment.speaker,
                                    reason: hidden ? "Already in \(name) (someone wrote it too)." : "Already in \(name).")
                        continue
                    }
                    board[column].append(StepView.Card(text, by: author ?? segment.speaker))
                    step.record(.idea(text, by: author ?? segment.speaker, category: name), shown: !hidden)
                    publish()
                }
            }
        } while await step.nextSegment() != nil
        // Time is up: what was written in silence is shown now.
        reveal()
        step.updateView { $0.notes = [count(board.map { $0.map(\.text) })] }
        // The board stays in the view; `readout` also reads it out, column by column, to the room.
        if readout { step.announce(readOut(board.map { $0.map(\.text) })) }
    }

    private func prompt(_ current: Int) -> String {
        switch mode {
        case .prefix: return "column: entry (\(columns.shortcuts.map { $0 + ":" }.joined(separator: " "))); /next when done"
        case .columns: return "Entry for \(columns.names[current]) (\"next column\" moves on)"
        }
    }

    private func announceColumn(_ index: Int, _ step: StepContext) {
        step.updateView { $0.notes = ["Column \(index + 1) of \(columns.names.count): \(columns.names[index])"] }
    }

    /// "7 entries: Start 2 · Stop 3 · Continue 2."
    private func count(_ board: [[String]]) -> String {
        let total = board.reduce(0) { $0 + $1.count }
        let perColumn = zip(columns.names, board).map { "\($0) \($1.count)" }.joined(separator: " · ")
        return "\(total) \(total == 1 ? "entry" : "entries"): \(perColumn)."
    }

    private func readOut(_ board: [[String]]) -> String {
        var lines = [count(board)]
        for (name, entries) in zip(columns.names, board) {
            lines.append("\(name) (\(entries.count))")
            lines += entries.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
