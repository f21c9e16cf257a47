import Foundation

/// What a path names, found with `stat` before the file is opened.
///
/// Roundtable reads and writes only regular files: a named pipe called `team.yaml` would
/// block a reader forever, and writing a report "atomically" onto `/dev/null` would
/// replace the device when run as root.
///
/// ```swift
/// let kind = FileKind(path: "team.yaml")
/// guard kind == .regular else { throw … "team.yaml is \(kind.phrase), not a regular file" }
/// ```
public enum FileKind: Sendable, Hashable {
    case missing
    case regular
    case directory
    case fifo
    case characterDevice
    case blockDevice
    case socket
    case symbolicLink
    /// `stat` failed for another reason than a missing file (a folder on the way cannot be searched).
    case unknown

    /// The kind of `path`; symbolic links are followed unless `followingLinks` is false.
    public init(path: String, followingLinks: Bool = true) {
        var info = stat()
        let status = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else {
            self = errno == ENOENT || errno == ENOTDIR ? .missing : .unknown
            return
        }
        self.init(mode: info.st_mode)
    }

    /// The kind a `st_mode` describes.
    public init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        case S_IFLNK: self = .symbolicLink
        default: self = .unknown
        }
    }

    /// The kind in words, for messages: "a named pipe (FIFO)".
    public var phrase: String {
        switch self {
        case .missing: return "missing"
        case .regular: return "a regular file"
        case .directory: return "a folder"
        case .fifo: return "a named pipe (FIFO)"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .socket: return "a socket"
        case .symbolicLink: return "a symbolic link"
        case .unknown: return "not accessible"
        }
    }
}
