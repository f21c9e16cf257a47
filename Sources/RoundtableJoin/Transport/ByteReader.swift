import FlyingSocks

/// Reads a socket through a small buffer: one connection's bytes, read by one task.
struct ByteReader {
    enum Failure: Error {
        /// The peer closed the connection.
        case closed
        /// A request head longer than its limit.
        case headTooLarge
    }

    private let socket: AsyncSocket
    private var buffer: [UInt8]
    private var start = 0

    init(_ socket: AsyncSocket, leftover: [UInt8] = []) {
        self.socket = socket
        self.buffer = leftover
    }

    /// The bytes read but not yet taken.
    var leftover: [UInt8] { Array(buffer[start...]) }

    private mutating func fill() async throws {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunk = try await socket.read(atMost: 4_096)
        guard !chunk.isEmpty else { throw Failure.closed }
        buffer += chunk
    }

    /// Exactly `count` bytes (the caller has bounded `count`).
    mutating func take(_ count: Int) async throws -> [UInt8] {
        while buffer.count - start < count { try await fill() }
        let taken = Array(buffer[start..<start + count])
        start += count
        if start == buffer.count {
            // An idle connection keeps no buffer.
            buffer = []
            start = 0
        }
        return taken
    }

    /// An HTTP request head, up to and without its blank line; at most `limit` bytes.
    mutating func head(limit: Int) async throws -> [UInt8] {
        var from = start
        while true {
            var index = from
            while index + 3 < buffer.count {
                if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                    guard index - start <= limit else { throw Failure.headTooLarge }
                    defer { start = index + 4 }
                    return Array(buffer[start..<index])
                }
                index += 1
            }
            guard buffer.count - start <= limit else { throw Failure.headTooLarge }
            // Where to look again, counted from what is kept: fill() moves the unread bytes to the front.
            let resume = max(start, buffer.count - 3) - start
            try await fill()
            from = resume
        }
    }
}
