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

    /// The input of `--input`, and what to tell the room about it when the session starts.
    struct Script {
        var input: any RunInput
        /// Lines longer than ``FileInput/maxLineBytes`` were cut.
        var notices: [String] = []
    }

    /// The input for `path` ("-" for standard input); `notice` is told about lines that a
    /// stream cuts as they come.
    static func input(_ path: String, notice: @escaping @Sendable (String) -> Void = { _ in }) throws(Problem) -> Script {
        var info = stat()
        let described = path == "-" ? "standard input" : path
        let found = path == "-" ? fstat(STDIN_FILENO, &info) == 0 : stat(path, &info) == 0
        if path == "/dev/null" { return Script(input: ScriptedInput([])) }
        let data: Data
        if path == "-" {
            guard isatty(STDIN_FILENO) == 0 else { return Script(input: FileInput(path: path, notice: notice)) }
            data = try read(STDIN_FILENO, described: described)
        } else {
            guard found, (info.st_mode & S_IFMT) == S_IFREG else { return Script(input: FileInput(path: path, notice: notice)) }
            guard info.st_size <= maximumSize else { throw .tooLarge(described, Int(info.st_size)) }
            guard let contents = FileManager.default.contents(atPath: path) else { throw .unreadable(described) }
            data = contents
        }
        // The same cut as a stream's: no line longer than 64 KiB reaches the session.
        var reader = LineReader(limit: FileInput.maxLineBytes)
        var lines = reader.feed(ArraySlice([UInt8](data)))
        if let last = reader.finish() { lines.append(last) }
        let notices = lines.indices.filter { lines[$0].cut }.map { FileInput.cutNotice(line: $0 + 1) }
        return Script(input: ScriptedInput(lines.map { String(decoding: $0.bytes, as: UTF8.self) }), notices: notices)
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
