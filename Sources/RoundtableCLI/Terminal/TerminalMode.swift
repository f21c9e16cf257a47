import Foundation
import Synchronization

/// Puts the terminal in the state a live session needs and always puts it back: on
/// normal exit, on error exit, on fatal signals and while the process is stopped
/// (Ctrl-Z); on `fg` (SIGCONT) the session's state is put back in turn.
///
/// Signal handlers run in the middle of anything, even a `malloc`: they touch only the
/// memory prepared here before any handler is installed (saved settings, flags, byte
/// sequences) and call only async-signal-safe functions (`tcsetattr`, `write`,
/// `signal`, `pthread_sigmask`, `raise`).
enum TerminalMode {
    /// The settings to restore and to reapply, each in memory of its own: `tcgetattr`
    /// writing through `&` into a Swift global was seen to overwrite the flags stored beside it.
    nonisolated(unsafe) private static let saved = settingsMemory()
    nonisolated(unsafe) private static let raw = settingsMemory()
    /// What the session wants (set when it starts, cleared when it ends for good) …
    private static let keysWanted = Atomic<Bool>(false)
    private static let screenWanted = Atomic<Bool>(false)
    /// … and what the terminal has now (cleared while the process is stopped).
    private static let keysApplied = Atomic<Bool>(false)
    private static let screenApplied = Atomic<Bool>(false)
    private static let hooksInstalled = Atomic<Bool>(false)
    /// Set when the process was continued (`fg`): the screen's layout must be drawn again.
    private static let continued = Atomic<Bool>(false)

    /// Bytes that undo what a live session did to the screen: scroll region, colours,
    /// cursor visibility, alternate screen.
    static let resetSequence = "\u{1B}[r\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"
    /// Bytes that switch to a clear alternate screen.
    static let enterSequence = "\u{1B}[?1049h\u{1B}[H\u{1B}[2J"
    nonisolated(unsafe) private static let resetBytes = bytes(resetSequence)
    nonisolated(unsafe) private static let enterBytes = bytes(enterSequence)

    /// Signals after which the process ends: the terminal is restored first. SIGINT and
    /// SIGTERM are not among them: they end a session cleanly (``StopSignals``).
    static let fatalSignals = [SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE]

    private static func settingsMemory() -> UnsafeMutablePointer<termios> {
        let pointer = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        pointer.initialize(to: termios())
        return pointer
    }

    private static func bytes(_ text: String) -> UnsafeBufferPointer<UInt8> {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: text.utf8.count)
        _ = buffer.initialize(from: text.utf8)
        return UnsafeBufferPointer(buffer)
    }

    /// Switches to the alternate screen; it is left again on any exit.
    static func enterScreen(_ writer: TerminalWriter) {
        installHooks()
        screenWanted.store(true, ordering: .sequentiallyConsistent)
        screenApplied.store(true, ordering: .sequentiallyConsistent)
        writer.write(enterSequence)
    }

    /// Non-canonical input without echo (we echo ourselves through the one writer), and
    /// signals off so Ctrl-C arrives as a key and ends the session cleanly.
    static func enterKeyMode() -> Bool {
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, saved) == 0 else { return false }
        installHooks()
        var settings = saved.pointee
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        settings.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutablePointer(to: &settings.c_cc) { pointer in
            pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        }
        raw.pointee = settings
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, raw) == 0 else { return false }
        keysWanted.store(true, ordering: .sequentiallyConsistent)
        keysApplied.store(true, ordering: .sequentiallyConsistent)
        return true
    }

    private static func installHooks() {
        guard !hooksInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        // Everything a handler reads exists before the first handler can run.
        _ = (saved, raw, resetBytes, enterBytes)
        _ = (keysWanted.load(ordering: .relaxed), screenWanted.load(ordering: .relaxed),
             keysApplied.load(ordering: .relaxed), screenApplied.load(ordering: .relaxed), continued.load(ordering: .relaxed))
        atexit { TerminalMode.restore() }
        for signalNumber in fatalSignals {
            signal(signalNumber) { number in
                TerminalMode.restore()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
        signal(SIGTSTP) { _ in TerminalMode.suspend() }
        // A handler, not a dispatch source: it is in place as soon as this returns.
        signal(SIGCONT) { _ in TerminalMode.resumeAfterStop() }
    }

    /// SIGCONT: the raw keys and the screen come back; the layout is redrawn by the
    /// display (``takeContinued()``). Runs as a signal handler.
    private static func resumeAfterStop() {
        let savedErrno = errno
        defer { errno = savedErrno }
        reenter()
        continued.store(true, ordering: .sequentiallyConsistent)
    }

    /// True once after each SIGCONT: the display redraws its layout then.
    static func takeContinued() -> Bool { continued.exchange(false, ordering: .sequentiallyConsistent) }

    /// Ctrl-Z (or SIGTSTP): gives the terminal back, stops, and on `fg` takes it again.
    /// Runs as a signal handler.
    private static func suspend() {
        let savedErrno = errno
        defer { errno = savedErrno }
        leave()
        signal(SIGTSTP, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(SIGTSTP)
        // Stopped until SIGCONT; then (or at once, in an orphaned process group) here.
        signal(SIGTSTP) { _ in TerminalMode.suspend() }
        reenter()
    }

    /// Ctrl-Z as a key (raw mode reads it as a byte): stops the process as the terminal
    /// would. Sent to the process, not raised in this thread: threads of the concurrency
    /// pool, and those they start, block signals.
    static func suspendNow() { kill(getpid(), SIGTSTP) }

    /// Puts back the state the session wants (after `fg`, or after a shell reset the
    /// terminal); safe from a signal handler. Returns true when the screen was entered
    /// again, so that the caller redraws it.
    @discardableResult
    static func reenter() -> Bool {
        if keysWanted.load(ordering: .sequentiallyConsistent) {
            // Always: a shell may have put its own settings back while we were stopped.
            _ = tcsetattr(STDIN_FILENO, TCSANOW, raw)
            keysApplied.store(true, ordering: .sequentiallyConsistent)
        }
        guard screenWanted.load(ordering: .sequentiallyConsistent),
              !screenApplied.exchange(true, ordering: .sequentiallyConsistent) else { return false }
        writeAll(enterBytes)
        return true
    }

    /// Gives the terminal its own state back for now; safe from a signal handler.
    private static func leave() {
        if keysApplied.exchange(false, ordering: .sequentiallyConsistent) {
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, saved)
        }
        if screenApplied.exchange(false, ordering: .sequentiallyConsistent) {
            writeAll(resetBytes)
        }
    }

    /// Restores the saved settings for good; safe to call more than once and from a
    /// signal handler.
    static func restore() {
        keysWanted.store(false, ordering: .sequentiallyConsistent)
        screenWanted.store(false, ordering: .sequentiallyConsistent)
        leave()
    }

    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
