import Foundation
import RoundtableKit

/// Lines from a file or standard input, read on a thread of their own (a blocking read
/// must never hold one of the few concurrency threads the clock needs).
///
/// A line is at most ``maxLineBytes`` long: a file without newlines must not grow
/// memory without bound. A longer line is cut there (at a character boundary), the rest
/// up to its newline is dropped, and `notice` says so.
struct FileInput: RunInput {
    /// The longest line kept, in bytes.
    static let maxLineBytes = 64 * 1024

    /// A path, or "-" for standard input.
    var path: String
    var maxLineBytes = FileInput.maxLineBytes
    /// Told about each line that was cut.
    var notice: @Sendable (String) -> Void = { _ in }

    /// What the room is told about a line that was cut.
    static func cutNotice(line: Int, limit: Int = maxLineBytes) -> String {
        "Line \(line) of the input is longer than \(limit / 1024) KiB; only its first \(limit / 1024) KiB are kept."
    }

    func lines() -> AsyncStream<String> {
        let (stream, sink) = AsyncStream<String>.makeStream()
        let path = self.path, limit = maxLineBytes, notice = self.notice
        let thread = Thread {
            let descriptor = path == "-" ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                sink.finish()
                return
            }
            defer { close(descriptor) }
            var reader = LineReader(limit: limit)
            var chunk = [UInt8](repeating: 0, count: 16 * 1024)
            var lineNumber = 0
            func emit(_ line: LineReader.Line) {
                lineNumber += 1
                if line.cut { notice(FileInput.cutNotice(line: lineNumber, limit: limit)) }
                sink.yield(String(decoding: line.bytes, as: UTF8.self))
            }
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                for line in reader.feed(chunk[0..<count]) { emit(line) }
            }
            if let last = reader.finish() { emit(last) }
            sink.finish()
        }
        thread.start()
        return stream
    }
}

/// Splits bytes into lines of at most `limit` bytes, with memory bounded by the limit.
struct LineReader {
    struct Line: Equatable {
        var bytes: [UInt8]
        /// The line was longer than the limit and was cut.
        var cut: Bool
    }

    let limit: Int
    private var current: [UInt8] = []
    private var cut = false

    init(limit: Int) { self.limit = limit }

    /// The lines completed by `bytes`.
    mutating func feed(_ bytes: ArraySlice<UInt8>) -> [Line] {
        var lines: [Line] = []
        for byte in bytes {
            if byte == 0x0A {
                lines.append(take())
            } else if current.count < limit {
                current.append(byte)
            } else {
                cut = true
            }
        }
        return lines
    }

    /// The last line, if the input ended without a newline.
    mutating func finish() -> Line? {
        current.isEmpty && !cut ? nil : take()
    }

    private mutating func take() -> Line {
        var bytes = current
        if bytes.last == 0x0D { bytes.removeLast() }
        if cut {
            // Cut at a character boundary: drop a trailing partial UTF-8 sequence.
            var end = bytes.count
            while end > 0 && bytes[end - 1] & 0xC0 == 0x80 { end -= 1 }
            if end > 0 && bytes[end - 1] >= 0xC0 {
                let start = bytes[end - 1]
                let length = start >= 0xF0 ? 4 : start >= 0xE0 ? 3 : 2
                if bytes.count - (end - 1) < length { bytes.removeSubrange((end - 1)...) }
            }
        }
        let line = Line(bytes: bytes, cut: cut)
        current.removeAll(keepingCapacity: true)
        cut = false
        return line
    }
}
