import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking socket calls on a thread of their own, so the server keeps the 2-thread pool.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// A WebSocket client for tests and benchmarks of the join server: 127.0.0.1 only, every
/// read bounded by a timeout. Its calls block: run them with ``blocking(_:)``.
public final class TestSocketClient: @unchecked Sendable {
    public struct Frame {
        public var opcode: UInt8
        public var payload: [UInt8]
        public var text: String { String(decoding: payload, as: UTF8.self) }
        public var closeCode: Int? { opcode == 8 && payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil }
    }

    public let fd: Int32
    private var buffer: [UInt8] = []
    private let lock = NSLock()
    /// Every text frame received, in order.
    public private(set) var texts: [String] = []

    private init(fd: Int32) { self.fd = fd }

    deinit { Glibc.close(fd) }

    /// Connects to 127.0.0.1:`port` with a receive timeout.
    public static func connect(port: Int, timeout seconds: Int = 5) -> TestSocketClient? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var time = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            return nil
        }
        return TestSocketClient(fd: fd)
    }

    public func write(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; false on end of stream or timeout.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return false }
        buffer += chunk[0..<n]
        return true
    }

    private func take(_ count: Int) -> [UInt8]? {
        while buffer.count < count { if !fill() { return nil } }
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }

    /// Sends an HTTP request and reads the response head; returns the status code.
    public func request(_ head: String) -> Int? {
        write(Array(head.utf8))
        while true {
            if let end = findHeadEnd() {
                let text = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return text.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            }
            if !fill() { return nil }
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Opens a WebSocket on `path`; returns the HTTP status (101 when it opened).
    public func upgrade(path: String, port: Int, origin: String?) -> Int? {
        var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        head += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        if let origin { head += "Origin: \(origin)\r\n" }
        return request(head + "\r\n")
    }

    /// Sends one masked frame.
    public func sendFrame(opcode: UInt8 = 1, _ payload: [UInt8]) {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 65_535 {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((payload.count >> shift) & 0xFF)) }
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        write(frame)
    }

    public func send(_ json: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: json)
        sendFrame(Array(data))
    }

    /// The next frame, or nil on timeout or end of stream.
    public func nextFrame() -> Frame? {
        guard let head = take(2) else { return nil }
        var length = Int(head[1] & 0x7F)
        if length == 126 {
            guard let more = take(2) else { return nil }
            length = Int(more[0]) << 8 | Int(more[1])
        } else if length == 127 {
            guard let more = take(8) else { return nil }
            length = more.reduce(0) { $0 << 8 | Int($1) }
        }
        guard let payload = take(length) else { return nil }
        let frame = Frame(opcode: head[0] & 0x0F, payload: payload)
        if frame.opcode == 1 { lock.withLock { texts.append(frame.text) } }
        return frame
    }

    /// Reads frames until a JSON message of type `type` arrives (nil on timeout, end or close).
    public func next(_ type: String) -> JSONMessage? {
        let marker = Array("\"t\":\"\(type)\"".utf8)
        while let frame = nextFrame() {
            if frame.opcode == 8 { return nil }
            // Skipped unparsed: the server writes `"t":"…"` as is, and a benchmark's hundred
            // clients must not spend the server's CPU parsing every state they are sent.
            guard frame.opcode == 1, frame.payload.count < 256 || Self.contains(frame.payload, marker),
                  let object = try? JSONSerialization.jsonObject(with: Data(frame.payload)) as? [String: Any] else { continue }
            if object["t"] as? String == type { return JSONMessage(object: object) }
        }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ marker: [UInt8]) -> Bool {
        guard bytes.count >= marker.count else { return false }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if Array(bytes[start..<(start + marker.count)]) == marker { return true }
        }
        return false
    }

    /// Reads frames until a close frame; returns its code (nil on timeout or end without one).
    public func closeCode() -> Int? {
        while let frame = nextFrame() { if frame.opcode == 8 { return frame.closeCode ?? 1005 } }
        return nil
    }

    /// Reads whatever arrives until nothing has come for `milliseconds`.
    public func drain(quietFor milliseconds: Int = 300) {
        setTimeout(milliseconds: milliseconds)
        while nextFrame() != nil {}
        setTimeout(milliseconds: 5_000)
    }

    public func setTimeout(milliseconds: Int) {
        var time = timeval(tv_sec: milliseconds / 1000, tv_usec: (milliseconds % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    public var allText: String { lock.withLock { texts.joined(separator: "\n") } }
}

/// A JSON message a test received (plain JSON values only).
public struct JSONMessage: @unchecked Sendable {
    public let object: [String: Any]
    public subscript(key: String) -> Any? { object[key] }
}
