import RoundtableKit

/// Draws a whole frame from a ``ScreenState``: header, the pinned part of the step's view
/// (prompt, now/next, who is awaited), its pageable part (instructions, board, items,
/// notes), the strip of recent events, the line of what is awaited and the input line.
///
/// Every line fits the width in cells, so the frame is exactly `rows` lines and nothing
/// scrolls by itself. Text from outside is neutralized here, where it is laid out.
struct ScreenLayout {
    /// A drawn frame.
    struct Frame: Equatable {
        /// Exactly `rows` lines, styled, each at most `columns` cells.
        var lines: [String]
        /// Where the cursor waits: the input line's end (1-based column).
        var cursorColumn: Int
        /// The page shown and how many there are (1 when everything fits).
        var page: Int
        var pages: Int
        /// The first pageable line shown.
        var scroll: Int
        /// How many of the lines are the header.
        var headerCount = 0
    }

    var rows: Int
    var columns: Int
    var color: Bool

    private var paint: Paint { Paint(color: color) }

    /// Strip rows kept for recent events even when the board wants them.
    var stripMinimum: Int { rows >= 45 ? 5 : rows >= 30 ? 4 : rows >= 20 ? 3 : 2 }

    /// The frame for `state`; with `cached`, a frame drawn from the same state but for the
    /// status, only the header is drawn again (a second's tick costs the header alone).
    func render(_ state: ScreenState, reusing cached: Frame? = nil) -> Frame {
        let header = HeaderText.lines(state.status, rows: rows, columns: columns, color: color)
        if var frame = cached, frame.headerCount == header.count, frame.lines.count == rows {
            frame.lines.replaceSubrange(0..<header.count, with: header.map(clipped))
            return frame
        }
        let footerRows = 2
        let body = max(0, rows - header.count - footerRows)
        let strip = min(stripMinimum, body)

        // Pinned: what the room works on and who is awaited stay in sight on every page.
        var pinned = pinnedLines(state)
        let pinnedCap = max(1, (body - strip) / 2)
        if pinned.count > pinnedCap { pinned = Array(pinned.prefix(pinnedCap)) }
        let area = max(0, body - strip - pinned.count)
        let content = pageableLines(state, area: area)

        var pages = 1
        var page = 0
        var scroll = 0
        var shown: [String]
        if content.count <= area {
            shown = content
        } else {
            // Page by whole screens (the last line says there is more); following the end
            // shows the newest cards at the bottom.
            let perPage = max(1, area - 1)
            pages = (content.count + perPage - 1) / perPage
            let last = content.count - perPage
            scroll = state.followEnd ? last : min(max(0, state.scroll + state.pageRequest * perPage), last)
            page = scroll == last ? pages - 1 : min(pages - 1, (scroll + perPage - 1) / perPage)
            shown = Array(content[scroll..<min(content.count, scroll + perPage)])
            let more = scroll < last ? "PgDn for more" : "PgUp for the start"
            shown.append(paint("7", " page \(page + 1)/\(pages) ") + paint("2", TextCells.fit(" " + more, columns - 12 - String(pages).count * 2)))
        }
        let stripRows = body - pinned.count - shown.count
        var lines = header + pinned + shown + recentLines(state, rows: stripRows)
        lines += footer(state)
        let input = inputLine(state)
        lines.append(input.text)
        if lines.count > rows { lines = Array(lines.suffix(rows)) }
        while lines.count < rows { lines.insert("", at: max(0, lines.count - 2)) }
        lines = lines.map(clipped)
        return Frame(lines: lines, cursorColumn: input.cursor, page: page, pages: pages, scroll: scroll,
                     headerCount: min(header.count, rows))
    }

    /// `frame` with the input line of `state`: a key press redraws that line alone.
    func withInput(of state: ScreenState, in frame: Frame) -> Frame {
        var frame = frame
        let input = inputLine(state)
        if !frame.lines.isEmpty { frame.lines[frame.lines.count - 1] = clipped(input.text) }
        frame.cursorColumn = input.cursor
        return frame
    }

    // MARK: The view

    private func pinnedLines(_ state: ScreenState) -> [String] {
        let view = state.view
        var lines: [String] = []
        if let prompt = view.prompt ?? state.stepPrompt {
            lines += wrapped("» " + prompt.neutralized(), indent: 2).prefix(3).map { paint("1", $0) }
        }
        if let turn = view.turn {
            var text = "Now: " + turn.speaker.neutralized()
            if let next = turn.next { text += "   ·   next: " + next.neutralized() }
            lines.append(paint(color ? "1;36" : "1", TextCells.fit(text, columns)))
        }
        if let progress = view.progress {
            var text = progress.summary.neutralized()
            if progress.showsNames && !progress.awaited.isEmpty {
                text += " — waiting for " + progress.awaited.map { $0.neutralized() }.joined(separator: ", ")
            }
            if view.hidden > 0 { text += " · \(view.hidden) hidden until the reveal" }
            lines += wrapped(text, indent: 2).prefix(2).map { paint(color ? "33" : "1", $0) }
        } else if view.hidden > 0 {
            lines.append(paint("2", "\(view.hidden) hidden until the reveal"))
        }
        return lines
    }

