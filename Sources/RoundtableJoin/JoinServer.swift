import FlyingSocks
import Foundation
import Synchronization

/// The HTTP + WebSocket server devices join: it serves the embedded page at `/ROOM` and
/// the room's WebSocket at `/ROOM/ws`, and nothing else.
///
/// ```swift
/// let server = try await JoinServer.start(room: room, bind: .loopback)
/// print(server.address)      // http://127.0.0.1:8422/K7PQ4M
/// …
/// await server.stop()
/// ```
public final class JoinServer: Sendable {
    /// Where to listen.
    public enum Bind: Sendable, Equatable {
        /// 127.0.0.1: this computer only.
        case loopback
        /// The first non-loopback IPv4 address of an interface that is up (found with getifaddrs).
        case lan
        /// One IPv4 address given by the facilitator.
        case address(String)
    }

    public enum StartError: Error, CustomStringConvertible {
        case noNetwork
        case cannotListen(String, Int, String)

        public var description: String {
            switch self {
            case .noNetwork: return "no local network address found (no interface is up besides loopback); try --bind ADDRESS"
            case .cannotListen(let host, let port, let why): return "cannot listen on \(host):\(port): \(why)"
            }
        }
    }

    public let room: JoinRoom
    /// The IPv4 address listened on.
    public let host: String
    public let port: Int
    let listener: Socket
    let task: Task<Void, Never>
    let sockets: SocketCount

    /// The address to open on a device.
    public var address: String { "http://\(host):\(port)/\(room.code)" }

    init(room: JoinRoom, host: String, port: Int, listener: Socket, task: Task<Void, Never>, sockets: SocketCount) {
        self.room = room
        self.host = host
        self.port = port
        self.listener = listener
        self.task = task
        self.sockets = sockets
    }

    /// Starts listening; on `port` 0, the port of an earlier run of the session if it is
    /// free, else any free port.
    ///
    /// - Throws: ``StartError`` when no address fits or the port cannot be bound.
    public static func start(room: JoinRoom, bind: Bind, port: Int = 0) async throws -> JoinServer {
        let host: String
        switch bind {
        case .loopback: host = "127.0.0.1"
        case .address(let address): host = address
        case .lan:
            guard let found = LocalAddress.lan() else { throw StartError.noNetwork }
            host = found
        }
        var ports = [port]
        if port == 0, let saved = room.savedPort { ports = [saved, 0] }
        var lastError = "unknown"
        for candidate in ports {
            do {
                return try await listen(room: room, host: host, port: candidate)
            } catch {
                lastError = "\(error)"
            }
        }
        throw StartError.cannotListen(host, port, lastError)
    }

    private static func listen(room: JoinRoom, host: String, port: Int) async throws -> JoinServer {
        guard (0...65_535).contains(port) else { throw StartError.cannotListen(host, port, "no such port") }
        let socket = try Socket(domain: Int32(AF_INET), type: .stream)
        let bound: UInt16
        do {
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: try sockaddr_in.inet(ip4: host, port: UInt16(port)))
            try socket.listen()
            guard case .ip4(_, let port) = try socket.sockname() else { throw StartError.cannotListen(host, port, "not an IPv4 address") }
            bound = port
        } catch {
            try? socket.close()
            throw error
        }
        let pool = Self.pool()
        try await pool.prepare()
        let listener = try AsyncSocket(socket: socket, pool: pool)
        let sockets = SocketCount()
        let task = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { try? await pool.run() }
                group.addTask {
                    await withDiscardingTaskGroup { connections in
                        do {
                            for try await client in listener.sockets {
                                guard sockets.open() else {
                                    try? client.close()
                                    continue
                                }
                                Connection.keepAlive(client.socket)
                                connections.addTask {
                                    await Connection(socket: client, room: room).serve()
                                    sockets.close()
                                }
                            }
                        } catch {}
                    }
                }
            }
        }
        var hosts: Set<String> = ["\(host):\(bound)"]
        if host == "127.0.0.1" { hosts.insert("localhost:\(bound)") }
        room.listening(port: Int(bound), hosts: hosts)
        return JoinServer(room: room, host: host, port: Int(bound), listener: socket, task: task, sockets: sockets)
    }

    private static func pool() -> some AsyncSocketPool {
        #if canImport(Darwin)
        return .kQueue()
        #else
        return .ePoll()
        #endif
    }

    /// Sockets open now (pages being served and devices connected).
    public var openSockets: Int { sockets.count }

    /// Closes every device's connection and stops listening.
    public func stop() async {
        // Devices get a close frame, written before their connections end …
        room.closeAll()
        let deadline = ContinuousClock.now + .seconds(1)
        while sockets.count > 0, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        // … then whatever is left (a page half read, a device that does not answer) is cut.
        task.cancel()
        await task.value
        try? listener.close()
    }
}

/// Counts open sockets and refuses more than the room could ever use.
final class SocketCount: Sendable {
    /// Devices (the room's own limit is lower) plus pages being fetched.
    static let limit = 1_200
    private let value = Mutex(0)

