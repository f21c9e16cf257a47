import Dispatch
import Foundation
import RoundtableKit
import Synchronization

/// The projector view, drawn from state: a header with the countdown scaled to the
/// terminal, the step's view (prompt, board, items with tallies, who is awaited, now and
/// next), a strip of recent events, what is awaited and the input line.
///
/// Every event and every second updates a ``ScreenState``; a frame is drawn from it whole
/// (``ScreenLayout``) and only the lines that differ from the frame on screen are written,
/// in one write through the one ``TerminalWriter``. A resize redraws everything, so
/// nothing is lost; PgUp/PgDn page a board that does not fit. It also reads the keyboard
/// (when standard input is a terminal), echoing typed text itself.
final class LiveDisplay: RunDisplay, RunInput {
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
        var screen = ScreenState()
        /// The frame on the terminal now; nil when the screen must be drawn whole.
        var shown: [String]?
        /// The last frame drawn, for a tick that changes the header alone.
        var frame: ScreenLayout.Frame?
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
            self?.redraw()
        }
        source.resume()
        resizeSource = source
        state.withLock { $0.started = true }
        redraw()
        if readsKeys {
            let thread = Thread { [weak self] in self?.readKeys() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Gives the screen back: cursor, echo, normal screen.
    func stop() {
        resizeSource?.cancel()
        TerminalMode.restore()
    }

    func lines() -> AsyncStream<String> { keyLines }

    // MARK: Drawing

    private func measure() {
        var size = winsize()
        let ok = withUnsafeMutablePointer(to: &size) { ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0) } == 0
        state.withLock { state in
            if ok && size.ws_row > 0 && size.ws_col > 0 && (Int(size.ws_row) != state.rows || Int(size.ws_col) != state.columns) {
                state.rows = Int(size.ws_row)
                state.columns = Int(size.ws_col)
                state.shown = nil
            }
        }
    }

    /// Draws the frame for the current state, writing only the lines that changed.
    ///
    /// Drawing and writing happen under the state's lock, so frames reach the terminal in
    /// the order they were drawn.
    private func redraw(statusOnly: Bool = false, inputOnly: Bool = false, _ change: (inout ScreenState) -> Bool = { _ in false }) {
        state.withLock { state in
            let bell = change(&state.screen)
            guard state.started else { return }
            let layout = ScreenLayout(rows: state.rows, columns: state.columns, color: color)
            let reusable = (statusOnly || inputOnly) && state.shown != nil ? state.frame : nil
            let frame = inputOnly && reusable != nil
                ? layout.withInput(of: state.screen, in: reusable!)
                : layout.render(state.screen, reusing: statusOnly ? reusable : nil)
            state.frame = frame
            state.screen.scroll = frame.scroll
            state.screen.pageRequest = 0
            state.screen.followEnd = false
            let output = ScreenPainter.update(from: state.shown, to: frame, bell: bell)
            state.shown = frame.lines
            writer.write(output)
        }
    }

    // MARK: RunDisplay

    func show(_ event: DisplayEvent) {
        // A warning or time-up rings the bell: heard by the room, not only seen.
        redraw { $0.apply(event) }
    }

    func refresh(_ status: RunStatus) {
        // After Ctrl-Z and `fg` the terminal has its raw keys back (TerminalMode); the
        // whole screen is drawn again here, at the next tick.
        if TerminalMode.takeContinued() {
            measure()
            state.withLock { $0.shown = nil }
            redraw { $0.status = status; return false }
        } else {
            redraw(statusOnly: true) { $0.status = status; return false }
        }
    }

    // MARK: Keys

    private func readKeys() {
        var byte: UInt8 = 0
        var escape = 0
        var sequence: [UInt8] = []
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { break }
            if escape > 0 {
                // Escape sequences: PgUp (ESC [ 5 ~) and PgDn (ESC [ 6 ~) page the board;
                // the rest (arrows, function keys) are skipped up to their final byte.
                if escape == 1 && (byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O")) { escape = 2; sequence = []; continue }
                if escape == 2 && !(0x40...0x7E).contains(byte) { sequence.append(byte); continue }
                if escape == 2 && byte == UInt8(ascii: "~") {
                    if sequence == [UInt8(ascii: "5")] { page(by: -1) }
                    if sequence == [UInt8(ascii: "6")] { page(by: 1) }
                }
                escape = 0
                continue
            }
            switch byte {
            case 0x1B: escape = 1
            case 0x03: submit("/quit")
            case 0x1A: TerminalMode.suspendNow()
            case 0x0D, 0x0A, 0x09:
                // Tab is the timekeeper's speaker key: what is typed (a name, its start or
                // its number) speaks now, or nobody on an empty line — sent as /speaker.
                let speakerKey = byte == 0x09
                var line = ""
                redraw { screen in
                    line = String(screen.input)
                    if speakerKey { line = line.isEmpty ? "/speaker" : "/speaker " + line }
                    screen.input = []
                    screen.hiddenInput = false
                    screen.help = nil
                    if line.hasPrefix("/") && !line.hasPrefix("//") { screen.note("› " + line) }
                    return false
                }
                state.withLock { $0.pending = [] }
                keySink.yield(line)
            case 0x7F, 0x08:
                redraw(inputOnly: true) { if !$0.input.isEmpty { $0.input.removeLast() }; return false }
            case 0x15:
                redraw(inputOnly: true) { $0.input = []; return false }
            case 0x17:
                redraw(inputOnly: true) { screen in
                    while screen.input.last == " " { screen.input.removeLast() }
                    while let last = screen.input.last, last != " " { screen.input.removeLast() }
                    return false
                }
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
        redraw(inputOnly: true) { screen in
            if screen.input.count < 2000 { screen.input.append(contentsOf: text.neutralized()) }
            return false
        }
    }

    private func submit(_ line: String) {
        redraw { $0.note("› " + line); return false }
        keySink.yield(line)
    }

    /// PgUp/PgDn: the page is clamped when the frame is drawn.
    private func page(by delta: Int) {
        redraw { screen in
            screen.pageRequest += delta
            screen.pagedByHand = true
            return false
        }
    }
}
