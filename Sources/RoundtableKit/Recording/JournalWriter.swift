import Foundation
import Synchronization

/// Where the runner writes what must survive a crash; every call returns only once the
/// record is on disk.
public protocol SessionRecorder: Sendable {
    /// Writes `record`; returns false when it could not be put on disk (disk full, file
    /// gone), so that the room can be told while there is still time to act.
    @discardableResult
    func record(_ record: JournalRecord) -> Bool
}

/// Appends records to a journal file, each followed by `fsync`.
///
/// A record is either wholly in the file or not at all: after a failed write (a full
/// disk) the file is cut back to the end of the last whole record before anything else
/// is written, so that no torn record is left in the middle of the journal.
public final class JournalWriter: SessionRecorder {
    /// The system calls the writer makes; tests swap in failing ones to act out a full disk.
    public struct SystemCalls: Sendable {
        public var write: @Sendable (Int32, UnsafeRawPointer, Int) -> Int
        public var fsync: @Sendable (Int32) -> Int32
        public var truncate: @Sendable (Int32, Int) -> Int32

        public init(
            write: @escaping @Sendable (Int32, UnsafeRawPointer, Int) -> Int,
            fsync: @escaping @Sendable (Int32) -> Int32,
            truncate: @escaping @Sendable (Int32, Int) -> Int32
        ) {
            self.write = write
            self.fsync = fsync
            self.truncate = truncate
        }

        public static let system = SystemCalls(
            write: { Foundation.write($0, $1, $2) }, fsync: { Foundation.fsync($0) }, truncate: { ftruncate($0, off_t($1)) })
    }

    private struct State {
        /// Bytes of the file that hold whole records.
        var length: Int
        /// A write failed and the file could not be cut back yet.
        var torn = false
        var finished = false
    }

    private let descriptor: Int32
    private let calls: SystemCalls
    private let state: Mutex<State>
    public let path: String

    /// Opens (creating if needed) the journal at `path`, cutting it to `validLength`
    /// first when a torn last line must be dropped.
    ///
    /// - Throws: ``LoadError`` when the file cannot be opened or is not a regular file.
    public init(path: String, truncatingTo validLength: Int? = nil, calls: SystemCalls = .system) throws(LoadError) {
        self.path = path
        self.calls = calls
        let location = SourceLocation(file: path.neutralized(), line: 1, column: 1)
        let kind = FileKind(path: path, followingLinks: false)
        guard kind == .regular || kind == .missing else {
            throw LoadError([.error("the session journal is \(kind.phrase), not a regular file", at: location)])
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard fd >= 0 else {
            throw LoadError([.error("cannot write the session journal: \(String(cString: strerror(errno)))",
                                    at: location, hint: "choose another --sessions-dir")])
        }
        var info = stat()
        guard fstat(fd, &info) == 0, FileKind(mode: info.st_mode) == .regular else {
            close(fd)
            throw LoadError([.error("the session journal is \(FileKind(mode: info.st_mode).phrase), not a regular file", at: location)])
        }
        var length = Int(info.st_size)
        if let validLength, validLength < length, ftruncate(fd, off_t(validLength)) == 0 { length = validLength }
        descriptor = fd
        state = Mutex(State(length: length))
    }

    deinit { close(descriptor) }

    /// True once this writer has put a `finished` record on disk.
    public var hasRecordedFinish: Bool { state.withLock { $0.finished } }

    @discardableResult
    public func record(_ record: JournalRecord) -> Bool {
        var data = record.encoded()
        data.append(0x0A)
        let finishing = if case .finished = record { true } else { false }
        return state.withLock { state in
            if state.torn {
                guard calls.truncate(descriptor, state.length) == 0 else { return false }
                state.torn = false
            }
            let whole = data.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let count = calls.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return false }
                    offset += count
                }
                return true
            }
            guard whole, calls.fsync(descriptor) == 0 else {
                // Back to the last whole record; if even that fails, the next write tries first.
                state.torn = calls.truncate(descriptor, state.length) != 0
                return false
            }
            state.length += data.count
            if finishing { state.finished = true }
            return true
        }
    }
}
