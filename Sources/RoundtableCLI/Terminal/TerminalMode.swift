import Foundation

/// Puts the terminal in the state a live session needs and always puts it back: on
/// normal exit, on error exit and on fatal signals.
enum TerminalMode {
    /// The settings to restore, in memory of its own: `tcgetattr` writing through `&` into a
    /// Swift global was seen to overwrite the flags stored beside it.
    nonisolated(unsafe) private static let saved: UnsafeMutablePointer<termios> = {
        let pointer = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        pointer.initialize(to: termios())
        return pointer
    }()
    nonisolated(unsafe) private static var keysActive = false
    nonisolated(unsafe) private static var screenActive = false
    nonisolated(unsafe) private static var hooksInstalled = false
    /// Bytes that undo what a live session did to the screen: scroll region, colours,
    /// cursor visibility, alternate screen.
    static let resetSequence = "\u{1B}[r\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"

    /// Switches to the alternate screen; it is left again on any exit.
    static func enterScreen(_ writer: TerminalWriter) {
        installHooks()
        screenActive = true
        writer.write("\u{1B}[?1049h\u{1B}[H\u{1B}[2J")
    }

    /// Non-canonical input without echo (we echo ourselves through the one writer), and
    /// signals off so Ctrl-C arrives as a key and ends the session cleanly.
    static func enterKeyMode() -> Bool {
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, saved) == 0 else { return false }
        installHooks()
        var raw = saved.pointee
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutablePointer(to: &raw.c_cc) { pointer in
            pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        }
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else { return false }
        keysActive = true
        return true
    }

    private static func installHooks() {
        guard !hooksInstalled else { return }
        hooksInstalled = true
        atexit { TerminalMode.restore() }
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE] {
            signal(signalNumber) { number in
                TerminalMode.restore()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    /// Restores the saved settings; safe to call more than once and from a signal handler.
    static func restore() {
        if keysActive {
            keysActive = false
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, saved)
        }
        if screenActive {
            screenActive = false
            resetSequence.utf8CString.withUnsafeBufferPointer { buffer in
                _ = Foundation.write(STDOUT_FILENO, buffer.baseAddress!, buffer.count - 1)
            }
        }
    }
}