    private func pageableLines(_ state: ScreenState, area: Int) -> [String] {
        var lines: [String] = []
        if !state.panel.isEmpty {
            // Black on white, so that a QR code in it scans on any terminal theme.
            let width = min(columns, state.panel.map { TextCells.width($0.neutralized()) }.max() ?? 0)
            lines += state.panel.map { line in
                let text = TextCells.pad(line.neutralized(), width)
                return color ? paint("30;47", text) : text
            }
            lines.append("")
        }
        if let help = state.help {
            lines.append(paint("1", "Commands:"))
            lines += help.flatMap { wrapped("  " + $0.neutralized(), indent: 4) }
        }
        if !state.groups.isEmpty {
            let text = "Groups: " + state.groupLabels.joined(separator: " | ")
            lines += wrapped(text, indent: 2).map { paint("2", $0) }
        }
        var instructions: [String] = []
        if let text = state.instructions {
            instructions = wrapped(text.neutralized(keepingNewlines: true), indent: 0).map { paint("2", $0) }
        }
        let view = state.view
        var main: [String] = []
        if !view.columns.isEmpty {
            main += board(view.columns)
        }
        if !view.items.isEmpty {
            if !main.isEmpty { main.append("") }
            main += items(view.items, rows: max(1, area - lines.count - main.count - view.notes.count - 2))
        }
        if !view.notes.isEmpty {
            if !main.isEmpty { main.append("") }
            main += view.notes.flatMap { wrapped($0.neutralized(keepingNewlines: true), indent: 0) }
        }
        // The instructions open the step; when the board no longer fits they move below it,
        // so the first page shows the board.
        if instructions.isEmpty || main.isEmpty {
            lines += instructions + main
        } else if lines.count + instructions.count + 1 + main.count <= area {
            lines += instructions + [""] + main
        } else {
            lines += main + [""] + instructions
        }
        return lines
    }

    /// Columns side by side; as many per band as fit at 22 cells or more, the rest below.
    func board(_ columnsOfBoard: [StepView.Column]) -> [String] {
        let gap = 2
        let perBand = max(1, min(columnsOfBoard.count, (columns + gap) / (22 + gap)))
        var lines: [String] = []
        var index = 0
        while index < columnsOfBoard.count {
            let band = Array(columnsOfBoard[index..<min(columnsOfBoard.count, index + perBand)])
            let width = (columns - gap * (band.count - 1)) / band.count
            let cells: [[String]] = band.map { column in
                var cell = [paint(color ? "1;4;36" : "1;4", TextCells.fit("\(column.title.neutralized()) (\(column.cards.count))", width))]
                for card in column.cards {
                    var text = card.text.neutralized()
                    if let author = card.author { text += " — " + author.neutralized() }
                    let wrappedCard = TextCells.wrap(text, width - 2)
                    for (row, line) in wrappedCard.enumerated() {
                        cell.append((row == 0 ? "• " : "  ") + line)
                    }
                }
                return cell
            }
            let height = cells.map(\.count).max() ?? 0
            for row in 0..<height {
                var line = ""
                for (column, cell) in cells.enumerated() {
                    let text = row < cell.count ? cell[row] : ""
                    let isLast = column == cells.count - 1
                    line += isLast ? text : text + String(repeating: " ", count: max(0, width - visibleWidth(text)) + gap)
                }
                lines.append(line)
            }
            index += perBand
            if index < columnsOfBoard.count { lines.append("") }
        }
        return lines
    }

    /// Numbered items with their tallies as bars; in several columns when a long list would
    /// not fit the rows, each column at least 34 cells.
    func items(_ items: [StepView.Item], rows: Int) -> [String] {
        // More columns only when they make the list shorter (long texts wrap in narrow ones).
        var best = self.items(items, perRow: 1)
        var perRow = 2
        while best.count > rows && columns / perRow >= 34 {
            let candidate = self.items(items, perRow: perRow)
            if candidate.count < best.count { best = candidate }
            perRow += 1
        }
        return best
    }