    var count: Int { value.withLock { $0 } }

    func open() -> Bool {
        value.withLock { count in
            guard count < Self.limit else { return false }
            count += 1
            return true
        }
    }

    func close() { value.withLock { $0 -= 1 } }
}

/// One accepted socket: a request for the page, a refusal, or a device's WebSocket.
struct Connection {
    let socket: AsyncSocket
    let room: JoinRoom

    func serve() async {
        defer { try? socket.close() }
        let head: (bytes: [UInt8], leftover: [UInt8])
        do {
            head = try await readHead()
        } catch ByteReader.Failure.headTooLarge {
            await reply(.plain(431, "Request head too large.\n"))
            return
        } catch is Timeout {
            await reply(.plain(408, "Too slow.\n"))
            return
        } catch {
            return
        }
        guard let request = HTTPHead(head.bytes) else {
            await reply(.plain(400, "Bad request.\n"))
            return
        }
        switch route(request) {
        case .reply(let answer):
            await reply(answer, head: request.method == "HEAD")
        case .upgrade(let token):
            await upgrade(request, token: token, leftover: head.leftover)
        }
    }

    struct Timeout: Error {}

    /// The request head, within the room's `requestHeadBytes` and `requestTimeout` (a client
    /// that trickles bytes holds a socket for ten seconds at most).
    private func readHead() async throws -> (bytes: [UInt8], leftover: [UInt8]) {
        try await withThrowingTaskGroup(of: (bytes: [UInt8], leftover: [UInt8])?.self) { group in
            let limits = room.limits
            group.addTask { [socket] in
                var reader = ByteReader(socket)
                let head = try await reader.head(limit: limits.requestHeadBytes)
                return (head, reader.leftover)
            }
            group.addTask {
                try await Task.sleep(for: limits.requestTimeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let head = first else { throw Timeout() }
            return head
        }
    }

    enum Route {
        case reply(HTTPReply)
        case upgrade(token: String?)
    }

    /// What a request gets: the page at `/ROOM`, the WebSocket at `/ROOM/ws`, a refusal otherwise.
    func route(_ request: HTTPHead) -> Route {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .reply(.plain(405, "Only GET.\n", headers: [("Allow", "GET, HEAD")]))
        }
        if let length = request[header: "content-length"], length != "0" { return .reply(.plain(413, "No bodies.\n")) }
        if request[header: "transfer-encoding"] != nil { return .reply(.plain(413, "No bodies.\n")) }
        // A name that is not ours (DNS rebinding) gets nothing.
        guard let host = request[header: "host"], !request.repeated.contains("host"), room.allows(host: host) else {
            return .reply(.plain(421, "Wrong host.\n"))
        }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard let first = parts.first, JoinSecrets.same(String(first), room.code) else { return .reply(.plain(404, "Not found.\n")) }
        switch parts.count {
        case 1:
            return .reply(Self.page())
        case 2 where parts.last == "ws":
            // Only the page we served may open the socket: the browser says where it runs.
            guard request[header: "origin"] == "http://\(host)" else { return .reply(.plain(403, "Wrong origin.\n")) }
            guard request.method == "GET", request.lists("connection", "upgrade"),
                  request[header: "upgrade"]?.lowercased() == "websocket",
                  request[header: "sec-websocket-version"] == "13",
                  let key = request[header: "sec-websocket-key"], WebSocket.isValidKey(key) else {
                return .reply(.plain(400, "Not a WebSocket handshake.\n"))
            }
            return .upgrade(token: request.query["token"])
        default:
            return .reply(.plain(404, "Not found.\n"))
        }
    }

    static func page() -> HTTPReply {
        let nonce = String(JoinSecrets.token().prefix(32))
        let policy = "default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'nonce-\(nonce)'; connect-src 'self'; "
            + "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        return HTTPReply(
            status: 200,
            headers: [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Security-Policy", policy),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "no-referrer"),
                ("Cache-Control", "no-store"),
            ],
            body: Array(JoinPage.html(nonce: nonce).utf8))
    }

