import Foundation
import RoundtableKit

/// Lines from a file or standard input, read on a thread of their own (a blocking read
/// must never hold one of the few concurrency threads the clock needs).
struct FileInput: RunInput {
    /// A path, or "-" for standard input.
    var path: String

    func lines() -> AsyncStream<String> {
        let (stream, sink) = AsyncStream<String>.makeStream()
        let path = self.path
        let thread = Thread {
            let file: UnsafeMutablePointer<FILE>? = path == "-" ? fdopen(dup(STDIN_FILENO), "r") : fopen(path, "r")
            guard let file else {
                sink.finish()
                return
            }
            defer { fclose(file) }
            var line: UnsafeMutablePointer<CChar>?
            var capacity = 0
            defer { free(line) }
            while true {
                let length = getline(&line, &capacity, file)
                if length < 0 { break }
                guard let line else { break }
                var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self), count: length))
                if bytes.last == 0x0A { bytes.removeLast() }
                if bytes.last == 0x0D { bytes.removeLast() }
                sink.yield(String(decoding: bytes, as: UTF8.self))
            }
            sink.finish()
        }
        thread.start()
        return stream
    }
}