    private func items(_ items: [StepView.Item], perRow: Int) -> [String] {
        let gap = 2
        // A single list stays near the texts: a tally 150 cells away is hard to read.
        let width = min(perRow == 1 ? 84 : columns, (columns - gap * (perRow - 1)) / perRow)
        let numberWidth = String(items.map(\.number).max() ?? 1).count
        let most = items.compactMap(\.tally).max() ?? 0
        let barRoom = max(3, min(12, width / 5))
        func cell(_ item: StepView.Item) -> [String] {
            let number = String(repeating: " ", count: numberWidth - String(item.number).count) + "\(item.number). "
            var suffix = ""
            if let tally = item.tally {
                let value = tally == tally.rounded() ? String(Int(tally)) : String(format: "%.1f", tally)
                let length = most > 0 ? max(tally > 0 ? 1 : 0, Int((tally / most * Double(barRoom)).rounded())) : 0
                suffix = " " + String(repeating: "■", count: length) + " " + value
            }
            if let detail = item.detail { suffix += " (\(detail.neutralized()))" }
            let textWidth = max(8, width - number.count - TextCells.width(suffix))
            let text = TextCells.wrap(item.text.neutralized(), textWidth)
            var lines: [String] = []
            for (row, line) in text.enumerated() {
                var drawn = (row == 0 ? paint("1", number) : String(repeating: " ", count: number.count)) + line
                if row == text.count - 1 && !suffix.isEmpty {
                    let filler = String(repeating: " ", count: max(0, textWidth - TextCells.width(line)))
                    drawn += filler + paint(color ? "32" : "1", suffix)
                }
                lines.append(drawn)
            }
            return lines
        }
        let perColumn = (items.count + perRow - 1) / perRow
        let cells: [[String]] = stride(from: 0, to: items.count, by: max(1, perColumn)).map { start in
            items[start..<min(items.count, start + perColumn)].flatMap(cell)
        }
        let height = cells.map(\.count).max() ?? 0
        return (0..<height).map { row in
            var line = ""
            for (column, cellLines) in cells.enumerated() {
                let text = row < cellLines.count ? cellLines[row] : ""
                line += column == cells.count - 1 ? text : text + String(repeating: " ", count: max(0, width - visibleWidth(text)) + gap)
            }
            return line
        }
    }

    // MARK: Strip, footer, input

    private func recentLines(_ state: ScreenState, rows: Int) -> [String] {
        guard rows > 0 else { return [] }
        var lines: [String] = []
        for entry in state.recent.reversed() {
            let code = paint.code(entry.style)
            let wrappedLines = wrapped(entry.text.neutralized(keepingNewlines: true), indent: 2).map { paint(code, $0) }
            lines.insert(contentsOf: wrappedLines, at: 0)
            if lines.count >= rows { break }
        }
        if lines.count > rows { lines = Array(lines.suffix(rows)) }
        return Array(repeating: "", count: rows - lines.count) + lines
    }

    private func footer(_ state: ScreenState) -> [String] {
        if let waiting = state.waitingFor {
            return [paint(color ? "1;36" : "1", TextCells.fit("? " + waiting.neutralized() + (state.hiddenInput ? " (hidden)" : ""), columns))]
        }
        return [paint("2", TextCells.fit("/next  /back  /pause  /extend 1m  /skip  /help  /quit", columns))]
    }

    private func inputLine(_ state: ScreenState) -> (text: String, cursor: Int) {
        let shown = state.hiddenInput ? String(repeating: "•", count: state.input.count) : String(state.input).neutralized()
        let room = max(1, columns - 3)
        var tail = Substring(shown)
        while TextCells.width(tail) > room { tail = tail.dropFirst() }
        return (paint(color ? "36" : "", "> ") + tail, 3 + TextCells.width(tail))
    }

    // MARK: Helpers

    /// Lines of at most the width, broken between words; continuation lines indented by `indent`.
    private func wrapped(_ text: String, indent: Int) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { paragraph -> [String] in
            let first = TextCells.wrap(String(paragraph), columns)
            guard first.count > 1, indent > 0, columns > indent + 8 else { return first }
            let words = paragraph.split(separator: " ")
            let headWords = first[0].split(separator: " ")
            guard words.starts(with: headWords) else { return first }
            let rest = words.dropFirst(headWords.count).joined(separator: " ")
            let pad = String(repeating: " ", count: indent)
            return [first[0]] + TextCells.wrap(rest, columns - indent).map { pad + $0 }
        }
    }

    /// `line` cut to the width, escape sequences kept: the last guard that the frame never wraps.
    func clipped(_ line: String) -> String {
        // No character takes more cells than bytes: a short line needs no measuring.
        guard line.utf8.count > columns, visibleWidth(line) > columns else { return line }
        var result = ""
        var width = 0
        var inEscape = false
        for character in line {
            if inEscape {
                result.append(character)
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" { inEscape = true; result.append(character); continue }
            let cells = TextCells.width(character)
            if width + cells > columns { break }
            width += cells
            result.append(character)
        }
        return result + "\u{1B}[0m"
    }

    /// Cells a styled line takes (its escape sequences take none).
    func visibleWidth(_ line: String) -> Int {
        var width = 0
        var inEscape = false
        for character in line {
            if inEscape {
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" { inEscape = true; continue }
            width += TextCells.width(character)
        }
        return width
    }
}
