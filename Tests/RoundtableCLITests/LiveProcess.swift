import Foundation
import Synchronization

/// The built binary running in the background, as in a second terminal: lines can be
/// typed into it, its output watched, signals sent, and it is killed if it outlives a
/// deadline (so that a test of a hang fails instead of hanging).
final class LiveProcess {
    /// Output gathered by the reading thread.
    private final class Gathered: Sendable {
        let data = Mutex(Data())
        let finished = Mutex(false)
    }

    let process: Process
    private let input: FileHandle?
    private let gathered = Gathered()
    private var master: Int32?
    /// The pseudo-terminal's slave side, when the process runs on one.
    let terminal: Int32?

    /// Starts `roundtable arguments…` in `directory` with piped standard input and output.
    ///
    /// With `typingInto`, lines are typed into a named pipe of that name in `directory`
    /// (pass it with `--input`): a FIFO streams lines while the session runs, where a
    /// piped standard input is read to its end first, as a script.
    init(_ arguments: [String], in directory: URL, typingInto fifo: String? = nil, environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = Self.environment(environment, in: directory)
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        if let fifo {
            let path = directory.appendingPathComponent(fifo).path
            guard mkfifo(path, 0o644) == 0 || errno == EEXIST else { throw CocoaError(.fileWriteUnknown) }
            // Read and write: opening never blocks, and the session sees the end of input
            // only when this handle closes.
            let descriptor = open(path, O_RDWR | O_CLOEXEC)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            input = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try? stdin.fileHandleForWriting.close()
        } else {
            input = stdin.fileHandleForWriting
        }
        terminal = nil
        try process.run()
        drain(stdout.fileHandleForReading.fileDescriptor)
    }

    /// Starts `roundtable arguments…` on a new pseudo-terminal (standard input, output and
    /// error), as a facilitator's terminal window would.
    init(onTerminal arguments: [String], in directory: URL, rows: UInt16 = 30, columns: UInt16 = 100) throws {
        // posix_openpt, unlockpt and ptsname, as Linux does them (the Glibc module lacks them).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, UInt(0x4004_5431) /* TIOCSPTLCK */, &unlock) == 0,
              ioctl(master, UInt(0x8004_5430) /* TIOCGPTN */, &number) == 0 else {
            throw CocoaError(.featureUnsupported)
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw CocoaError(.featureUnsupported) }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = Self.environment(["TERM": "xterm-256color", "NO_COLOR": "1"], in: directory)
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        input = FileHandle(fileDescriptor: master, closeOnDealloc: false)
        terminal = slave
        self.master = master
        try process.run()
        drain(master)
    }

    /// As ``Binary/run(_:in:stdin:environment:)``: sessions in `.roundtable/sessions` of the
    /// test's folder, never in the real home.
    private static func environment(_ extra: [String: String], in directory: URL) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["ROUNDTABLE_PATH"] = nil
        env["HOME"] = Binary.home.path
        env["XDG_DATA_HOME"] = Binary.home.appendingPathComponent("data").path
        env["ROUNDTABLE_SESSIONS"] = directory.appendingPathComponent(".roundtable/sessions").path
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Reads the output as it comes, on a thread of its own, so the process never blocks on a full pipe.
    private func drain(_ descriptor: Int32) {
        let thread = Thread { [gathered] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                gathered.data.withLock { $0.append(contentsOf: buffer[0..<count]) }
            }
            gathered.finished.withLock { $0 = true }
        }
        thread.start()
    }

    var pid: Int32 { process.processIdentifier }

    /// Everything written so far (standard output and error).
    var text: String { gathered.data.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Waits until the output contains `expected`; false if the process ends or the deadline passes first.
    func waitFor(_ expected: String, timeout: TimeInterval = 60) -> Bool {
        waitUntil(timeout: timeout) { self.text.contains(expected) }
    }

    /// Polls `condition` until it holds or the deadline passes.
    func waitUntil(timeout: TimeInterval = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Types `line` and Enter (on a terminal: a carriage return, as a keyboard sends).
    func type(_ line: String) {
        input?.write(Data((line + (terminal == nil ? "\n" : "\r")).utf8))
    }

    /// Sends raw bytes (keys) to the process.
    func press(_ bytes: [UInt8]) { input?.write(Data(bytes)) }

    /// Ends typed input (a pipe only).
    func closeInput() { try? input?.close() }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the process to end, killing it after `timeout`; nil if it had to be killed.
    @discardableResult
    func wait(timeout: TimeInterval = 60) -> (reason: Process.TerminationReason, status: Int32)? {
        let ended = waitUntil(timeout: timeout) { !process.isRunning }
        if !ended {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        process.waitUntilExit()
        // The last output may still be on its way through the pipe.
        _ = waitUntil(timeout: 5) { gathered.finished.withLock { $0 } || terminal != nil }
        return (process.terminationReason, process.terminationStatus)
    }

    /// The process state letter from /proc (`T` when stopped).
    var state: Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].first
    }

    /// Whether the terminal's line discipline is in canonical ("cooked") mode.
    var terminalIsCooked: Bool? {
        guard let terminal else { return nil }
        var settings = termios()
        guard tcgetattr(terminal, &settings) == 0 else { return nil }
        return settings.c_lflag & tcflag_t(ICANON) != 0
    }

    /// Puts the terminal back in cooked mode, as a shell does when a job stops.
    func cookTerminal() {
        guard let terminal else { return }
        var settings = termios()
        guard tcgetattr(terminal, &settings) == 0 else { return }
        settings.c_lflag |= tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        settings.c_iflag |= tcflag_t(ICRNL)
        _ = tcsetattr(terminal, TCSANOW, &settings)
    }

    deinit {
        if process.isRunning { kill(pid, SIGKILL) }
        if let terminal { close(terminal) }
        if let master { close(master) }
    }
}
