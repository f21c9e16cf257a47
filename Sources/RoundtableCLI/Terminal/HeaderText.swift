import RoundtableKit

/// The header's lines: title bar, step, the countdown (big digits scaled to the terminal,
/// or one line on a small one) with the time in words, slip and progress, and the roles.
enum HeaderText {
    /// The scale of the big digits on a terminal this size; nil when only one line fits.
    ///
    /// About a third of the width on a wide terminal, at most a fifth of the height, at
    /// least the 3-row font from 80 × 24 up.
    static func scale(rows: Int, columns: Int) -> Int? {
        guard rows >= 18 && columns >= 50 else { return nil }
        let byWidth = Int(Double(columns) * 0.36 / 17)
        var byHeight = 1
        while BigDigits.height(scale: byHeight + 1) <= rows / 5 { byHeight += 1 }
        return max(1, min(byWidth, byHeight))
    }

    static func lines(_ status: RunStatus?, rows: Int, columns: Int, color: Bool) -> [String] {
        let scale = scale(rows: rows, columns: columns)
        guard let status else { return Array(repeating: "", count: scale == nil ? 3 : 7) }
        let paint = Paint(color: color)

        var bar = " ROUNDTABLE · \(status.title)"
        if let exercise = status.exercise, let number = status.exerciseNumber, exercise.title != status.title || status.exerciseCount > 1 {
            bar += status.exerciseCount > 1 ? " · Exercise \(number)/\(status.exerciseCount): \(exercise.title)" : " · \(exercise.title)"
        }
        let barLine = paint("7;1", TextCells.pad(bar.neutralized(), columns))

        let step = status.step
        let segment = status.segment
        let title = segment.item != nil ? Placeholders.fill(step.title, with: segment.placeholderValues) : EventText.title(of: step)
        var place = step.isBreak ? " \(step.title)" : " Step \(step.number)/\(step.count): \(title)"
        if let label = segment.roundLabel { place += "  ·  " + label }
        if let speaker = segment.speaker { place += "  ·  Speaker \(segment.turn ?? 1)/\(segment.turns ?? 1): \(speaker)" }
        if let phase = status.phase {
            place += "  ·  Phase \(phase.number)/\(phase.count): \(phase.phase.name)"
            if phase.number < phase.count { place += " (\(DurationText.clock(max(phase.segmentRemaining, .zero))) left in all)" }
        }
        let placeLine = paint("1", TextCells.fit(place.neutralized(), columns))

        let clock = Clock(status)
        let clockCode = clock.code(color: color)
        let slip = "Slip: " + slipText(status.slip)
        var timing = slip
        if let timebox = status.timebox {
            timing += "  ·  \(DurationText.clock(status.elapsed)) of \(DurationText.format(timebox))"
        }
        // Once the rest is fitted, slip is measured against the timebox by the fitted plan.
        if let end = status.projectedEnd { timing += "  ·  fitted: ends \(DurationText.clock(end))" }
        let roles = segment.roles.isEmpty ? "" : " " + PlanText.roleLine(segment.roles).neutralized()

        guard let scale else {
            // One line: the time, then as much of the words and slip as fits, never a word cut.
            let time = " " + clock.text
            let candidates = [
                " " + clock.words + "  ·  " + timing,
                " " + clock.words + "  ·  " + slip,
                " " + clock.shortState + "  ·  " + slip,
                " " + clock.shortState + " · " + slipText(status.slip, short: true),
                " " + slipText(status.slip, short: true),
                "",
            ]
            let room = columns - TextCells.width(time)
            let words = candidates.first { TextCells.width($0) <= room } ?? ""
            var lines = [barLine, placeLine, paint(clockCode, time) + words]
            if rows >= 12 { lines.append(paint("2", TextCells.fit(roles, columns))) }
            return lines
        }

        var digitScale = scale
        var digits = BigDigits.render(clock.text, scale: digitScale)
        // An hour-long or overtime countdown is wider: shrink it rather than crowd the words.
        while digitScale > 1 && BigDigits.width(clock.text, scale: digitScale) > columns - 32 {
            digitScale -= 1
            digits = BigDigits.render(clock.text, scale: digitScale)
        }
        let digitWidth = BigDigits.width(clock.text, scale: digitScale)
        let side = max(0, columns - digitWidth - 5)
        var right = [clock.state, timing]
        if clock.progress != nil {
            let barWidth = max(5, min(30, side - 6))
            let filled = Int(((clock.progress ?? 0) * Double(barWidth)).rounded())
            right.append("[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
                         + "] \(Int((clock.progress ?? 0) * 100))%")
        }
        let rolesBeside = digits.count > right.count && !roles.isEmpty
            && TextCells.wrap(roles, side).count <= digits.count - right.count
        if rolesBeside { right += TextCells.wrap(String(roles.dropFirst()), side) }
        var lines = [barLine, placeLine]
        for row in 0..<max(digits.count, 3) {
            let glyphs = row < digits.count ? digits[row] : String(repeating: " ", count: digitWidth)
            var text = row < right.count ? TextCells.fit(right[row], side) : ""
            if row == 0 { text = paint(clock.overtime ? clockCode : "1", text) }
            lines.append("  " + paint(clockCode, glyphs) + "   " + text)
        }
        if !rolesBeside { lines.append(TextCells.fit(roles, columns)) }
        lines.append(paint("2", String(repeating: "─", count: columns)))
        return lines
    }

