import Foundation
import RoundtableKit

/// The input of `--input`: a file's lines as a script typed at once when the session
/// starts, or lines streamed as they come from a pipe or FIFO.
///
/// A regular file, `/dev/null` and standard input (`-`, from a file or a pipe, read to its
/// end first) are scripts: known in full before the session starts, so they give the same
/// session at any `--speed`. A FIFO named by its path, or a terminal, streams its lines as
/// they arrive: that is how to feed a session while it runs.
enum ScriptFile {
    /// The most a script file may hold; a longer one is refused before the session starts.
    static let maximumSize = 16 << 20

    enum Problem: Error, CustomStringConvertible {
        case tooLarge(String, Int)
        case unreadable(String)

        var description: String {
            switch self {
            case .tooLarge(let path, let size):
                return "--input: '\(path.neutralized())' holds \(size) bytes; a script may hold at most \(ScriptFile.maximumSize >> 20) MiB"
            case .unreadable(let path):
                return "--input: '\(path.neutralized())' cannot be read"
            }
        }
    }

    /// The input for `path` ("-" for standard input).
    static func input(_ path: String) throws(Problem) -> any RunInput {
        var info = stat()
        let described = path == "-" ? "standard input" : path
        let found = path == "-" ? fstat(STDIN_FILENO, &info) == 0 : stat(path, &info) == 0
        if path == "/dev/null" { return ScriptedInput([]) }
        let data: Data
        if path == "-" {
            guard isatty(STDIN_FILENO) == 0 else { return FileInput(path: path) }
            data = try read(STDIN_FILENO, described: described)
        } else {
            guard found, (info.st_mode & S_IFMT) == S_IFREG else { return FileInput(path: path) }
            guard info.st_size <= maximumSize else { throw .tooLarge(described, Int(info.st_size)) }
            guard let contents = FileManager.default.contents(atPath: path) else { throw .unreadable(described) }
            data = contents
        }
        return ScriptedInput(text: String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
    }

    /// Reads standard input to its end, refusing more than ``maximumSize`` bytes.
    private static func read(_ descriptor: Int32, described: String) throws(Problem) -> Data {
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        var data = Data()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 64 << 10) } catch { throw .unreadable(described) }
            guard let chunk, !chunk.isEmpty else { return data }
            data.append(chunk)
            if data.count > maximumSize { throw .tooLarge(described, data.count) }
        }
    }
}
