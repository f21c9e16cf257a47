import Foundation

/// Reads a regular file whole, refusing anything else before a byte is read.
///
/// The file is opened non-blocking and checked with `fstat` on the open descriptor, so a
/// named pipe swapped in after a check cannot block the reader either.
public enum RegularFile {
    /// Why a file could not be read.
    public enum Failure: Error, Sendable, Equatable {
        case missing
        case notRegular(FileKind)
        case tooLarge(Int)
        case unreadable(String)

        /// The failure in words, for a diagnostic.
        public var message: String {
            switch self {
            case .missing: return "does not exist"
            case .notRegular(let kind): return "is \(kind.phrase), not a regular file"
            case .tooLarge(let limit): return "is larger than \(limit) bytes"
            case .unreadable(let reason): return "cannot be read: \(reason)"
            }
        }
    }

    /// The first line of the regular file at `path` (without its newline), read no further
    /// than that line: a large file costs no more than its first line.
    ///
    /// - Throws: ``Failure`` when the path is missing, not a regular file or unreadable, or
    ///   when no newline comes within `maxBytes`.
    public static func firstLine(_ path: String, maxBytes: Int) throws(Failure) -> Data {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .missing }
            throw .unreadable(String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        let kind = FileKind(mode: info.st_mode)
        guard kind == .regular else { throw .notRegular(kind) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { throw .unreadable("it ends before its first line does") }
            if let newline = buffer[0..<count].firstIndex(of: 0x0A) {
                data.append(contentsOf: buffer[0..<newline])
                return data
            }
            guard data.count + count <= maxBytes else { throw .tooLarge(maxBytes) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// The bytes of the regular file at `path`, at most `maxBytes` of them.
    ///
    /// - Throws: ``Failure`` when the path is missing, not a regular file, too large or unreadable.
    public static func read(_ path: String, maxBytes: Int) throws(Failure) -> Data {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .missing }
            throw .unreadable(String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        let kind = FileKind(mode: info.st_mode)
        guard kind == .regular else { throw .notRegular(kind) }
        guard Int(info.st_size) <= maxBytes else { throw .tooLarge(maxBytes) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            // A file that grows while it is read stays bounded.
            guard data.count + count <= maxBytes else { throw .tooLarge(maxBytes) }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }
}