    /// The countdown's text, words and colour.
    struct Clock {
        var text: String
        var state: String
        /// The state without the time: "left — bell at zero".
        var words: String
        var shortState: String
        var overtime: Bool
        var paused: Bool
        var warning: Bool
        var progress: Double?

        init(_ status: RunStatus) {
            let countUp = status.onZero == .countUp && !status.step.isBreak
            let seconds = HeaderText.displaySeconds(status.remaining, countUp: countUp)
            overtime = !countUp && status.remaining <= .zero && seconds < 0
            paused = status.isPaused
            warning = !countUp && status.remaining <= .seconds(60)
            let spoken = DurationText.clock(.seconds(abs(seconds)))
            text = (overtime ? "-" : "") + spoken
            // The time in words as well as in big digits: for screen readers, logs and tests.
            if paused { state = "PAUSED with \(spoken) left — /resume"; shortState = "PAUSED" }
            else if overtime { state = "OVERTIME \(spoken) — /next or /extend"; shortState = "OVERTIME" }
            else if countUp { state = "\(spoken) elapsed, counting up"; shortState = "elapsed" }
            else if let phase = status.phase, phase.number < phase.count {
                state = "\(spoken) left — then \(status.step.phases[phase.number].name)"
                shortState = "left"
            } else {
                state = "\(spoken) left — " + (status.onZero == .advance ? "moves on at zero" : "bell at zero")
                shortState = "left"
            }
            words = state.hasPrefix(spoken + " ") ? String(state.dropFirst(spoken.count + 1)) : state
            if countUp || status.length <= .zero { progress = nil } else {
                progress = min(1, max(0, 1 - status.remaining.secondsValue / status.length.secondsValue))
            }
        }

        /// Green, yellow in the last minute, red in overtime, blue while paused; without
        /// colour: bold, and reverse video in overtime.
        func code(color: Bool) -> String {
            if paused { return color ? "1;34" : "2" }
            if overtime { return color ? "1;31" : "1;7" }
            if warning { return color ? "1;33" : "1" }
            return color ? "1;32" : "1"
        }
    }

    /// Whole seconds to show: rounded up while counting down, so zero shows at the deadline.
    static func displaySeconds(_ remaining: Duration, countUp: Bool) -> Int64 {
        let value = remaining.secondsValue
        if countUp { return Int64(value.rounded(.down)) }
        return value > 0 ? Int64(value.rounded(.up)) : -Int64((-value).rounded(.down))
    }

    static func slipText(_ slip: Duration, short: Bool = false) -> String {
        if abs(slip.secondsValue) < 1 { return "on time" }
        if short { return slip > .zero ? "+\(DurationText.clock(slip))" : "-\(DurationText.clock(.zero - slip))" }
        return slip > .zero ? "\(DurationText.clock(slip)) behind" : "\(DurationText.clock(.zero - slip)) ahead"
    }
}

/// SGR styling that collapses to plain text for an empty code.
struct Paint {
    var color: Bool

    func callAsFunction(_ code: String, _ text: String) -> String {
        code.isEmpty || text.isEmpty ? text : "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// The code for a transcript line's style.
    func code(_ style: LineStyle) -> String {
        switch style {
        case .plain: return ""
        case .heading: return "1"
        case .dim: return "2"
        case .warning: return color ? "1;33" : "1"
        case .alert: return color ? "1;31" : "1;7"
        case .typed: return color ? "36" : ""
        case .notice: return color ? "35" : "1"
        }
    }
}
