import Dispatch
import Foundation
import RoundtableKit
import Synchronization

/// The projector view: a pinned header with a big countdown, role holders and slip, and
/// a working area below it where the room's lines scroll and the input line waits.
///
/// All output goes through one ``TerminalWriter``; the header is redrawn between
/// save-cursor and restore-cursor so typing is never disturbed. It also reads the
/// keyboard (when standard input is a terminal), echoing typed text itself.
final class LiveDisplay: RunDisplay, RunInput {
    private let views = ViewText()
    private let writer: TerminalWriter
    private let color: Bool
    private let state = Mutex(State())
    private let readsKeys: Bool
    private let keyLines: AsyncStream<String>
    private let keySink: AsyncStream<String>.Continuation
    nonisolated(unsafe) private var resizeSource: (any DispatchSourceSignal)?

    private struct State {
        var rows = 24
        var columns = 80
        var status: RunStatus?
        var buffer: [Character] = []
        var hidden = false
        var pending: [UInt8] = []
        var started = false
    }

    var wantsTicks: Bool { true }

    init(writer: TerminalWriter = TerminalWriter(), color: Bool, readKeys: Bool) {
        self.writer = writer
        self.color = color
        self.readsKeys = readKeys
        (keyLines, keySink) = AsyncStream<String>.makeStream()
    }