    /// Switches to the WebSocket protocol: frames in go to the room, what the room sends goes out.
    private func upgrade(_ request: HTTPHead, token: String?, leftover: [UInt8]) async {
        let key = request[header: "sec-websocket-key"] ?? ""
        let reply = HTTPReply(status: 101, headers: [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", WebSocket.accept(key: key)),
        ], body: [])
        guard let (id, out) = room.open(token: token) else {
            await write(reply.encoded())
            await write(OutFrame.close(.tryAgainLater, reason: "too many devices").bytes)
            return
        }
        await write(reply.encoded())
        enum Side { case writer, reader }
        await withTaskGroup(of: Side.self) { group in
            group.addTask { [socket] in
                // The writer: the room's frames in order; a close frame ends the connection.
                for await frame in out {
                    do { try await socket.write(Data(frame.bytes)) } catch { break }
                    if frame.closes { break }
                }
                return .writer
            }
            group.addTask { [socket, room] in
                var reader = ByteReader(socket, leftover: leftover)
                var partial: [UInt8] = []
                var isText: Bool?
                loop: while true {
                    do {
                        switch try await WebSocket.read(from: &reader, limit: room.limits.messageBytes, partial: &partial, partialIsText: &isText) {
                        case .text(let text):
                            if !room.receive(text, from: id) { break loop }
                        case .ping(let payload):
                            room.send(.pong(payload), to: id)
                        case .pong:
                            continue
                        case .binary, .close:
                            room.refuse(id, code: .goingAway, reason: "")
                            break loop
                        }
                    } catch let failure as WebSocket.Failure {
                        room.refuse(id, code: failure.closeCode, reason: "\(failure)")
                        break loop
                    } catch {
                        break loop
                    }
                }
                // The room forgets the connection, which ends the writer once it has written the rest.
                room.close(id)
                return .reader
            }
            // The writer ends first when it wrote a close frame or the device stopped taking
            // bytes: nothing more comes that the room would take, so the reading stops too
            // (what the device still sends is read and dropped below).
            if await group.next() == .writer { group.cancelAll() }
            await group.waitForAll()
        }
        await lingerBeforeClosing()
    }

    /// Bytes a closing connection reads and drops at most, and for how long.
    static let lingerBytes = 262_144
    static let lingerTime = Duration.seconds(1)

    /// Reads what the device still sends (the rest of a refused frame, say) before the socket
    /// closes: closing with unread bytes resets the connection, and the device would lose the
    /// close frame that says why. Bounded in bytes and time.
    private func lingerBeforeClosing() async {
        Self.shutdownWriting(socket)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [socket] in
                var dropped = 0
                while dropped < Self.lingerBytes, let chunk = try? await socket.read(atMost: 4_096), !chunk.isEmpty {
                    dropped += chunk.count
                }
            }
            group.addTask { try? await Task.sleep(for: Self.lingerTime) }
            await group.next()
            group.cancelAll()
        }
    }

    /// A phone that sleeps or leaves the network sends no goodbye: TCP keep-alive probes find
    /// out after about 90 s of silence, and the connection closes, so the room stops
    /// counting that device as there.
    static func keepAlive(_ socket: Socket) {
        try? socket.setValue(true, for: BoolSocketOption(name: SO_KEEPALIVE))
        #if os(Linux)
        try? socket.setValue(60, for: Int32SocketOption(level: Int32(IPPROTO_TCP), name: TCP_KEEPIDLE))
        try? socket.setValue(10, for: Int32SocketOption(level: Int32(IPPROTO_TCP), name: TCP_KEEPINTVL))
        try? socket.setValue(3, for: Int32SocketOption(level: Int32(IPPROTO_TCP), name: TCP_KEEPCNT))
        #endif
    }

    static func shutdownWriting(_ socket: AsyncSocket) {
        #if canImport(Glibc)
        _ = Glibc.shutdown(socket.socket.file.rawValue, Int32(SHUT_WR))
        #elseif canImport(Darwin)
        _ = Darwin.shutdown(socket.socket.file.rawValue, SHUT_WR)
        #endif
    }

    /// Answers and closes; the client's unread bytes are read first, so the answer is not lost to a reset.
    private func reply(_ reply: HTTPReply, head: Bool = false) async {
        await write(reply.encoded(head: head))
        await lingerBeforeClosing()
    }

    private func write(_ bytes: [UInt8]) async {
        try? await socket.write(Data(bytes))
    }
}

extension JoinServer {
    /// What the facilitator's screen shows so people can join: the address, the room code
    /// and a QR code of the address (a live display can draw this string as it likes).
    ///
    /// - Parameter color: Force black on white around the QR code (scannable on dark themes).
    public func banner(color: Bool) -> String {
        var lines = ["Join from your phone or laptop: \(address)  (room \(room.code))"]
        if host != "127.0.0.1" { lines.append("Listening on the local network at \(host):\(port).") }
        if let code = QRCode(address) { lines.append(code.halfBlocks(color: color)) }
        lines.append("A second device for a name that has joined needs /allow NAME.")
        return lines.joined(separator: "\n")
    }

    /// The banner as plain lines for the projector's panel (``DisplayEvent/panel(_:)``), with
    /// who has joined so far; the screen paints it black on white so the code scans.
    public func panel(joined: [String]) -> [String] {
        var lines = [" Join from your phone or laptop: \(address)  (room \(room.code)) "]
        if let code = QRCode(address) { lines += code.halfBlocks(color: false).split(separator: "\n").map(String.init) }
        let waiting = room.names.filter { !joined.contains($0) }
        lines.append(" \(joined.count) of \(room.names.count) have joined" + (waiting.isEmpty ? "" : "; waiting for " + waiting.joined(separator: ", ")) + " ")
        return lines
    }
}
