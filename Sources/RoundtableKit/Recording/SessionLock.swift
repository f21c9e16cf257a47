import Foundation

/// One writer per session: an exclusive `flock` on the file `lock` in the session's
/// folder, held for as long as a `run` or `resume` of the session lives.
///
/// The lock file records who holds it (process id and start time) so that a second
/// writer can be told whom it waits for. The kernel releases the lock when its holder
/// dies, however it dies: a lock left by a crashed session is never in the way. Readers
/// (`report`, `sessions`) take no lock.
///
/// ```swift
/// let lock = try SessionLock.acquire(folder: ".roundtable/sessions/20261123-0930-retro")
/// // … run the session; the lock is released when `lock` is released or the process ends
/// ```
public final class SessionLock: Sendable {
    /// Who holds a session's lock.
    public struct Holder: Sendable, Hashable, Codable {
        public var pid: Int32
        /// When the holder took the lock, as an ISO 8601 date.
        public var started: String

        public init(pid: Int32, started: String) {
            self.pid = pid
            self.started = started
        }
    }

    /// Why a lock could not be taken.
    public enum Failure: Error, Sendable, Equatable {
        /// Another process holds it; who, if the lock file says so.
        case held(Holder?)
        /// The lock file cannot be used (permissions, not a regular file …).
        case unusable(String)
    }

    public static let fileName = "lock"
    private let descriptor: Int32
    public let holder: Holder

    private init(descriptor: Int32, holder: Holder) {
        self.descriptor = descriptor
        self.holder = holder
    }

    deinit { close(descriptor) }

    /// Lets the next writer in; the session must not be written after this.
    public func release() { _ = flock(descriptor, LOCK_UN) }

    /// Takes the lock of the session in `folder`, or says who holds it.
    ///
    /// A brief shared lock taken by a reader that asks ``holder(folder:)`` is waited out
    /// for up to a second before the lock counts as held.
    ///
    /// - Throws: ``Failure``.
    public static func acquire(folder: String, now: Date = Date()) throws(Failure) -> SessionLock {
        let path = folder + "/" + fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
        guard fd >= 0 else { throw .unusable("cannot open \(path.neutralized()): \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0, FileKind(mode: info.st_mode) == .regular else {
            close(fd)
            throw .unusable("\(path.neutralized()) is \(FileKind(mode: info.st_mode).phrase), not a regular file")
        }
        var attempts = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK, attempts < 20 else {
                let reason = errno == EWOULDBLOCK ? nil : String(cString: strerror(errno))
                let holder = readHolder(fd)
                close(fd)
                if let reason { throw .unusable("cannot lock \(path.neutralized()): \(reason)") }
                throw .held(holder)
            }
            attempts += 1
            usleep(50_000)
        }
        let holder = Holder(pid: getpid(), started: ISO8601DateFormatter().string(from: now))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var text = (try? encoder.encode(holder)) ?? Data()
        text.append(0x0A)
        // Who holds the lock is a courtesy to the next writer; the lock itself is the flock.
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
        return SessionLock(descriptor: fd, holder: holder)
    }

    /// Who holds the lock of the session in `folder`: nil when nobody does, `.some(nil)`
    /// when a holder did not say who it is.
    public static func holder(folder: String) -> Holder?? {
        let fd = open(folder + "/" + fileName, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, FileKind(mode: info.st_mode) == .regular else { return nil }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            _ = flock(fd, LOCK_UN)
            return nil
        }
        guard errno == EWOULDBLOCK else { return nil }
        return .some(readHolder(fd))
    }

    private static func readHolder(_ fd: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard count > 0, let line = buffer[0..<count].split(separator: 0x0A).first else { return nil }
        return try? JSONDecoder().decode(Holder.self, from: Data(line))
    }
}