    /// Takes over the screen (and the keyboard, if reading keys).
    func start() {
        TerminalMode.enterScreen(writer)
        if readsKeys { _ = TerminalMode.enterKeyMode() }
        measure()
        signal(SIGWINCH, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        source.setEventHandler { [weak self] in
            self?.measure()
            self?.layout()
        }
        source.resume()
        resizeSource = source
        state.withLock { $0.started = true }
        layout()
        if readsKeys {
            let thread = Thread { [weak self] in self?.readKeys() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Gives the screen back: scroll region, cursor, echo, normal screen.
    func stop() {
        resizeSource?.cancel()
        TerminalMode.restore()
    }

    func lines() -> AsyncStream<String> { keyLines }

    // MARK: Layout

    private var headerHeight: Int {
        let (rows, columns) = state.withLock { ($0.rows, $0.columns) }
        return rows >= 16 && columns >= 50 ? 8 : 4
    }

    private func measure() {
        var size = winsize()
        let ok = withUnsafeMutablePointer(to: &size) { ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0) } == 0
        state.withLock { state in
            if ok && size.ws_row > 0 && size.ws_col > 0 {
                state.rows = Int(size.ws_row)
                state.columns = Int(size.ws_col)
            }
        }
    }

    /// Sets the scroll region below the header and redraws everything.
    private func layout() {
        let (rows, started) = state.withLock { ($0.rows, $0.started) }
        guard started else { return }
        let top = headerHeight + 1
        writer.write("\u{1B}[\(top);\(rows)r\u{1B}[\(rows);1H" + inputLine())
        drawHeader()
    }

    // MARK: RunDisplay

    func show(_ event: DisplayEvent) {
        if case .clear = event {
            clearWorkArea()
            return
        }
        if case .prompt(_, let hidden) = event { state.withLock { $0.hidden = hidden } }
        let lines = views.lines(for: event) ?? EventText.lines(for: event)
        guard !lines.isEmpty else { return }
        let rows = state.withLock { $0.rows }
        var output = "\u{1B}[\(rows);1H\u{1B}[2K"
        switch event {
        case .warning, .timeUp: output = "\u{07}" + output  // the bell: heard by the room, not only seen
        default: break
        }
        for (text, style) in lines {
            output += styled(text.neutralized(), style) + "\r\n"
        }
        output += inputLine()
        writer.write(output)
    }

    func refresh(_ status: RunStatus) {
        state.withLock { $0.status = status }
        // After Ctrl-Z and `fg` the terminal has its raw keys back (TerminalMode); the
        // scroll region and the header are drawn again here, at the next tick.
        if TerminalMode.takeContinued() {
            measure()
            layout()
        } else {
            drawHeader()
        }
    }

    private func clearWorkArea() {
        let rows = state.withLock { $0.rows }
        var output = ""
        for row in (headerHeight + 1)...rows { output += "\u{1B}[\(row);1H\u{1B}[2K" }
        output += "\u{1B}[\(rows);1H" + inputLine()
        writer.write(output)
    }

    private func inputLine() -> String {
        let (buffer, hidden, columns) = state.withLock { ($0.buffer, $0.hidden, $0.columns) }
        let shown = hidden ? String(repeating: "•", count: buffer.count) : String(buffer).neutralized()
        let room = max(10, columns - 3)
        let tail = shown.count > room ? String(shown.suffix(room)) : shown
        return "\u{1B}[2K\r" + styled("> ", .typed) + tail
    }

    private func styled(_ text: String, _ style: LineStyle) -> String {
        let code: String
        switch style {
        case .plain: return text
        case .heading: code = "1"
        case .dim: code = "2"
        case .warning: code = color ? "1;33" : "1"
        case .alert: code = color ? "1;31" : "1;7"
        case .typed: code = color ? "36" : "0"
        case .notice: code = color ? "35" : "1"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    // MARK: Header

    private func drawHeader() {
        let (status, columns, started) = state.withLock { ($0.status, $0.columns, $0.started) }
        guard started else { return }
        let lines = HeaderText.lines(status, columns: columns, height: headerHeight, color: color)
        var output = "\u{1B}7"
        for (index, line) in lines.enumerated() {
            output += "\u{1B}[\(index + 1);1H\u{1B}[2K" + line
        }
        output += "\u{1B}8"
        writer.write(output)
    }

    // MARK: Keys

    private func readKeys() {
        var byte: UInt8 = 0
        var escape = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { break }
            if escape > 0 {
                // Skip escape sequences (arrows, function keys): ESC [ … final byte.
                if escape == 1 && (byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O")) { escape = 2; continue }
                if escape == 2 && !(0x40...0x7E).contains(byte) { continue }
                escape = 0
                continue
            }
            switch byte {
            case 0x1B: escape = 1
            case 0x03: submit("/quit")
            case 0x1A: TerminalMode.suspendNow()
            case 0x0D, 0x0A:
                let line = state.withLock { state -> String in
                    defer { state.buffer = []; state.hidden = false; state.pending = [] }
                    return String(state.buffer)
                }
                writer.write(inputLine())
                if line.hasPrefix("/") && !line.hasPrefix("//") {
                    show(.notice("› " + line))
                }
                keySink.yield(line)
            case 0x7F, 0x08:
                state.withLock { if !$0.buffer.isEmpty { $0.buffer.removeLast() } }
                writer.write(inputLine())
            case 0x15:
                state.withLock { $0.buffer = [] }
                writer.write(inputLine())
            case 0x17:
                state.withLock { state in
                    while state.buffer.last == " " { state.buffer.removeLast() }
                    while let last = state.buffer.last, last != " " { state.buffer.removeLast() }
                }
                writer.write(inputLine())
            case 0x09:
                append(" ")
            case 0x00...0x1F:
                continue
            default:
                let complete: String? = state.withLock { state in
                    state.pending.append(byte)
                    if let text = String(validating: state.pending, as: UTF8.self) {
                        state.pending = []
                        return text
                    }
                    if state.pending.count >= 4 { state.pending = [] }
                    return nil
                }
                if let complete { append(complete) }
            }
        }
        keySink.finish()
    }

    private func append(_ text: String) {
        state.withLock { state in
            if state.buffer.count < 2000 { state.buffer.append(contentsOf: text.neutralized()) }
        }
        writer.write(inputLine())
    }

    private func submit(_ line: String) {
        show(.notice("› " + line))
        keySink.yield(line)
    }
}

/// The header's text: title bar, step, big countdown with progress and slip, roles, hints.
enum HeaderText {
    static func lines(_ status: RunStatus?, columns: Int, height: Int, color: Bool) -> [String] {
        guard let status else { return Array(repeating: "", count: height) }
        func fit(_ text: String) -> String {
            let clean = text.neutralized()
            return clean.count > columns ? String(clean.prefix(max(0, columns - 1))) + "…" : clean
        }
        func paint(_ code: String, _ text: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }

        var bar = " ROUNDTABLE · \(status.title)"
        if let exercise = status.exercise, let number = status.exerciseNumber {
            bar += status.exerciseCount > 1 ? " · Exercise \(number)/\(status.exerciseCount): \(exercise.title)" : " · \(exercise.title)"
        }
        let barText = fit(bar)
        let barLine = paint("1;7", barText + String(repeating: " ", count: max(0, columns - barText.count)))

        let step = status.step
        let segment = status.segment
        var where_ = step.isBreak ? " \(step.title)" : " Step \(step.number)/\(step.count): \(step.title)"
        if segment.rounds > 1 { where_ += "  ·  Round \(segment.round)/\(segment.rounds)" }
        if let speaker = segment.speaker { where_ += "  ·  Speaker \(segment.turn ?? 1)/\(segment.turns ?? 1): \(speaker)" }

        let countUp = status.onZero == .countUp && !step.isBreak
        let seconds = displaySeconds(status.remaining, countUp: countUp)
        let overtime = !countUp && status.remaining <= .zero && seconds < 0
        let clockText = (overtime ? "-" : "") + DurationText.clock(.seconds(abs(seconds)))
        let clockColor: String
        if status.isPaused { clockColor = color ? "1;34" : "2" }
        else if overtime { clockColor = color ? "1;31" : "1;7" }
        else if !countUp && status.remaining <= .seconds(60) { clockColor = color ? "1;33" : "1" }
        else { clockColor = color ? "1;32" : "1" }

        // The time in words as well as in big digits: for screen readers, logs and tests.
        let spoken = DurationText.clock(.seconds(abs(seconds)))
        var state: String
        if status.isPaused { state = "PAUSED with \(spoken) left — /resume" }
        else if overtime { state = "OVERTIME \(spoken) — /next or /extend" }
        else if countUp { state = "\(spoken) elapsed, counting up" }
        else { state = "\(spoken) left — " + (status.onZero == .advance ? "moves on at zero" : "bell at zero") }

        let slip = slipText(status.slip)
        var timing = "Slip: \(slip)"
        if let timebox = status.timebox {
            timing += "  ·  \(DurationText.clock(status.elapsed)) of \(DurationText.format(timebox))"
        }
        let roles = status.segment.roles.isEmpty ? "" : " " + PlanText.roleLine(status.segment.roles)
        let hints = " /next  /back  /pause  /extend 1m  /skip  /quit  /help"

        if height < 8 {
            return [
                barLine,
                fit(where_) ,
                " " + paint(clockColor, clockText) + "  " + fit(state + "  ·  " + timing),
                paint("2", fit(roles.isEmpty ? hints : roles)),
            ]
        }
        let digits = BigDigits.render(clockText)
        let width = digits[0].count
        let progress: Double
        if countUp || status.length <= .zero { progress = 0 } else {
            progress = min(1, max(0, 1 - status.remaining.secondsValue / status.length.secondsValue))
        }
        let side = max(10, columns - width - 6)
        let barWidth = max(5, min(30, side - 6))
        let filled = Int((progress * Double(barWidth)).rounded())
        let progressBar = "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "] \(Int(progress * 100))%"
        let right = [progressBar, timing, state].map { String($0.prefix(side)) }
        var lines = [barLine, paint("1", fit(where_))]
        for row in 0..<3 {
            lines.append("  " + paint(clockColor, digits[row]) + "   " + (row == 2 && overtime && color ? paint("1;31", right[row]) : right[row]))
        }
        lines.append(fit(roles))
        lines.append(paint("2", fit(hints)))
        lines.append(paint("2", String(repeating: "─", count: columns)))
        return lines
    }

    /// Whole seconds to show: rounded up while counting down, so zero shows at the deadline.
    static func displaySeconds(_ remaining: Duration, countUp: Bool) -> Int64 {
        let value = remaining.secondsValue
        if countUp { return Int64(value.rounded(.down)) }
        return value > 0 ? Int64(value.rounded(.up)) : -Int64((-value).rounded(.down))
    }

    static func slipText(_ slip: Duration) -> String {
        if abs(slip.secondsValue) < 1 { return "on time" }
        return slip > .zero ? "\(DurationText.clock(slip)) behind" : "\(DurationText.clock(.zero - slip)) ahead"
    }
}
